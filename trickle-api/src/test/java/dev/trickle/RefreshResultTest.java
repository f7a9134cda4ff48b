package dev.trickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshResultTest {
    private static final TableName NAME = new TableName("public", "totals");

    @Test
    void constructor_withoutLockWait_reportsNone() {
        RefreshResult r = new RefreshResult(NAME, RefreshAction.DIFFERENTIAL, 1, 2, 3, Duration.ofMillis(5), null);

        assertThat(r.lockWait()).isEqualTo(Duration.ZERO);
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(5));
        assertThat(r.rowsChanged()).isEqualTo(6);
    }

    @Test
    void constructor_withLockWait_keepsItApartFromTheDuration() {
        RefreshResult r = new RefreshResult(NAME, RefreshAction.NO_DATA, 0, 0, 0, Duration.ofMillis(300), null,
                Duration.ofMillis(250));

        assertThat(r.lockWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void constructor_negativeDuration_isRefused() {
        assertThatThrownBy(() -> new RefreshResult(NAME, RefreshAction.FULL, 0, 0, 0, Duration.ofMillis(-1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative duration");
        assertThatThrownBy(() -> new RefreshResult(NAME, RefreshAction.FULL, 0, 0, 0, Duration.ZERO, null,
                Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}

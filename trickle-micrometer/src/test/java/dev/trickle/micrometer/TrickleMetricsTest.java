package dev.trickle.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshResult;
import dev.trickle.TableName;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@link TrickleMetrics} does without an engine. */
class TrickleMetricsTest {

    @Test
    void constructor_pollIntervalTooShort_isRejected() {
        assertThatThrownBy(() -> new TrickleMetrics(Duration.ofMillis(10), Tags.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("poll interval must be at least 100ms: PT0.01S");
    }

    @Test
    void poll_withoutEngine_saysWhatIsMissing() {
        try (TrickleMetrics metrics = new TrickleMetrics()) {
            assertThatThrownBy(metrics::poll).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("monitor(trickle)");
        }
    }

    @Test
    void onRefresh_beforeBindTo_isNotCounted_andAfterItIs() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TrickleMetrics metrics = new TrickleMetrics()) {
            RefreshResult result = new RefreshResult(new TableName("s", "t"), RefreshAction.FULL, 1, 0, 0,
                    Duration.ofMillis(3), null);
            metrics.onRefresh(result, true);
            metrics.bindTo(registry);
            metrics.onRefresh(result, true);

            assertThat(registry.get(TrickleMetrics.REFRESH)
                    .tags("stream_table", "s.t", "action", "full", "trigger", "scheduled").timer().count())
                    .isEqualTo(1);
        }
    }
}

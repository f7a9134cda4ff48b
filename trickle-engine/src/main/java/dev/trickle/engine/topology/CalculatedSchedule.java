package dev.trickle.engine.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code calculated}: the stream table refreshes as often as the stream tables that read it need. */
enum CalculatedSchedule implements Schedule {
    INSTANCE;

    @Override
    public Kind kind() {
        return Kind.CALCULATED;
    }

    @Override
    public Optional<Duration> interval() {
        return Optional.empty();
    }

    @Override
    public Instant dueAt(Instant lastRefresh) {
        throw unresolved();
    }

    @Override
    public boolean isDue(@Nullable Instant lastRefresh, Instant now) {
        throw unresolved();
    }

    @Override
    public String toString() {
        return "calculated";
    }

    private static IllegalStateException unresolved() {
        return new IllegalStateException(
                "a calculated schedule has no due time of its own: resolve it over the dependency graph first");
    }
}

package dev.trickle.engine.topology;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A fixed interval: due once the data is at least the interval old. */
final class IntervalSchedule implements Schedule {
    /** Units from the largest to the smallest, as written in the canonical text. */
    static final String[] UNITS = {"w", "d", "h", "m", "s", "ms"};
    /** Milliseconds per unit, parallel to {@link #UNITS}. */
    static final long[] MILLIS = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};

    private final Duration interval;

    private IntervalSchedule(Duration interval) {
        this.interval = interval;
    }

    static IntervalSchedule of(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive: " + interval);
        }
        if (interval.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("refresh interval must be a whole number of milliseconds: " + interval);
        }
        return new IntervalSchedule(interval);
    }

    /** Returns the unit's index in {@link #UNITS}, or -1. */
    static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equalsIgnoreCase(unit)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Kind kind() {
        return Kind.INTERVAL;
    }

    @Override
    public Optional<Duration> interval() {
        return Optional.of(interval);
    }

    @Override
    public Instant dueAt(Instant lastRefresh) {
        try {
            return lastRefresh.plus(interval);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof IntervalSchedule other && interval.equals(other.interval);
    }

    @Override
    public int hashCode() {
        return interval.hashCode();
    }

    /**
     * Writes the interval with the largest units first: 90 minutes is {@code 1h30m}, 7 days is {@code 1w}, a
     * quarter second is {@code 250ms}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        long rest = interval.toMillis();
        for (int i = 0; i < UNITS.length; i++) {
            if (rest >= MILLIS[i]) {
                text.append(rest / MILLIS[i]).append(UNITS[i]);
                rest %= MILLIS[i];
            }
        }
        return text.toString();
    }
}

package dev.trickle;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * How an engine's scheduler runs, as {@link Trickle.Builder} collected it.
 *
 * @param tickInterval how often the scheduler looks for stream tables to refresh
 * @param maxConcurrentRefreshes the most refreshes this engine runs at once (and so the most connections the
 *     scheduler holds)
 * @param parallelRefresh whether independent stream tables refresh in parallel; if not, one at a time
 * @param defaultSchedule the schedule of a stream table with a calculated schedule that neither a stream table
 *     with an interval reads nor reads one itself (a downstream stream table follows the stream tables it reads)
 * @param maxConsecutiveFailures transient failures in a row after which a stream table is suspended
 * @param historyRetention how long refresh history is kept
 * @param executor the caller's executor for ticks, or {@code null} for a daemon thread of the engine's own; the
 *     engine never shuts a caller's executor down
 */
public record SchedulingConfig(
        Duration tickInterval,
        int maxConcurrentRefreshes,
        boolean parallelRefresh,
        Duration defaultSchedule,
        int maxConsecutiveFailures,
        Duration historyRetention,
        @Nullable ScheduledExecutorService executor) {

    /**
     * Checks the values.
     *
     * @param tickInterval how often the scheduler looks for stream tables to refresh
     * @param maxConcurrentRefreshes the most refreshes this engine runs at once (and so the most connections the
     *     scheduler holds)
     * @param parallelRefresh whether independent stream tables refresh in parallel; if not, one at a time
     * @param defaultSchedule the schedule of a stream table with a calculated schedule that neither a stream table
     *     with an interval reads nor reads one itself (a downstream stream table follows the stream tables it reads)
     * @param maxConsecutiveFailures transient failures in a row after which a stream table is suspended
     * @param historyRetention how long refresh history is kept
     * @param executor the caller's executor for ticks, or {@code null} for a daemon thread of the engine's own; the
     *     engine never shuts a caller's executor down
     */
    public SchedulingConfig {
        Objects.requireNonNull(tickInterval, "tickInterval");
        Objects.requireNonNull(defaultSchedule, "defaultSchedule");
        Objects.requireNonNull(historyRetention, "historyRetention");
        if (tickInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("tick interval must be at least 10ms: " + tickInterval);
        }
        if (maxConcurrentRefreshes < 1) {
            throw new IllegalArgumentException("max concurrent refreshes must be positive: " + maxConcurrentRefreshes);
        }
        if (defaultSchedule.getSeconds() < 1) {
            throw new IllegalArgumentException("default schedule must be at least 1s: " + defaultSchedule);
        }
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("max consecutive failures must be positive: " + maxConsecutiveFailures);
        }
        if (historyRetention.isNegative() || historyRetention.isZero()) {
            throw new IllegalArgumentException("history retention must be positive: " + historyRetention);
        }
    }

    /** @return the defaults: 1s ticks, 4 concurrent refreshes, sequential, 1m default schedule, 3 failures, 7 days */
    public static SchedulingConfig defaults() {
        return new SchedulingConfig(Duration.ofSeconds(1), 4, false, Duration.ofMinutes(1), 3, Duration.ofDays(7),
                null);
    }
}

package dev.trickle.spring.boot;

import dev.trickle.CaptureMode;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code trickle.*} properties: the options of {@code Trickle.Builder} that make sense for an engine on the
 * application's {@code DataSource}, plus what the starter does at start. The pool is the application's: size it
 * with {@code spring.datasource.*} (the engine holds up to {@code max-concurrent-refreshes} connections while it
 * refreshes, and one for monitoring and health).
 */
@ConfigurationProperties("trickle")
public class TrickleProperties {
    /** Whether to configure a Trickle engine on the application's DataSource. */
    private boolean enabled = true;

    /**
     * How long an operation waits for a lock that another session holds before it fails: a refresh waiting for
     * another instance's refresh of the same stream table, a create waiting for writers on its sources.
     */
    private Duration lockTimeout = Duration.ofSeconds(30);

    /**
     * Fraction of a source's rows that, changed since the last refresh, makes a differential refresh recompute in
     * full instead. Above 1 never.
     */
    private double fullRefreshThreshold = 0.5;

    /**
     * How sources that no stream table read before are captured: {@code triggers} or {@code wal} (logical decoding;
     * needs {@code wal_level = logical}, the {@code REPLICATION} attribute and ownership of the sources). The
     * engine's default (triggers) when not set.
     */
    private @Nullable CaptureMode changeCapture;

    private final Scheduler scheduler = new Scheduler();

    private final StreamTables streamTables = new StreamTables();

    private final Metrics metrics = new Metrics();

    /** @return {@code trickle.enabled} */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code trickle.enabled}.
     *
     * @param enabled the value
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return {@code trickle.lock-timeout} */
    public Duration getLockTimeout() {
        return lockTimeout;
    }

    /**
     * Sets {@code trickle.lock-timeout}.
     *
     * @param lockTimeout the value
     */
    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    /** @return {@code trickle.full-refresh-threshold} */
    public double getFullRefreshThreshold() {
        return fullRefreshThreshold;
    }

    /**
     * Sets {@code trickle.full-refresh-threshold}.
     *
     * @param fullRefreshThreshold the value
     */
    public void setFullRefreshThreshold(double fullRefreshThreshold) {
        this.fullRefreshThreshold = fullRefreshThreshold;
    }

    /** @return {@code trickle.change-capture}, or {@code null} if not set */
    public @Nullable CaptureMode getChangeCapture() {
        return changeCapture;
    }

    /**
     * Sets {@code trickle.change-capture}.
     *
     * @param changeCapture the value
     */
    public void setChangeCapture(@Nullable CaptureMode changeCapture) {
        this.changeCapture = changeCapture;
    }

    /** @return the {@code trickle.scheduler.*} properties */
    public Scheduler getScheduler() {
        return scheduler;
    }

    /** @return the {@code trickle.stream-tables.*} properties */
    public StreamTables getStreamTables() {
        return streamTables;
    }

    /** @return the {@code trickle.metrics.*} properties */
    public Metrics getMetrics() {
        return metrics;
    }

    /** How this instance refreshes stream tables on their schedules. */
    public static class Scheduler {
        /**
         * Whether this instance runs the scheduler, which refreshes stream tables on their schedules. Off: stream
         * tables refresh only when the application asks (another instance may run the scheduler).
         */
        private boolean enabled = true;

        /** How often the scheduler looks for stream tables to refresh; at least 10ms. */
        private Duration tickInterval = Duration.ofSeconds(1);

        /** The most refreshes this instance runs at once, and so the most connections it holds for them. */
        private int maxConcurrentRefreshes = 4;

        /** Whether stream tables that do not depend on each other refresh in parallel. */
        private boolean parallelRefresh = false;

        /** The schedule of a stream table with a calculated schedule that no scheduled stream table reads. */
        private Duration defaultSchedule = Duration.ofMinutes(1);

        /** Transient refresh failures in a row after which a stream table is suspended. */
        private int maxConsecutiveFailures = 3;

        /** How long refresh history is kept. */
        private Duration historyRetention = Duration.ofDays(7);

        /** @return {@code trickle.scheduler.enabled} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@code trickle.scheduler.enabled}.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return {@code trickle.scheduler.tick-interval} */
        public Duration getTickInterval() {
            return tickInterval;
        }

        /**
         * Sets {@code trickle.scheduler.tick-interval}.
         *
         * @param tickInterval the value
         */
        public void setTickInterval(Duration tickInterval) {
            this.tickInterval = tickInterval;
        }

        /** @return {@code trickle.scheduler.max-concurrent-refreshes} */
        public int getMaxConcurrentRefreshes() {
            return maxConcurrentRefreshes;
        }

        /**
         * Sets {@code trickle.scheduler.max-concurrent-refreshes}.
         *
         * @param maxConcurrentRefreshes the value
         */
        public void setMaxConcurrentRefreshes(int maxConcurrentRefreshes) {
            this.maxConcurrentRefreshes = maxConcurrentRefreshes;
        }

        /** @return {@code trickle.scheduler.parallel-refresh} */
        public boolean isParallelRefresh() {
            return parallelRefresh;
        }

        /**
         * Sets {@code trickle.scheduler.parallel-refresh}.
         *
         * @param parallelRefresh the value
         */
        public void setParallelRefresh(boolean parallelRefresh) {
            this.parallelRefresh = parallelRefresh;
        }

        /** @return {@code trickle.scheduler.default-schedule} */
        public Duration getDefaultSchedule() {
            return defaultSchedule;
        }

        /**
         * Sets {@code trickle.scheduler.default-schedule}.
         *
         * @param defaultSchedule the value
         */
        public void setDefaultSchedule(Duration defaultSchedule) {
            this.defaultSchedule = defaultSchedule;
        }

        /** @return {@code trickle.scheduler.max-consecutive-failures} */
        public int getMaxConsecutiveFailures() {
            return maxConsecutiveFailures;
        }

        /**
         * Sets {@code trickle.scheduler.max-consecutive-failures}.
         *
         * @param maxConsecutiveFailures the value
         */
        public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
            this.maxConsecutiveFailures = maxConsecutiveFailures;
        }

        /** @return {@code trickle.scheduler.history-retention} */
        public Duration getHistoryRetention() {
            return historyRetention;
        }

        /**
         * Sets {@code trickle.scheduler.history-retention}.
         *
         * @param historyRetention the value
         */
        public void setHistoryRetention(Duration historyRetention) {
            this.historyRetention = historyRetention;
        }
    }

    /** What happens to the stream tables declared as beans. */
    public static class StreamTables {
        /**
         * Whether the StreamTableSpec beans are ensured when the context starts: created if absent, changed if
         * their definition changed, left alone if it did not.
         */
        private boolean ensureOnStart = true;

        /** @return {@code trickle.stream-tables.ensure-on-start} */
        public boolean isEnsureOnStart() {
            return ensureOnStart;
        }

        /**
         * Sets {@code trickle.stream-tables.ensure-on-start}.
         *
         * @param ensureOnStart the value
         */
        public void setEnsureOnStart(boolean ensureOnStart) {
            this.ensureOnStart = ensureOnStart;
        }
    }

    /** The Micrometer meters, registered when the application has a MeterRegistry. */
    public static class Metrics {
        /** Whether to register Trickle's meters. */
        private boolean enabled = true;

        /**
         * How often the gauges read the monitoring functions (two queries per poll, however often meters are
         * scraped); at least 100ms.
         */
        private Duration pollInterval = Duration.ofSeconds(15);

        /** @return {@code trickle.metrics.enabled} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@code trickle.metrics.enabled}.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return {@code trickle.metrics.poll-interval} */
        public Duration getPollInterval() {
            return pollInterval;
        }

        /**
         * Sets {@code trickle.metrics.poll-interval}.
         *
         * @param pollInterval the value
         */
        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }
}

package dev.trickle.spring.boot;

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

    private final Scheduler scheduler = new Scheduler();

    private final StreamTables streamTables = new StreamTables();

    private final Metrics metrics = new Metrics();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public double getFullRefreshThreshold() {
        return fullRefreshThreshold;
    }

    public void setFullRefreshThreshold(double fullRefreshThreshold) {
        this.fullRefreshThreshold = fullRefreshThreshold;
    }

    public Scheduler getScheduler() {
        return scheduler;
    }

    public StreamTables getStreamTables() {
        return streamTables;
    }

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

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTickInterval() {
            return tickInterval;
        }

        public void setTickInterval(Duration tickInterval) {
            this.tickInterval = tickInterval;
        }

        public int getMaxConcurrentRefreshes() {
            return maxConcurrentRefreshes;
        }

        public void setMaxConcurrentRefreshes(int maxConcurrentRefreshes) {
            this.maxConcurrentRefreshes = maxConcurrentRefreshes;
        }

        public boolean isParallelRefresh() {
            return parallelRefresh;
        }

        public void setParallelRefresh(boolean parallelRefresh) {
            this.parallelRefresh = parallelRefresh;
        }

        public Duration getDefaultSchedule() {
            return defaultSchedule;
        }

        public void setDefaultSchedule(Duration defaultSchedule) {
            this.defaultSchedule = defaultSchedule;
        }

        public int getMaxConsecutiveFailures() {
            return maxConsecutiveFailures;
        }

        public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
            this.maxConsecutiveFailures = maxConsecutiveFailures;
        }

        public Duration getHistoryRetention() {
            return historyRetention;
        }

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

        public boolean isEnsureOnStart() {
            return ensureOnStart;
        }

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

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }
}

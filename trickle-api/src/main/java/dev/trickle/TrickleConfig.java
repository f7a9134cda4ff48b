package dev.trickle;

import dev.trickle.spi.RefreshListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The validated options of an engine, as {@link Trickle.Builder#build()} hands them to the engine. Either
 * {@code dataSource} is set (the caller owns it) or {@code jdbcUrl} is (the engine creates and owns a pool).
 *
 * @param dataSource the caller's data source, or {@code null} when the engine owns a pool
 * @param jdbcUrl the JDBC URL of the engine's own pool, or {@code null}
 * @param user the user of the engine's own pool, or {@code null}
 * @param password the password of the engine's own pool, or {@code null}
 * @param maxPoolSize the size of the engine's own pool
 * @param connectionTimeout how long an operation waits for a connection of the engine's own pool, and for the
 *     server to accept a new one; at least 250 milliseconds, at most 24 hours
 * @param clock the clock for timestamps and schedules
 * @param fullRefreshThreshold the fraction of a source's rows that, changed in one refresh, makes a differential
 *     refresh recompute in full instead; above 1 never
 * @param lockTimeout how long an operation waits for a lock another session holds before it fails; positive, at
 *     most 24 hours
 * @param scheduling how the scheduler runs
 * @param listener who hears about refreshes, or {@code null}
 * @param changeCapture how sources that no stream table read before are captured
 */
public record TrickleConfig(
        @Nullable DataSource dataSource,
        @Nullable String jdbcUrl,
        @Nullable String user,
        @Nullable String password,
        int maxPoolSize,
        Duration connectionTimeout,
        Clock clock,
        double fullRefreshThreshold,
        Duration lockTimeout,
        SchedulingConfig scheduling,
        @Nullable RefreshListener listener,
        CaptureMode changeCapture) {

    /** The default of {@link #connectionTimeout} and {@link #lockTimeout}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks that exactly one connection source is given, and the values.
     *
     * @param dataSource the caller's data source, or {@code null} when the engine owns a pool
     * @param jdbcUrl the JDBC URL of the engine's own pool, or {@code null}
     * @param user the user of the engine's own pool, or {@code null}
     * @param password the password of the engine's own pool, or {@code null}
     * @param maxPoolSize the size of the engine's own pool
     * @param connectionTimeout how long an operation waits for a connection of the engine's own pool, and for the
     *     server to accept a new one; at least 250 milliseconds, at most 24 hours
     * @param clock the clock for timestamps and schedules
     * @param fullRefreshThreshold the fraction of a source's rows that, changed in one refresh, makes a differential
     *     refresh recompute in full instead; above 1 never
     * @param lockTimeout how long an operation waits for a lock another session holds before it fails; positive, at
     *     most 24 hours
     * @param scheduling how the scheduler runs
     * @param listener who hears about refreshes, or {@code null}
     * @param changeCapture how sources that no stream table read before are captured
     */
    public TrickleConfig {
        Objects.requireNonNull(changeCapture, "changeCapture");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(scheduling, "scheduling");
        if ((dataSource == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException("exactly one of dataSource and jdbcUrl must be set");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("pool size must be positive: " + maxPoolSize);
        }
        if (!isValidConnectionTimeout(connectionTimeout)) {
            throw new IllegalArgumentException(
                    "connection timeout must be between 250ms and 24h: " + connectionTimeout);
        }
        if (!(fullRefreshThreshold > 0)) {
            throw new IllegalArgumentException("full refresh threshold must be positive: " + fullRefreshThreshold);
        }
        if (!isValidLockTimeout(lockTimeout)) {
            throw new IllegalArgumentException("lock timeout must be positive and at most 24h: " + lockTimeout);
        }
    }

    /**
     * The options of an engine that captures by triggers ({@link CaptureMode#TRIGGERS}).
     *
     * @param dataSource the caller's data source, or {@code null} when the engine owns a pool
     * @param jdbcUrl the JDBC URL of the engine's own pool, or {@code null}
     * @param user the user of the engine's own pool, or {@code null}
     * @param password the password of the engine's own pool, or {@code null}
     * @param maxPoolSize the size of the engine's own pool
     * @param connectionTimeout how long an operation waits for a connection of the engine's own pool
     * @param clock the clock for timestamps and schedules
     * @param fullRefreshThreshold the fraction of a source's rows that makes a refresh recompute in full
     * @param lockTimeout how long an operation waits for a lock another session holds
     * @param scheduling how the scheduler runs
     * @param listener who hears about refreshes, or {@code null}
     */
    public TrickleConfig(@Nullable DataSource dataSource, @Nullable String jdbcUrl, @Nullable String user,
            @Nullable String password, int maxPoolSize, Duration connectionTimeout, Clock clock,
            double fullRefreshThreshold, Duration lockTimeout, SchedulingConfig scheduling,
            @Nullable RefreshListener listener) {
        this(dataSource, jdbcUrl, user, password, maxPoolSize, connectionTimeout, clock, fullRefreshThreshold,
                lockTimeout, scheduling, listener, CaptureMode.TRIGGERS);
    }

    /** @return whether {@code timeout} is at least 250 milliseconds and at most 24 hours */
    static boolean isValidConnectionTimeout(Duration timeout) {
        return timeout.compareTo(Duration.ofMillis(250)) >= 0 && timeout.compareTo(Duration.ofHours(24)) <= 0;
    }

    /** @return whether {@code timeout} is positive and at most 24 hours */
    static boolean isValidLockTimeout(Duration timeout) {
        return !timeout.isNegative() && !timeout.isZero() && timeout.compareTo(Duration.ofHours(24)) <= 0;
    }

    /** @return the options, with the password masked */
    @Override
    public String toString() {
        return "TrickleConfig[dataSource=" + dataSource + ", jdbcUrl=" + jdbcUrl + ", user=" + user
                + ", password=" + (password == null ? null : "****") + ", maxPoolSize=" + maxPoolSize
                + ", connectionTimeout=" + connectionTimeout + ", clock=" + clock + ", fullRefreshThreshold="
                + fullRefreshThreshold + ", lockTimeout=" + lockTimeout + ", scheduling=" + scheduling
                + ", listener=" + listener + ", changeCapture=" + changeCapture + "]";
    }
}

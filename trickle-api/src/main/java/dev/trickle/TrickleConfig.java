package dev.trickle;

import dev.trickle.spi.RefreshListener;
import java.time.Clock;
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
 * @param clock the clock for timestamps and schedules
 * @param fullRefreshThreshold the fraction of a source's rows that, changed in one refresh, makes a differential
 *     refresh recompute in full instead; above 1 never
 * @param scheduling how the scheduler runs
 * @param listener who hears about refreshes, or {@code null}
 */
public record TrickleConfig(
        @Nullable DataSource dataSource,
        @Nullable String jdbcUrl,
        @Nullable String user,
        @Nullable String password,
        int maxPoolSize,
        Clock clock,
        double fullRefreshThreshold,
        SchedulingConfig scheduling,
        @Nullable RefreshListener listener) {

    /** Checks that exactly one connection source is given. */
    public TrickleConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduling, "scheduling");
        if ((dataSource == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException("exactly one of dataSource and jdbcUrl must be set");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("pool size must be positive: " + maxPoolSize);
        }
        if (!(fullRefreshThreshold > 0)) {
            throw new IllegalArgumentException("full refresh threshold must be positive: " + fullRefreshThreshold);
        }
    }

    /** @return the options, with the password masked */
    @Override
    public String toString() {
        return "TrickleConfig[dataSource=" + dataSource + ", jdbcUrl=" + jdbcUrl + ", user=" + user
                + ", password=" + (password == null ? null : "****") + ", maxPoolSize=" + maxPoolSize
                + ", clock=" + clock + ", fullRefreshThreshold=" + fullRefreshThreshold + ", scheduling=" + scheduling
                + ", listener=" + listener + "]";
    }
}

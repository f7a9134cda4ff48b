package dev.trickle;

import static dev.trickle.Checks.requireArgument;
import static dev.trickle.Checks.requireState;

import dev.trickle.monitor.Monitoring;
import dev.trickle.spi.RefreshListener;
import dev.trickle.spi.TrickleProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.jooq.Select;
import org.jspecify.annotations.Nullable;

/**
 * An embedded engine that maintains stream tables on one PostgreSQL database: tables defined by a query and kept
 * up to date incrementally. One per application and database; thread-safe.
 *
 * <pre>{@code
 * try (Trickle trickle = Trickle.builder(dataSource).build()) {
 *     trickle.createStreamTable(StreamTableSpec.builder("order_totals",
 *             "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id").build());
 *     // ... write to orders ...
 *     trickle.refresh("order_totals");
 * }
 * }</pre>
 *
 * <p>Building an engine does no I/O. The first operation (or {@link #start()}) installs the catalog schema
 * {@code pgtrickle} if it is missing; a second engine on the same database sees the same stream tables. Closing an
 * engine leaves every database object in place.
 */
public interface Trickle extends AutoCloseable {

    /**
     * Starts building an engine on the caller's data source. The caller keeps ownership of it.
     *
     * @param dataSource connections to the database; the engine needs a few at a time
     * @return a builder
     */
    static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null, null, null);
    }

    /**
     * Starts building an engine that creates and owns a small connection pool.
     *
     * @param jdbcUrl a PostgreSQL JDBC URL, such as {@code jdbc:postgresql://localhost/app}
     * @param user the user name, or {@code null} to take it from the URL
     * @param password the password, or {@code null}
     * @return a builder
     * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL
     */
    static Builder builder(String jdbcUrl, @Nullable String user, @Nullable String password) {
        requireArgument(
                Objects.requireNonNull(jdbcUrl, "jdbcUrl").startsWith("jdbc:postgresql:"),
                "not a PostgreSQL JDBC URL: %s",
                jdbcUrl);
        return new Builder(null, jdbcUrl, user, password);
    }

    /**
     * Installs or upgrades the catalog schema if needed, and starts the scheduler: from now on the engine refreshes
     * stream tables when their schedules say so, upstream first. Without {@code start()} the engine does what it is
     * asked (every operation installs the catalog on first use) and refreshes nothing by itself. Idempotent.
     *
     * @throws DatabaseException if the database cannot be reached
     * @throws IllegalStateException if the engine is closed
     */
    void start();

    /**
     * Makes a SUSPENDED or ERROR stream table ACTIVE again, clearing its error count, so that the scheduler
     * refreshes it.
     *
     * @param name {@code name} or {@code schema.name}
     * @throws StreamTableNotFoundException if no stream table has that name
     */
    void resume(String name);

    /**
     * Creates a stream table: its storage table, catalog rows and change capture, and its initial contents, in one
     * transaction. If anything fails, nothing is left behind.
     *
     * @param spec what to create
     * @return the new stream table
     * @throws StreamTableExistsException if a stream table of that name exists
     * @throws RelationExistsException if another relation has that name
     * @throws InvalidQueryException if the query is not valid SQL or not a query
     * @throws UnknownTableException if the query reads a relation that does not exist
     * @throws UnknownColumnException if the query references a column that does not exist
     * @throws ReservedColumnNameException if an output column starts with {@code __pgt_}
     * @throws UnsupportedQueryException if the mode is {@link RefreshMode#DIFFERENTIAL} and the query cannot be
     *     maintained incrementally
     */
    StreamTable createStreamTable(StreamTableSpec spec);

    /**
     * Creates a stream table from SQL text with the default mode ({@link RefreshMode#AUTO}) and no schedule.
     *
     * @param name {@code name} or {@code schema.name}
     * @param sql the defining query
     * @return the new stream table
     * @see #createStreamTable(StreamTableSpec)
     */
    default StreamTable createStreamTable(String name, String sql) {
        return createStreamTable(StreamTableSpec.builder(name, sql).build());
    }

    /**
     * Creates a stream table from a jOOQ {@code Select} with the default mode ({@link RefreshMode#AUTO}) and no
     * schedule.
     *
     * @param name {@code name} or {@code schema.name}
     * @param query the defining query
     * @return the new stream table
     * @see #createStreamTable(StreamTableSpec)
     */
    default StreamTable createStreamTable(String name, Select<?> query) {
        return createStreamTable(StreamTableSpec.builder(name, query).build());
    }

    /**
     * Makes a stream table exist with exactly this definition, whatever there is now: the declarative way to define
     * stream tables at start-up (in every instance of an application, at once), in a Spring context or a migration.
     * No stream table of that name: it is created. One with the same definition: nothing happens. Queries are
     * compared as the server reads them (resolved and normalized), not as text, so a query rendered by jOOQ and the
     * same one written by hand are the same. Only the schedule or diamond options differ: they are changed in place.
     * The query or refresh mode differs: the stream table is replaced, as by {@link #alterStreamTable}, which is
     * refused while other stream tables read it. Engines that ensure the same definition at the same time all end
     * with it; one of them creates or changes it.
     *
     * @param spec the definition
     * @return the stream table and what was done
     * @throws StreamTableInUseException if it must be replaced and other stream tables read it
     * @throws RelationExistsException if a relation that is no stream table has the name
     * @see #createStreamTable(StreamTableSpec) for the exceptions a new definition can cause
     */
    EnsureResult ensureStreamTable(StreamTableSpec spec);

    /**
     * Ensures a set of stream tables ({@link #ensureStreamTable}), those that others of the set read first. A stream
     * table of the set whose query changes may be read by others of the set: those are dropped first and created
     * again after it.
     *
     * @param specs the definitions, in any order
     * @return what was done to each, in the order they were ensured (readers after what they read)
     * @throws DependencyCycleException if the stream tables of the set read each other in a cycle
     * @throws StreamTableInUseException if one must be replaced and stream tables outside the set read it
     */
    List<EnsureResult> ensureStreamTables(Collection<StreamTableSpec> specs);

    /**
     * Changes a stream table's definition. {@code change} receives the current definition and returns the new one
     * (same name), for example {@code spec -> spec.withSchedule("5m")}. A new schedule or diamond option takes effect
     * at once; a new query or refresh mode replaces the stream table in one transaction (new storage, new initial
     * load, history restarted), which is refused while other stream tables read it.
     *
     * <pre>{@code
     * trickle.alterStreamTable("order_totals", spec -> spec.withSchedule("30s"));
     * }</pre>
     *
     * @param name {@code name} or {@code schema.name}
     * @param change turns the current definition into the new one
     * @return the stream table as now defined
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws InvalidScheduleException if the new schedule is not valid
     * @throws DependencyCycleException if the new query would make stream tables read each other in a cycle
     * @throws StreamTableInUseException if the query or mode changes while other stream tables read it
     * @throws IllegalArgumentException if {@code change} renames the stream table
     */
    StreamTable alterStreamTable(String name, java.util.function.UnaryOperator<StreamTableSpec> change);

    /**
     * Brings a stream table up to date now, synchronously.
     *
     * @param name {@code name} or {@code schema.name}
     * @return what the refresh did
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws RefreshException if the refresh failed; nothing of it was applied
     */
    RefreshResult refresh(String name);

    /**
     * Reinitializes a stream table: the way back from status ERROR once its cause is fixed, and a repair after
     * anything that may have made it differ from its query. The definition is compiled against the database as it is
     * now; change capture is attached again to the sources as they are now (a source dropped and created again is a
     * new table); the query is recomputed and the difference applied, so stream tables that read this one see only
     * what changed; the stream table becomes ACTIVE. If its query now yields other columns (a source column changed
     * type), the stream table is rebuilt instead, as by {@link #alterStreamTable} with a new query.
     *
     * @param name {@code name} or {@code schema.name}
     * @return the full refresh it did
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws UnknownTableException if the query reads a relation that does not exist (any more)
     * @throws UnknownColumnException if the query references a column that does not exist (any more)
     * @throws UnsupportedQueryException if the mode is {@link RefreshMode#DIFFERENTIAL} and the query cannot be
     *     maintained incrementally any more (a source became UNLOGGED, lost its primary key, ...)
     * @throws StreamTableInUseException if it must be rebuilt and other stream tables read it
     */
    RefreshResult reinitialize(String name);

    /**
     * Drops a stream table: its storage table, its catalog rows, and the change capture no other stream table
     * needs.
     *
     * @param name {@code name} or {@code schema.name}
     * @throws StreamTableNotFoundException if no stream table has that name
     */
    void drop(String name);

    /** @return every stream table of the database, ordered by schema and name */
    List<StreamTable> streamTables();

    /**
     * Looks a stream table up.
     *
     * @param name {@code name} or {@code schema.name}
     * @return the stream table, or empty if none has that name
     */
    Optional<StreamTable> streamTable(String name);

    /**
     * Stops the engine: no refresh starts any more, running refreshes finish, then a pool the engine owns is
     * closed. Database objects stay in place. Idempotent.
     */
    @Override
    void close();

    /**
     * Monitoring: the facts of the monitoring functions in schema {@code pgtrickle} ({@code pgt_status()}, {@code
     * health_check()}, ...) as records. Its calls install the catalog if needed, like every operation.
     *
     * @return the monitoring of this engine's database
     */
    Monitoring monitoring();

    /**
     * Collects options; {@link #build()} validates them and creates the engine without touching the database.
     * Each option may be set once.
     */
    final class Builder {
        private final @Nullable DataSource dataSource;
        private final @Nullable String jdbcUrl;
        private final @Nullable String user;
        private final @Nullable String password;
        private int maxPoolSize = 4;
        private boolean maxPoolSizeSet;
        private @Nullable Duration connectionTimeout;
        private @Nullable Duration lockTimeout;
        private @Nullable Clock clock;
        private double fullRefreshThreshold = 0.5;
        private boolean fullRefreshThresholdSet;
        private final SchedulingConfig defaults = SchedulingConfig.defaults();
        private @Nullable Duration tickInterval;
        private @Nullable Integer maxConcurrentRefreshes;
        private @Nullable Boolean parallelRefresh;
        private @Nullable Duration defaultSchedule;
        private @Nullable Integer maxConsecutiveFailures;
        private @Nullable Duration historyRetention;
        private @Nullable ScheduledExecutorService scheduler;
        private @Nullable RefreshListener listener;
        private @Nullable CaptureMode changeCapture;

        private Builder(
                @Nullable DataSource dataSource,
                @Nullable String jdbcUrl,
                @Nullable String user,
                @Nullable String password) {
            this.dataSource = dataSource;
            this.jdbcUrl = jdbcUrl;
            this.user = user;
            this.password = password;
        }

        /**
         * Sets the size of the pool the engine owns when built from a JDBC URL; 4 if not set.
         *
         * @param size the maximum number of connections
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code size} is not positive
         * @throws IllegalStateException if the engine was given a data source, or the size was already set
         */
        public Builder maxPoolSize(int size) {
            requireState(jdbcUrl != null, "pool size applies only to an engine built from a JDBC URL");
            requireState(!maxPoolSizeSet, "pool size was already set to %s", maxPoolSize);
            requireArgument(size > 0, "pool size must be positive: %s", size);
            this.maxPoolSize = size;
            this.maxPoolSizeSet = true;
            return this;
        }

        /**
         * Sets how long an operation of an engine built from a JDBC URL waits for a connection from the pool the
         * engine owns, and for the server to accept a new connection; 30 seconds if not set. A connection failure
         * (wrong database name or password, server down) is reported at once on first use, and after this long
         * once the pool has worked: {@link DatabaseException} with the server's message and SQL state.
         *
         * @param timeout at least 250 milliseconds, at most 24 hours
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code timeout} is shorter than 250 milliseconds or longer than 24 hours
         * @throws IllegalStateException if the engine was given a data source, or the timeout was already set
         */
        public Builder connectionTimeout(Duration timeout) {
            requireState(jdbcUrl != null, "connection timeout applies only to an engine built from a JDBC URL");
            requireState(connectionTimeout == null, "connection timeout was already set to %s", connectionTimeout);
            Objects.requireNonNull(timeout, "timeout");
            requireArgument(TrickleConfig.isValidConnectionTimeout(timeout),
                    "connection timeout must be between 250ms and 24h: %s", timeout);
            this.connectionTimeout = timeout;
            return this;
        }

        /**
         * Sets how long an operation waits for a lock that another session holds before it fails with a {@link
         * DatabaseException} that says so: a refresh waiting for another engine's refresh of the same stream
         * table, a create waiting for writers on its sources, a catalog upgrade; 30 seconds if not set.
         *
         * @param timeout a positive duration of at most 24 hours
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code timeout} is not positive or longer than 24 hours
         * @throws IllegalStateException if the timeout was already set
         */
        public Builder lockTimeout(Duration timeout) {
            requireState(lockTimeout == null, "lock timeout was already set to %s", lockTimeout);
            Objects.requireNonNull(timeout, "timeout");
            requireArgument(TrickleConfig.isValidLockTimeout(timeout),
                    "lock timeout must be positive and at most 24h: %s", timeout);
            this.lockTimeout = timeout;
            return this;
        }

        /**
         * Sets the clock for timestamps and schedules; the system UTC clock if not set.
         *
         * @param clock the clock
         * @return this builder (for chaining)
         * @throws IllegalStateException if the clock was already set
         */
        public Builder clock(Clock clock) {
            requireState(this.clock == null, "clock was already set to %s", this.clock);
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the fraction of a source's rows that, changed since the last refresh, makes a differential refresh
         * recompute in full instead (it is cheaper then); 0.5 if not set. A value above 1 disables the switch.
         *
         * @param fraction a positive fraction
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code fraction} is not positive
         * @throws IllegalStateException if the threshold was already set
         */
        public Builder fullRefreshThreshold(double fraction) {
            requireState(!fullRefreshThresholdSet, "full refresh threshold was already set to %s", fullRefreshThreshold);
            requireArgument(fraction > 0, "full refresh threshold must be positive: %s", fraction);
            this.fullRefreshThreshold = fraction;
            this.fullRefreshThresholdSet = true;
            return this;
        }

        /**
         * Sets how often the scheduler looks for stream tables to refresh; 1 second if not set. A stream table
         * refreshes at most one tick after it is due.
         *
         * @param interval at least 10 milliseconds
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code interval} is shorter than 10 milliseconds
         * @throws IllegalStateException if the interval was already set
         */
        public Builder tickInterval(Duration interval) {
            requireState(tickInterval == null, "tick interval was already set to %s", tickInterval);
            requireArgument(Objects.requireNonNull(interval, "interval").compareTo(Duration.ofMillis(10)) >= 0,
                    "tick interval must be at least 10ms: %s", interval);
            this.tickInterval = interval;
            return this;
        }

        /**
         * Sets the most refreshes the scheduler runs at once, and so the most connections it holds; 4 if not set.
         *
         * @param count a positive number
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code count} is not positive
         * @throws IllegalStateException if the count was already set
         */
        public Builder maxConcurrentRefreshes(int count) {
            requireState(maxConcurrentRefreshes == null, "max concurrent refreshes was already set to %s",
                    maxConcurrentRefreshes);
            requireArgument(count > 0, "max concurrent refreshes must be positive: %s", count);
            this.maxConcurrentRefreshes = count;
            return this;
        }

        /**
         * Sets whether stream tables that do not depend on each other refresh in parallel (up to {@link
         * #maxConcurrentRefreshes}); off if not set, so refreshes run one at a time in dependency order.
         *
         * @param enabled whether to refresh in parallel
         * @return this builder (for chaining)
         * @throws IllegalStateException if it was already set
         */
        public Builder parallelRefresh(boolean enabled) {
            requireState(parallelRefresh == null, "parallel refresh was already set to %s", parallelRefresh);
            this.parallelRefresh = enabled;
            return this;
        }

        /**
         * Sets the schedule of a stream table whose schedule is calculated (null or {@code calculated}) but that no
         * interval-scheduled stream table reads and that reads no interval-scheduled stream table itself: in
         * practice one that reads only base tables (or cron-scheduled stream tables) and has no schedule. A
         * downstream stream table without a schedule does not get it: it follows the stream tables it reads and
         * refreshes in the tick they refresh. 1 minute if not set.
         *
         * @param interval at least 1 second
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code interval} is shorter than a second
         * @throws IllegalStateException if it was already set
         */
        public Builder defaultSchedule(Duration interval) {
            requireState(defaultSchedule == null, "default schedule was already set to %s", defaultSchedule);
            requireArgument(Objects.requireNonNull(interval, "interval").getSeconds() >= 1,
                    "default schedule must be at least 1s: %s", interval);
            this.defaultSchedule = interval;
            return this;
        }

        /**
         * Sets how many transient failures in a row suspend a stream table (status SUSPENDED, until resumed);
         * 3 if not set. Permanent failures set status ERROR at once.
         *
         * @param count a positive number
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code count} is not positive
         * @throws IllegalStateException if it was already set
         */
        public Builder maxConsecutiveFailures(int count) {
            requireState(maxConsecutiveFailures == null, "max consecutive failures was already set to %s",
                    maxConsecutiveFailures);
            requireArgument(count > 0, "max consecutive failures must be positive: %s", count);
            this.maxConsecutiveFailures = count;
            return this;
        }

        /**
         * Sets how long refresh history is kept; 7 days if not set. The scheduler deletes older rows.
         *
         * @param retention a positive duration
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code retention} is not positive
         * @throws IllegalStateException if it was already set
         */
        public Builder historyRetention(Duration retention) {
            requireState(historyRetention == null, "history retention was already set to %s", historyRetention);
            requireArgument(!Objects.requireNonNull(retention, "retention").isNegative() && !retention.isZero(),
                    "history retention must be positive: %s", retention);
            this.historyRetention = retention;
            return this;
        }

        /**
         * Runs the scheduler's ticks on {@code executor}; the caller keeps ownership and must shut it down. If not
         * set, the engine uses a daemon thread of its own. Refreshes run on threads of the engine's own.
         *
         * @param executor the executor
         * @return this builder (for chaining)
         * @throws IllegalStateException if it was already set
         */
        public Builder scheduler(ScheduledExecutorService executor) {
            requireState(scheduler == null, "scheduler was already set to %s", scheduler);
            this.scheduler = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Registers who hears about refreshes, failures and status changes.
         *
         * @param listener the listener
         * @return this builder (for chaining)
         * @throws IllegalStateException if a listener was already set
         */
        public Builder listener(RefreshListener listener) {
            requireState(this.listener == null, "listener was already set to %s", this.listener);
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets how the engine captures the changes of a source that no stream table read before; {@link
         * CaptureMode#TRIGGERS} if not set. A source keeps the capture it got until its last reader is dropped.
         * {@link CaptureMode#WAL} checks its requirements ({@code wal_level = logical}, the {@code REPLICATION}
         * attribute) when the first stream table over such a source is created, and fails that create with a
         * {@link DatabaseException} naming what is missing.
         *
         * @param mode the capture of new sources
         * @return this builder (for chaining)
         * @throws IllegalStateException if it was already set
         */
        public Builder changeCapture(CaptureMode mode) {
            requireState(changeCapture == null, "change capture was already set to %s", changeCapture);
            this.changeCapture = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Creates the engine. Does no I/O; the builder stays usable.
         *
         * @return a new engine
         * @throws IllegalStateException if no {@code trickle-engine} is on the class path
         */
        public Trickle build() {
            return TrickleProvider.load().create(config());
        }

        /** @return the options collected so far, with the defaults of those not set */
        TrickleConfig config() {
            return new TrickleConfig(
                    dataSource,
                    jdbcUrl,
                    user,
                    password,
                    maxPoolSize,
                    connectionTimeout == null ? TrickleConfig.DEFAULT_TIMEOUT : connectionTimeout,
                    clock == null ? Clock.systemUTC() : clock,
                    fullRefreshThreshold,
                    lockTimeout == null ? TrickleConfig.DEFAULT_TIMEOUT : lockTimeout,
                    new SchedulingConfig(
                            tickInterval == null ? defaults.tickInterval() : tickInterval,
                            maxConcurrentRefreshes == null ? defaults.maxConcurrentRefreshes() : maxConcurrentRefreshes,
                            parallelRefresh == null ? defaults.parallelRefresh() : parallelRefresh,
                            defaultSchedule == null ? defaults.defaultSchedule() : defaultSchedule,
                            maxConsecutiveFailures == null ? defaults.maxConsecutiveFailures() : maxConsecutiveFailures,
                            historyRetention == null ? defaults.historyRetention() : historyRetention,
                            scheduler),
                    listener,
                    changeCapture == null ? CaptureMode.TRIGGERS : changeCapture);
        }
    }
}

package dev.trickle;

import static dev.trickle.Checks.requireArgument;
import static dev.trickle.Checks.requireState;

import dev.trickle.spi.JooqBanner;
import java.time.Duration;
import java.util.Objects;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * What to maintain: a name, a defining query, a refresh mode and a schedule. Immutable.
 *
 * <p>A jOOQ {@code Select} is rendered to PostgreSQL SQL (bind values inlined) as soon as the spec is built, so a
 * spec never holds on to the caller's mutable query object.
 *
 * <pre>{@code
 * StreamTableSpec spec = StreamTableSpec.builder("order_totals",
 *         select(ORDERS.CUSTOMER_ID, sum(ORDERS.AMOUNT).as("total")).from(ORDERS).groupBy(ORDERS.CUSTOMER_ID))
 *     .mode(RefreshMode.AUTO)
 *     .schedule("1m")
 *     .build();
 * }</pre>
 *
 * @param name the stream table's name; unqualified names go into the connection's current schema
 * @param query the defining query as PostgreSQL SQL
 * @param mode how the stream table is kept up to date
 * @param schedule how often the scheduler refreshes it ({@code 30s}, {@code 5m}, a cron expression), or
 *     {@code null} (or {@code calculated}) for "as often as the stream tables that read it need"; a stream table
 *     without a schedule that no interval-scheduled stream table reads refreshes with the stream tables it reads
 *     (in the scheduler's tick that refreshes them), and one that reads only base tables every
 *     {@link Trickle.Builder#defaultSchedule(java.time.Duration) defaultSchedule} (1 minute unless set)
 * @param diamondConsistency whether it refreshes together with the other members of a diamond it belongs to
 * @param diamondSchedulePolicy when an atomic diamond group it converges refreshes
 */
public record StreamTableSpec(
        TableName name,
        String query,
        RefreshMode mode,
        @Nullable String schedule,
        DiamondConsistency diamondConsistency,
        DiamondSchedulePolicy diamondSchedulePolicy) {
    static {
        JooqBanner.off();
    }

    /**
     * Validates the spec.
     *
     * @param name the stream table's name; unqualified names go into the connection's current schema
     * @param query the defining query as PostgreSQL SQL
     * @param mode how the stream table is kept up to date
     * @param schedule how often the scheduler refreshes it ({@code 30s}, {@code 5m}, a cron expression), or
     *     {@code null} (or {@code calculated}) for "as often as the stream tables that read it need"; a stream table
     *     without a schedule that no interval-scheduled stream table reads refreshes with the stream tables it reads
     *     (in the scheduler's tick that refreshes them), and one that reads only base tables every
     *     {@link Trickle.Builder#defaultSchedule(java.time.Duration) defaultSchedule} (1 minute unless set)
     * @param diamondConsistency whether it refreshes together with the other members of a diamond it belongs to
     * @param diamondSchedulePolicy when an atomic diamond group it converges refreshes
     * @throws InvalidQueryException if {@code query} is null or blank
     * @throws IllegalArgumentException if {@code schedule} is blank
     */
    public StreamTableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(diamondConsistency, "diamondConsistency");
        Objects.requireNonNull(diamondSchedulePolicy, "diamondSchedulePolicy");
        if (query == null || query.isBlank()) {
            throw new InvalidQueryException(
                    query, "defining query of stream table '" + name + "' must not be empty", null);
        }
        requireArgument(schedule == null || !schedule.isBlank(), "schedule must not be blank; use null for none");
    }

    /**
     * Creates a spec with the default diamond options ({@link DiamondConsistency#ATOMIC}, {@link
     * DiamondSchedulePolicy#FASTEST}).
     *
     * @param name the stream table's name
     * @param query the defining query
     * @param mode the refresh mode
     * @param schedule the schedule, or {@code null}
     * @throws InvalidQueryException if {@code query} is null or blank
     */
    public StreamTableSpec(TableName name, String query, RefreshMode mode, @Nullable String schedule) {
        this(name, query, mode, schedule, DiamondConsistency.ATOMIC, DiamondSchedulePolicy.FASTEST);
    }

    /**
     * Starts a spec defined by SQL text.
     *
     * @param name {@code name} or {@code schema.name}, parsed by {@link TableName#parse(String)}
     * @param sql the defining query
     * @return a builder
     * @throws InvalidNameException if {@code name} is not a valid name
     */
    public static Builder builder(String name, String sql) {
        return new Builder(TableName.parse(name), sql);
    }

    /**
     * Starts a spec defined by a jOOQ {@code Select}, rendered now as PostgreSQL SQL.
     *
     * @param name {@code name} or {@code schema.name}, parsed by {@link TableName#parse(String)}
     * @param query the defining query
     * @return a builder
     * @throws InvalidNameException if {@code name} is not a valid name
     * @throws InvalidQueryException if {@code query} is null
     */
    public static Builder builder(String name, @Nullable Select<?> query) {
        return new Builder(TableName.parse(name), render(name, query));
    }

    /**
     * Starts a spec for an already parsed name.
     *
     * @param name the stream table's name
     * @param sql the defining query
     * @return a builder
     */
    public static Builder builder(TableName name, String sql) {
        return new Builder(name, sql);
    }

    /**
     * Returns a copy with another refresh mode.
     *
     * @param mode the refresh mode
     * @return the copy
     */
    public StreamTableSpec withMode(RefreshMode mode) {
        return new StreamTableSpec(name, query, mode, schedule, diamondConsistency, diamondSchedulePolicy);
    }

    /**
     * Returns a copy with another schedule.
     *
     * @param schedule the schedule, or {@code null}
     * @return the copy
     */
    public StreamTableSpec withSchedule(@Nullable String schedule) {
        return new StreamTableSpec(name, query, mode, schedule, diamondConsistency, diamondSchedulePolicy);
    }

    /**
     * Returns a copy with another defining query.
     *
     * @param query the query
     * @return the copy
     * @throws InvalidQueryException if {@code query} is null or blank
     */
    public StreamTableSpec withQuery(String query) {
        return new StreamTableSpec(name, query, mode, schedule, diamondConsistency, diamondSchedulePolicy);
    }

    private static String render(String name, @Nullable Select<?> query) {
        if (query == null) {
            throw new InvalidQueryException(null, "defining query of stream table '" + name + "' must not be null", null);
        }
        return DSL.using(SQLDialect.POSTGRES).renderInlined(query);
    }

    /** Collects the optional parts of a spec; each option may be set once. */
    public static final class Builder {
        private final TableName name;
        private final @Nullable String query;
        private @Nullable RefreshMode mode;
        private @Nullable String schedule;
        private @Nullable DiamondConsistency diamondConsistency;
        private @Nullable DiamondSchedulePolicy diamondSchedulePolicy;

        private Builder(TableName name, @Nullable String query) {
            this.name = Objects.requireNonNull(name, "name");
            this.query = query;
        }

        /**
         * Sets the refresh mode; {@link RefreshMode#AUTO} if not set.
         *
         * @param mode the refresh mode
         * @return this builder (for chaining)
         * @throws IllegalStateException if the mode was already set
         */
        public Builder mode(RefreshMode mode) {
            requireState(this.mode == null, "refresh mode was already set to %s", this.mode);
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the schedule: a duration such as {@code 30s}, {@code 5m} or {@code 1h30m}, or a cron expression.
         * Without one (or with {@code calculated}) the schedule is calculated: the shortest interval of the stream
         * tables that read it, else of the stream tables it reads, else the engine's
         * {@link Trickle.Builder#defaultSchedule(java.time.Duration) defaultSchedule}. Creating the stream table logs
         * which at INFO.
         *
         * @param schedule the schedule
         * @return this builder (for chaining)
         * @throws IllegalStateException if the schedule was already set
         * @throws IllegalArgumentException if {@code schedule} is blank
         */
        public Builder schedule(String schedule) {
            requireState(this.schedule == null, "schedule was already set to %s", this.schedule);
            requireArgument(!Objects.requireNonNull(schedule, "schedule").isBlank(), "schedule must not be blank");
            this.schedule = schedule;
            return this;
        }

        /**
         * Sets the schedule to a fixed interval: the stream table is refreshed when its data is that old.
         *
         * @param interval how often to refresh, at least one millisecond
         * @return this builder (for chaining)
         * @throws IllegalArgumentException if {@code interval} is shorter than a millisecond
         */
        public Builder refreshEvery(Duration interval) {
            requireArgument(interval.toMillis() >= 1, "refresh interval must be at least 1ms: %s", interval);
            return schedule(interval.toMillis() + "ms");
        }

        /**
         * Sets whether the stream table refreshes together with the other members of a diamond it belongs to;
         * {@link DiamondConsistency#ATOMIC} if not set.
         *
         * @param consistency the consistency
         * @return this builder (for chaining)
         * @throws IllegalStateException if it was already set
         */
        public Builder diamondConsistency(DiamondConsistency consistency) {
            requireState(diamondConsistency == null, "diamond consistency was already set to %s", diamondConsistency);
            this.diamondConsistency = Objects.requireNonNull(consistency, "consistency");
            return this;
        }

        /**
         * Sets when an atomic diamond group that this stream table converges refreshes; {@link
         * DiamondSchedulePolicy#FASTEST} if not set.
         *
         * @param policy the policy
         * @return this builder (for chaining)
         * @throws IllegalStateException if it was already set
         */
        public Builder diamondSchedulePolicy(DiamondSchedulePolicy policy) {
            requireState(diamondSchedulePolicy == null, "diamond schedule policy was already set to %s",
                    diamondSchedulePolicy);
            this.diamondSchedulePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Builds the spec; the builder stays usable.
         *
         * @return the spec
         * @throws InvalidQueryException if the query is null or blank
         */
        public StreamTableSpec build() {
            return new StreamTableSpec(name, query, mode == null ? RefreshMode.AUTO : mode, schedule,
                    diamondConsistency == null ? DiamondConsistency.ATOMIC : diamondConsistency,
                    diamondSchedulePolicy == null ? DiamondSchedulePolicy.FASTEST : diamondSchedulePolicy);
        }
    }
}

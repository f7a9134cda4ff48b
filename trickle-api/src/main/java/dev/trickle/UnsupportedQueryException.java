package dev.trickle;

import java.util.Objects;

/**
 * The defining query uses a construct that cannot be maintained in the requested refresh mode. In
 * {@link RefreshMode#AUTO} Trickle does not throw this: it falls back to {@link RefreshMode#FULL} and logs the
 * same message as a warning.
 */
public final class UnsupportedQueryException extends TrickleException {
    private static final long serialVersionUID = 1L;

    /** What kind of construct is not supported. */
    public enum Reason {
        /** The query text is valid PostgreSQL but beyond what Trickle's SQL parser understands. */
        UNPARSEABLE,
        /** {@code UNION}, {@code INTERSECT} or {@code EXCEPT}. */
        SET_OPERATION,
        /** {@code WITH RECURSIVE}, or a data-modifying statement in {@code WITH} (other CTEs are inlined). */
        COMMON_TABLE_EXPRESSION,
        /**
         * A subquery in a condition or as a scalar, or one in {@code FROM} that cannot be flattened (with aggregates,
         * {@code DISTINCT}, {@code LIMIT}, ...).
         */
        SUBQUERY,
        /** A join type PostgreSQL does not have, which jOOQ's parser reads (such as {@code STRAIGHT_JOIN}). */
        JOIN_TYPE,
        /**
         * A join condition Trickle cannot read: a {@code USING} column that a side of the join lacks or has twice, or
         * {@code USING}/{@code NATURAL} in a {@code FULL} join.
         */
        JOIN_CONDITION,
        /** A table function, {@code VALUES} list, {@code LATERAL} or other table expression. */
        TABLE_EXPRESSION,
        /** An aggregate function the compiler does not maintain (see {@code docs/operators.md} for those it does). */
        AGGREGATE_FUNCTION,
        /** An aggregate nested in an expression that is not a plain select item, or a nested aggregate. */
        AGGREGATE_EXPRESSION,
        /** A select item that is neither a group key nor an aggregate over the grouped rows. */
        GROUPING,
        /** {@code GROUPING SETS}, {@code CUBE} or {@code ROLLUP}. */
        GROUPING_SETS,
        /** {@code HAVING}: no longer refused (HAVING is maintained differentially); kept for compatibility. */
        HAVING,
        /** {@code SELECT DISTINCT} or {@code DISTINCT ON}. */
        DISTINCT,
        /** A window function. */
        WINDOW_FUNCTION,
        /** {@code ORDER BY}, {@code LIMIT}, {@code OFFSET} or {@code FETCH}. */
        LIMIT_OFFSET,
        /** A function whose result changes from call to call ({@code random()}, {@code now()}, ...). */
        VOLATILE_FUNCTION,
        /** A source without a primary key: rows have no stable identity. */
        NO_PRIMARY_KEY,
        /** A source that is neither a table nor an ordinary view: a materialized view, a foreign or partitioned table... */
        SOURCE_KIND,
        /** A join of more tables than the differential compiler expands. */
        TOO_MANY_JOINS,
        /** A refresh mode that this version of Trickle does not implement yet. */
        REFRESH_MODE,
        /** Any other construct; the message names it. */
        OTHER
    }

    /** Why the query cannot be maintained. */
    private final Reason reason;
    /** The part of the query that cannot be maintained. */
    private final String fragment;

    /**
     * Creates the exception.
     *
     * @param reason the kind of construct
     * @param fragment the offending SQL fragment
     * @param message the full message, naming the construct and quoting the fragment
     */
    public UnsupportedQueryException(Reason reason, String fragment, String message) {
        super(message, null);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.fragment = Objects.requireNonNull(fragment, "fragment");
    }

    /** @return the kind of construct that is not supported */
    public Reason reason() {
        return reason;
    }

    /** @return the offending SQL fragment */
    public String fragment() {
        return fragment;
    }
}

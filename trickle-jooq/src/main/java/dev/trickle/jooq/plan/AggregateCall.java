package dev.trickle.jooq.plan;

import java.util.Objects;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jspecify.annotations.Nullable;

/**
 * An aggregate function call, with how its new value is found: from its old value and the changed rows (the
 * invertible COUNT, SUM and AVG; MIN and MAX while their extremum stays), or by recomputing the groups the changes
 * touch (every other supported aggregate).
 *
 * @param function which function
 * @param argument the argument, or {@code null} for {@code COUNT(*)} and recomputed calls; a {@code FILTER (WHERE p)}
 *     is part of it, as {@code CASE WHEN p THEN x END}
 * @param call the call as written, rendered as it is when the group is recomputed; {@code null} unless recomputed
 */
public record AggregateCall(Function function, @Nullable Field<?> argument, @Nullable QueryPart call) {

    /** How a call is maintained. */
    public enum Function {
        /** {@code COUNT(*)}: the number of rows. */
        COUNT_STAR,
        /** {@code COUNT(x)}: the number of rows where {@code x} is not null. */
        COUNT,
        /** {@code SUM(x)}: null when no row has a non-null {@code x}. */
        SUM,
        /** {@code AVG(x)}: {@code SUM(x) / COUNT(x)}, null when {@code COUNT(x)} is 0. */
        AVG,
        /** {@code MIN(x)}: merged with the smallest new value; recomputed when a row holding it leaves. */
        MIN,
        /** {@code MAX(x)}: merged with the largest new value; recomputed when a row holding it leaves. */
        MAX,
        /** Any other supported call ({@code STRING_AGG}, {@code COUNT(DISTINCT x)}, ...): recomputed per group. */
        RECOMPUTED
    }

    /**
     * An invertible call or an extremum.
     *
     * @param function which function, not {@link Function#RECOMPUTED}
     * @param argument the argument, or {@code null} for {@code COUNT(*)}
     */
    public AggregateCall(Function function, @Nullable Field<?> argument) {
        this(function, argument, null);
    }

    /**
     * Checks that only {@code COUNT(*)} and recomputed calls have no argument, and that only recomputed calls keep
     * their call.
     *
     * @param function which function
     * @param argument the argument, or {@code null} for {@code COUNT(*)} and recomputed calls
     * @param call the call as written, for recomputed calls only
     */
    public AggregateCall {
        Objects.requireNonNull(function, "function");
        boolean noArgument = function == Function.COUNT_STAR || function == Function.RECOMPUTED;
        if (noArgument != (argument == null) || (function == Function.RECOMPUTED) != (call != null)) {
            throw new IllegalArgumentException("internal error: " + function + " with argument " + argument);
        }
    }
}

package dev.trickle.jooq.plan;

import java.util.Objects;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;

/**
 * An algebraic aggregate function call: one whose new value follows from its old value and the changed rows.
 *
 * @param function which function
 * @param argument the argument, or {@code null} for {@code COUNT(*)}
 */
public record AggregateCall(Function function, @Nullable Field<?> argument) {

    /** The algebraic aggregate functions. */
    public enum Function {
        /** {@code COUNT(*)}: the number of rows. */
        COUNT_STAR,
        /** {@code COUNT(x)}: the number of rows where {@code x} is not null. */
        COUNT,
        /** {@code SUM(x)}: null when no row has a non-null {@code x}. */
        SUM,
        /** {@code AVG(x)}: {@code SUM(x) / COUNT(x)}, null when {@code COUNT(x)} is 0. */
        AVG
    }

    /**
     * Checks that only {@code COUNT(*)} has no argument.
     *
     * @param function which function
     * @param argument the argument, or {@code null} for {@code COUNT(*)}
     */
    public AggregateCall {
        Objects.requireNonNull(function, "function");
        if ((function == Function.COUNT_STAR) != (argument == null)) {
            throw new IllegalArgumentException("internal error: " + function + " with argument " + argument);
        }
    }
}

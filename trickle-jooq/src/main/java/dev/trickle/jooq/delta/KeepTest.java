package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.SemiJoin;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A condition of a delta term over its row and its marks ({@link SemiJoin}): whether the join's condition {@code keep}
 * is true (or, unless {@code holds}, not true: false or NULL) when each mark has a given value, read at one state
 * ({@link MatchProbe.Test#SOME_NOW}, {@link MatchProbe.Test#SOME_BEFORE}) or fixed.
 *
 * @param join the mark join whose condition is tested
 * @param values the value of each mark, in order of {@link SemiJoin#marks}
 * @param holds whether the condition must be true, else not true
 */
public record KeepTest(SemiJoin join, List<Value> values, boolean holds) implements Probe {

    /**
     * The value of a mark: a probe of its matches, or a constant.
     *
     * @param probe the test whose truth is the value, or {@code null} for the constant
     * @param constant the value when there is no probe
     */
    public record Value(@Nullable MatchProbe probe, boolean constant) {
        /**
         * A mark read by a probe.
         *
         * @param probe the test
         * @return the value
         */
        public static Value of(MatchProbe probe) {
            return new Value(probe, false);
        }

        /**
         * A mark fixed to a value.
         *
         * @param value the value
         * @return the value
         */
        public static Value of(boolean value) {
            return new Value(null, value);
        }
    }

    /**
     * Checks and copies the components.
     *
     * @param join the mark join
     * @param values the value of each mark
     * @param holds whether the condition must be true
     */
    public KeepTest {
        Objects.requireNonNull(join, "join");
        values = List.copyOf(values);
        if (values.size() != join.marks().size()) {
            throw new IllegalArgumentException("internal error: " + values.size() + " values for "
                    + join.marks().size() + " marks");
        }
    }
}

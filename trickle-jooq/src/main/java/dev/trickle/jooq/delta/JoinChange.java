package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Body;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;

/**
 * The change of a join of three inputs or more as one FROM item, computed level by level ({@link InnerJoinDeltaRule},
 * written by {@link JoinChangeSql}): its rows carry a weight and the columns of every input's leaves, which the item
 * exposes under their own aliases, so the conditions and expressions above read it as they read the scans.
 *
 * @param alias the alias of the item's rows (the leaves keep theirs)
 * @param inputs the joined inputs, in plan order
 * @param conditions the conjunction of the join and filter conditions
 */
public record JoinChange(String alias, List<Input> inputs, List<Condition> conditions) implements From {

    /**
     * One joined input.
     *
     * @param post its post-state
     * @param delta its change
     * @param leaves its leaves ({@link Leaves#of}), whose columns the item exposes
     */
    public record Input(Term post, List<Term> delta, List<Body> leaves) {
        /**
         * Checks and copies the components.
         *
         * @param post its post-state
         * @param delta its change
         * @param leaves its leaves
         */
        public Input {
            Objects.requireNonNull(post, "post");
            delta = List.copyOf(delta);
            leaves = List.copyOf(leaves);
        }
    }

    /**
     * The rows of one level's common table expression as a FROM item, exposing its leaves' columns as {@link
     * JoinChange} does.
     *
     * @param cte the name of the common table expression
     * @param alias the alias of its rows
     * @param leaves the leaves whose columns it holds, in order
     */
    public record Level(String cte, String alias, List<Body> leaves) implements From {
        /**
         * Checks and copies the components.
         *
         * @param cte the name of the common table expression
         * @param alias the alias of its rows
         * @param leaves the leaves whose columns it holds
         */
        public Level {
            Objects.requireNonNull(cte, "cte");
            Objects.requireNonNull(alias, "alias");
            leaves = List.copyOf(leaves);
        }
    }

    /**
     * Checks and copies the components.
     *
     * @param alias the alias of the item's rows
     * @param inputs the joined inputs, in plan order
     * @param conditions the conjunction of the join and filter conditions
     */
    public JoinChange {
        Objects.requireNonNull(alias, "alias");
        inputs = List.copyOf(inputs);
        conditions = List.copyOf(conditions);
    }
}

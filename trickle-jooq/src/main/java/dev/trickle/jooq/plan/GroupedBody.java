package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;

/**
 * A grouped relation inside the body, {@code γ_{groupBy; outputs}(input)} under an alias: a derived table with
 * {@code GROUP BY} or aggregates ({@code (SELECT k, count(*) FROM t GROUP BY k) AS s(k, n)}) or the aggregate of a
 * scalar subquery. Expressions above it read its output columns as {@code "alias"."name"}; its input's aliases are
 * its own (they do not reach the expressions above). Without group keys it has exactly one row, even over no input
 * (none if {@code having} does not hold).
 *
 * @param input the grouped operator
 * @param alias the alias the expressions above use for it
 * @param groupBy the group key expressions, over the input
 * @param outputs the output columns, over the group keys and aggregate calls of the input
 * @param having the {@code HAVING} condition, or {@code null}
 * @param identity the output columns that identify a row: the group keys when each is an output, else every output
 *     ({@link #byContent}); empty without group keys (one row)
 * @param byContent whether rows are identified by all their columns, a group key not being an output: rows are then
 *     counted by content, as the rows of a table without a key
 */
public record GroupedBody(Body input, String alias, List<Field<?>> groupBy, List<OutputColumnExpr> outputs,
        @Nullable Condition having, List<String> identity, boolean byContent) implements Body {

    /**
     * Checks and copies the components.
     *
     * @param input the grouped operator
     * @param alias the alias the expressions above use for it
     * @param groupBy the group key expressions, over the input
     * @param outputs the output columns
     * @param having the {@code HAVING} condition, or {@code null}
     * @param identity the output columns that identify a row
     * @param byContent whether they are every output, a group key not being one
     */
    public GroupedBody {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(alias, "alias");
        groupBy = List.copyOf(groupBy);
        outputs = List.copyOf(outputs);
        identity = List.copyOf(identity);
    }

    @Override
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitGrouped(this);
    }

    @Override
    public List<Body> inputs() {
        return List.of(input);
    }

    @Override
    public GroupedBody withInputs(List<? extends RelOp> inputs) {
        return new GroupedBody(RelOp.checkInputs(this, inputs, Body.class).get(0), alias, groupBy, outputs, having,
                identity, byContent);
    }
}

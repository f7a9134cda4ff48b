package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jspecify.annotations.Nullable;

/**
 * {@code GROUP BY groupBy} over {@code input}, computing {@code calls}, with the select list {@code outputs} over
 * the group keys and the calls, keeping the groups where {@code having} holds. Without group keys it is a scalar
 * aggregate: one row, even over no input (none if {@code having} does not hold).
 *
 * @param input the aggregated operator
 * @param groupBy the group key expressions, over the input
 * @param calls the distinct aggregate calls the outputs use
 * @param outputs the select list; its expressions reference group keys and the parts in {@code callSites}
 * @param having the {@code HAVING} condition over group keys and calls, or {@code null}
 * @param callSites for each call, the query parts in {@code outputs} and {@code having} that are that call
 */
public record Aggregate(
        Body input,
        List<Field<?>> groupBy,
        List<AggregateCall> calls,
        List<OutputColumnExpr> outputs,
        @Nullable Condition having,
        List<List<QueryPart>> callSites)
        implements TopK.Inner {

    /**
     * Checks and copies the components.
     *
     * @param input the aggregated operator
     * @param groupBy the group key expressions, over the input
     * @param calls the distinct aggregate calls the outputs use
     * @param outputs the select list; its expressions reference group keys and the parts in {@code callSites}
     * @param having the {@code HAVING} condition over group keys and calls, or {@code null}
     * @param callSites for each call, the query parts in {@code outputs} and {@code having} that are that call
     */
    public Aggregate {
        Objects.requireNonNull(input, "input");
        groupBy = List.copyOf(groupBy);
        calls = List.copyOf(calls);
        outputs = List.copyOf(outputs);
        callSites = callSites.stream().map(List::copyOf).toList();
        if (callSites.size() != calls.size()) {
            throw new IllegalArgumentException("internal error: one call-site list per call expected");
        }
    }

    @Override
    public <R> R accept(Top.Visitor<R> visitor) {
        return visitor.visitAggregate(this);
    }

    @Override
    public Aggregate withInput(Body input) {
        return new Aggregate(input, groupBy, calls, outputs, having, callSites);
    }

    /** @return whether this is a scalar aggregate (no {@code GROUP BY}) */
    public boolean isScalar() {
        return groupBy.isEmpty();
    }
}

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
 * aggregate: one row, even over no input (none if {@code having} does not hold). With {@code copies}, each group's row
 * appears that many times (the multiset set operations: {@code INTERSECT ALL}, {@code EXCEPT ALL}, {@code UNION ALL}
 * over a set); a group whose count of copies is 0 is not in the result.
 *
 * @param input the aggregated operator
 * @param groupBy the group key expressions, over the input
 * @param calls the distinct aggregate calls the outputs use
 * @param outputs the select list; its expressions reference group keys and the parts in {@code callSites}
 * @param having the {@code HAVING} condition over group keys and calls, or {@code null}
 * @param callSites for each call, the query parts in {@code outputs}, {@code having} and {@code copies} that are that
 *     call
 * @param copies how many times each group's row appears, an integer expression over group keys and calls, or {@code
 *     null} for once
 */
public record Aggregate(
        Body input,
        List<Field<?>> groupBy,
        List<AggregateCall> calls,
        List<OutputColumnExpr> outputs,
        @Nullable Condition having,
        List<List<QueryPart>> callSites,
        @Nullable Field<?> copies)
        implements TopK.Inner {

    /**
     * Checks and copies the components.
     *
     * @param input the aggregated operator
     * @param groupBy the group key expressions, over the input
     * @param calls the distinct aggregate calls the outputs use
     * @param outputs the select list; its expressions reference group keys and the parts in {@code callSites}
     * @param having the {@code HAVING} condition over group keys and calls, or {@code null}
     * @param callSites for each call, the query parts in {@code outputs}, {@code having} and {@code copies} that are
     *     that call
     * @param copies how many times each group's row appears, or {@code null} for once
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
        if (copies != null && groupBy.isEmpty()) {
            throw new IllegalArgumentException("internal error: copies of a scalar aggregate");
        }
    }

    /**
     * An aggregate whose groups appear once each.
     *
     * @param input the aggregated operator
     * @param groupBy the group key expressions, over the input
     * @param calls the distinct aggregate calls the outputs use
     * @param outputs the select list; its expressions reference group keys and the parts in {@code callSites}
     * @param having the {@code HAVING} condition over group keys and calls, or {@code null}
     * @param callSites for each call, the query parts in {@code outputs} and {@code having} that are that call
     */
    public Aggregate(Body input, List<Field<?>> groupBy, List<AggregateCall> calls, List<OutputColumnExpr> outputs,
            @Nullable Condition having, List<List<QueryPart>> callSites) {
        this(input, groupBy, calls, outputs, having, callSites, null);
    }

    @Override
    public <R> R accept(Top.Visitor<R> visitor) {
        return visitor.visitAggregate(this);
    }

    @Override
    public Aggregate withInput(Body input) {
        return new Aggregate(input, groupBy, calls, outputs, having, callSites, copies);
    }

    /** @return whether this is a scalar aggregate (no {@code GROUP BY}) */
    public boolean isScalar() {
        return groupBy.isEmpty();
    }
}

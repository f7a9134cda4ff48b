package dev.trickle.jooq.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Moves each conjunct of a filter down to the lowest operator whose rows it can be tested on without changing the
 * result: into one side of an inner join when it reads only that side, into the kept side of a {@code LEFT} or
 * {@code RIGHT} join (never the side that gets padded, nor either side of a {@code FULL} join) and into the left of
 * a semi or anti join. A conjunct that reads no column, or one the plan cannot resolve, stays where it is.
 *
 * <p>The result is the same relation, and differentiating it is cheaper: the delta rules see the filter where the
 * change enters. Without it, a {@code WHERE} over an outer join (every correlated scalar subquery is a {@code LEFT
 * JOIN} of its grouped relation, so TPC-H Q2's comma join of five tables is one) applies above the join, and the
 * levels of a many-way join under it ({@code InnerJoinDeltaRule}) are products: Q2's refresh at scale factor 0.05 was
 * planned at 1.5 × 10⁸ cost units, its levels at 6 × 10⁸ rows.
 */
public final class FilterPushdown {
    private final Expressions expressions;

    private FilterPushdown(ColumnResolver columns) {
        this.expressions = new Expressions(columns);
    }

    /**
     * Rewrites a plan.
     *
     * @param plan the translated plan
     * @return the same plan with its filters moved down
     */
    public static Plan apply(Plan plan) {
        FilterPushdown pushdown = new FilterPushdown(plan.columns());
        Top root = plan.root();
        return new Plan(pushdown.top(root), plan.columns());
    }

    private Top top(Top op) {
        if (op instanceof TopK k) {
            return k.withInputs(List.of(top(k.inner())));
        }
        return op.withInputs(List.of(body((Body) op.inputs().get(0))));
    }

    private Body body(Body op) {
        List<Body> inputs = new ArrayList<>();
        for (Body input : op.inputs()) {
            inputs.add(body(input));
        }
        Body rebuilt = inputs.isEmpty() ? op : op.withInputs(inputs);
        if (rebuilt instanceof Filter f) {
            Body pushed = push(f.input(), Expressions.conjuncts(f.predicate()));
            // nothing moved: keep the filter as written
            return pushed instanceof Filter p && p.input() == f.input() ? f : pushed;
        }
        return rebuilt;
    }

    /** Applies conjuncts to a body whose own filters are already down, moving those that can go further. */
    private Body push(Body input, List<Condition> conjuncts) {
        List<Condition> left = new ArrayList<>();
        List<Condition> right = new ArrayList<>();
        List<Condition> stay = new ArrayList<>();
        Set<String> leftAliases = null;
        Set<String> rightAliases = null;
        boolean toLeft = false;
        boolean toRight = false;
        if (input instanceof InnerJoin j) {
            leftAliases = aliases(j.left());
            rightAliases = aliases(j.right());
            toLeft = true;
            toRight = true;
        } else if (input instanceof OuterJoin j) {
            leftAliases = aliases(j.left());
            rightAliases = aliases(j.right());
            toLeft = j.kind() == OuterJoin.Kind.LEFT;
            toRight = j.kind() == OuterJoin.Kind.RIGHT;
        } else if (input instanceof SemiJoin j) {
            leftAliases = aliases(j.left());
            rightAliases = Set.of();
            toLeft = true;
        } else if (input instanceof Filter f) {
            List<Condition> all = new ArrayList<>(Expressions.conjuncts(f.predicate()));
            all.addAll(conjuncts);
            return push(f.input(), all);
        }
        for (Condition c : conjuncts) {
            if (c.equals(DSL.noCondition())) {
                continue;
            }
            Set<String> reads = leftAliases == null ? Set.of() : expressions.aliases(c);
            if (reads.isEmpty() || reads.contains("?")) {
                stay.add(c);
            } else if (toLeft && leftAliases.containsAll(reads)) {
                left.add(c);
            } else if (toRight && rightAliases.containsAll(reads)) {
                right.add(c);
            } else {
                stay.add(c);
            }
        }
        Body rebuilt = input;
        if (!left.isEmpty() || !right.isEmpty()) {
            List<Body> sides = new ArrayList<>(input.inputs());
            if (!left.isEmpty()) {
                sides.set(0, push(sides.get(0), left));
            }
            if (!right.isEmpty()) {
                sides.set(1, push(sides.get(1), right));
            }
            rebuilt = input.withInputs(sides);
        }
        return stay.isEmpty() ? rebuilt : new Filter(rebuilt, DSL.and(stay));
    }

    /** The aliases whose columns a body's rows carry: its scans' and grouped relations', not a semi join's right. */
    private static Set<String> aliases(Body op) {
        Set<String> aliases = new HashSet<>();
        collect(op, aliases);
        return aliases;
    }

    private static void collect(Body op, Set<String> aliases) {
        if (op instanceof Scan s) {
            aliases.add(s.alias());
        } else if (op instanceof GroupedBody g) {
            aliases.add(g.alias());
        } else if (op instanceof SemiJoin j) {
            collect(j.left(), aliases);
        } else {
            op.inputs().forEach(i -> collect(i, aliases));
        }
    }
}

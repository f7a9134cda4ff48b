package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.AggregateCall;
import dev.trickle.jooq.plan.ColumnRef;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.Top;
import dev.trickle.jooq.plan.TopK;
import dev.trickle.jooq.plan.UnionAll;
import dev.trickle.jooq.translate.SetOperations.Combine;
import dev.trickle.jooq.translate.SetOperations.Leaf;
import dev.trickle.jooq.translate.SetOperations.Op;
import dev.trickle.jooq.translate.SetOperations.Tree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Translates a query with set operations ({@link SetOperations}) into one top operator over a {@link UnionAll} of its
 * branches, each branch translated as a query of its own (a body and its select list; column names come from the
 * first branch, as the server names them):
 *
 * <ul>
 *   <li>only {@code UNION ALL} of branches without {@code DISTINCT}: a {@link Project} of the union's columns; a row's
 *       identity is its branch number and its identity in the branch;
 *   <li>a tree whose last operator is {@code UNION}, {@code INTERSECT} or {@code EXCEPT}: an {@link Aggregate}
 *       grouping the union's rows by every column (rows compare as {@code IS NOT DISTINCT FROM}, NULLs equal) with one
 *       count per branch {@code nᵢ = count(*) FILTER (WHERE branch = i)}; the row is present iff the tree's condition
 *       holds: {@code a UNION b} is {@code a ∨ b}, {@code a INTERSECT b} is {@code a ∧ b}, {@code a EXCEPT b} is
 *       {@code a ∧ ¬b}, where a branch stands for {@code nᵢ > 0} (an {@code EXCEPT ALL} below: its multiplicity
 *       {@code > 0}). A tree of {@code UNION}s alone needs no counts: it is {@code SELECT DISTINCT} over the union.
 *       A branch's own {@code DISTINCT} changes nothing there;
 *   <li>any other tree (its last operator {@code INTERSECT ALL}, {@code EXCEPT ALL}, or {@code UNION ALL} over a set
 *       operation or a {@code DISTINCT} branch): the same aggregate whose group appears {@code m} times ({@link
 *       Aggregate#copies}), {@code m} the tree's multiplicity as PostgreSQL defines it: a branch is {@code nᵢ} ({@code
 *       least(nᵢ, 1)} with {@code DISTINCT}), {@code a UNION ALL b} is {@code a + b}, {@code a INTERSECT ALL b} is
 *       {@code least(a, b)}, {@code a EXCEPT ALL b} is {@code greatest(a − b, 0)}, and a {@code UNION}, {@code
 *       INTERSECT} or {@code EXCEPT} is 1 where its condition holds, else 0. Without {@code INTERSECT} or {@code
 *       EXCEPT} of either kind, {@code m > 0} iff the group has a row, so there is no {@code HAVING}.
 * </ul>
 *
 * <p>Refused by name ({@link Reason#SET_OPERATION}): aggregates or {@code GROUP BY} (other than {@code GROUP BY} the
 * select list, a {@code DISTINCT}) inside a branch. {@code LIMIT} or {@code OFFSET} of the whole or of a branch is
 * refused as {@link Reason#LIMIT_OFFSET}; the whole's {@code ORDER BY} is ignored, as a query's is.
 */
final class SetOperationTranslator {
    private SetOperationTranslator() {}

    static Plan translate(SelectTranslator.Input in, Tree tree) {
        Select<?> select = in.select();
        if (select.$limit() != null || select.$offset() != null) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select, "LIMIT or OFFSET");
        }
        List<Select<?>> leaves = new ArrayList<>();
        leaves(tree, leaves);
        List<UnionAll.Branch> branches = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        List<Boolean> distinct = new ArrayList<>();
        for (Select<?> leaf : leaves) {
            Plan plan = SelectTranslator.translate(in.withSelect(leaf));
            if (plan.root() instanceof TopK) {
                // the branch's body is its input: its LIMIT would be lost
                throw Unsupported.of(Reason.LIMIT_OFFSET, leaf, "LIMIT or OFFSET inside a branch of a set operation");
            }
            plans.add(plan);
            distinct.add(distinct(leaf, plan));
            branches.add(new UnionAll.Branch(plan.root().input(),
                    plan.root().outputs().stream().<Field<?>>map(OutputColumnExpr::expression).toList()));
        }
        boolean bag = onlyUnionAll(tree) && !distinct.contains(true);
        UnionAll union = new UnionAll(branches, in.outputTypes(), bag);
        Map<QueryPart, ColumnRef> refs = new IdentityHashMap<>();
        List<Field<?>> columns = new ArrayList<>();
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int j = 0; j < union.width(); j++) {
            Field<Object> column = DSL.field(DSL.name(UnionAll.ALIAS, UnionAll.column(j)));
            refs.put(column, new ColumnRef(UnionAll.ALIAS, UnionAll.column(j)));
            columns.add(column);
            outputs.add(new OutputColumnExpr(in.outputNames().get(j), column));
        }
        Top root;
        boolean set = tree instanceof Combine c && c.op() != Op.UNION_ALL && c.op() != Op.INTERSECT_ALL
                && c.op() != Op.EXCEPT_ALL;
        if (bag) {
            root = new Project(union, outputs);
        } else if (set && monotone(tree)) {
            root = new Aggregate(union, columns, List.of(), outputs, null, List.of());
        } else {
            Field<Integer> branch = DSL.field(DSL.name(UnionAll.ALIAS, UnionAll.BRANCH), Integer.class);
            refs.put(branch, new ColumnRef(UnionAll.ALIAS, UnionAll.BRANCH));
            List<AggregateCall> calls = new ArrayList<>();
            List<List<QueryPart>> sites = new ArrayList<>();
            List<Field<Integer>> counts = new ArrayList<>();
            for (int i = 1; i <= leaves.size(); i++) {
                Field<Integer> one = DSL.when(branch.eq(DSL.inline(i)), DSL.inline(1));
                Field<Integer> count = DSL.count(one);
                calls.add(new AggregateCall(AggregateCall.Function.COUNT, one));
                sites.add(List.of(count));
                counts.add(count);
            }
            Counts n = new Counts(counts, distinct);
            if (set) {
                root = new Aggregate(union, columns, calls, outputs, condition(tree, n, new int[] {0}), sites);
            } else {
                Field<Integer> copies = multiplicity(tree, n, new int[] {0});
                Condition having = monotone(tree) ? null : condition(tree, n, new int[] {0});
                root = new Aggregate(union, columns, calls, outputs, having, sites, copies);
            }
        }
        List<dev.trickle.jooq.plan.ColumnResolver> others = plans.subList(1, plans.size()).stream()
                .map(Plan::columns).toList();
        return new Plan(root, plans.get(0).columns().with(others, refs));
    }

    private static boolean onlyUnionAll(Tree tree) {
        return !(tree instanceof Combine c)
                || c.op() == Op.UNION_ALL && onlyUnionAll(c.left()) && onlyUnionAll(c.right());
    }

    private static void leaves(Tree tree, List<Select<?>> out) {
        if (tree instanceof Leaf leaf) {
            out.add(leaf.select());
        } else if (tree instanceof Combine c) {
            leaves(c.left(), out);
            leaves(c.right(), out);
        }
    }

    /**
     * The counts of the branches, numbered left to right, and whether each has {@code DISTINCT}.
     *
     * @param counts the call that counts a branch's rows in a group, the same query part wherever it is used
     * @param distinct whether the branch has {@code DISTINCT}
     */
    private record Counts(List<Field<Integer>> counts, List<Boolean> distinct) {}

    /**
     * The presence condition of a tree over the counts of its branches: whether its multiplicity is positive, written
     * over the branches' presence ({@code nᵢ > 0}) where the operators allow it.
     */
    private static Condition condition(Tree tree, Counts n, int[] next) {
        if (tree instanceof Leaf) {
            return n.counts().get(next[0]++).gt(DSL.inline(0));
        }
        Combine c = (Combine) tree;
        if (c.op() == Op.EXCEPT_ALL) {
            return multiplicity(tree, n, next).gt(DSL.inline(0));
        }
        Condition left = condition(c.left(), n, next);
        Condition right = condition(c.right(), n, next);
        return switch (c.op()) {
            case UNION, UNION_ALL -> left.or(right);
            case INTERSECT, INTERSECT_ALL -> left.and(right);
            case EXCEPT -> left.andNot(right);
            case EXCEPT_ALL -> throw new IllegalStateException("internal error: " + c.op());
        };
    }

    /** How many times a row is in the result of a tree, over the counts of its branches (PostgreSQL's rules). */
    private static Field<Integer> multiplicity(Tree tree, Counts n, int[] next) {
        if (tree instanceof Leaf) {
            int i = next[0]++;
            Field<Integer> count = n.counts().get(i);
            return n.distinct().get(i) ? DSL.least(count, DSL.inline(1)) : count;
        }
        Combine c = (Combine) tree;
        if (c.op() == Op.UNION || c.op() == Op.INTERSECT || c.op() == Op.EXCEPT) {
            return DSL.when(condition(tree, n, next), DSL.inline(1)).otherwise(DSL.inline(0));
        }
        Field<Integer> left = multiplicity(c.left(), n, next);
        Field<Integer> right = multiplicity(c.right(), n, next);
        return switch (c.op()) {
            case UNION_ALL -> left.plus(right);
            case INTERSECT_ALL -> DSL.least(left, right);
            case EXCEPT_ALL -> DSL.greatest(left.minus(right), DSL.inline(0));
            case UNION, INTERSECT, EXCEPT -> throw new IllegalStateException("internal error: " + c.op());
        };
    }

    /** Whether a row is in the result of a tree iff some branch has it: no {@code INTERSECT} or {@code EXCEPT}. */
    private static boolean monotone(Tree tree) {
        return !(tree instanceof Combine c) || (c.op() == Op.UNION || c.op() == Op.UNION_ALL)
                && monotone(c.left()) && monotone(c.right());
    }

    /**
     * Whether a branch has {@code DISTINCT} (or {@code GROUP BY} its select list, without aggregates): its rows are
     * then its input's, counted at most once each. Any other aggregate is refused.
     */
    private static boolean distinct(Select<?> leaf, Plan plan) {
        if (!(plan.root() instanceof Aggregate a)) {
            return false;
        }
        Expressions x = new Expressions(plan.columns());
        Set<String> keys = new HashSet<>(a.groupBy().stream().map(x::render).toList());
        Set<String> selected = new HashSet<>(a.outputs().stream().map(o -> x.render(o.expression())).toList());
        if (!a.calls().isEmpty() || a.having() != null || !keys.equals(selected)) {
            throw Unsupported.of(Reason.SET_OPERATION, leaf,
                    "an aggregate or GROUP BY inside a branch of UNION, INTERSECT or EXCEPT");
        }
        return true;
    }
}

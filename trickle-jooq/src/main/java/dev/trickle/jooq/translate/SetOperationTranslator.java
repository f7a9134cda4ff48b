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
 *   <li>only {@code UNION ALL}: a {@link Project} of the union's columns; a row's identity is its branch number and
 *       its identity in the branch;
 *   <li>any tree of {@code UNION}, {@code INTERSECT}, {@code EXCEPT} (and {@code UNION ALL} under them): an {@link
 *       Aggregate} grouping the union's rows by every column (rows compare as {@code IS NOT DISTINCT FROM}, NULLs
 *       equal) with one count per branch {@code nᵢ = count(*) FILTER (WHERE branch = i)}; the row is present iff the
 *       tree's condition holds: {@code a UNION b} is {@code a ∨ b}, {@code a INTERSECT b} is {@code a ∧ b}, {@code a
 *       EXCEPT b} is {@code a ∧ ¬b}, where a branch stands for {@code nᵢ > 0}. A tree of {@code UNION}s alone needs
 *       no counts: it is {@code SELECT DISTINCT} over the union. A branch's own {@code DISTINCT} changes nothing there.
 * </ul>
 *
 * <p>Refused by name ({@link Reason#SET_OPERATION}): {@code INTERSECT ALL} and {@code EXCEPT ALL} (their multiplicity
 * {@code min(a, b)}, {@code max(a − b, 0)} is not maintained yet), {@code UNION ALL} over a {@code UNION}, {@code
 * INTERSECT} or {@code EXCEPT} (its duplicates would need both layers), and aggregates or {@code GROUP BY} inside a
 * branch. {@code LIMIT} or {@code OFFSET} of the whole is refused as {@link Reason#LIMIT_OFFSET}; its {@code ORDER BY}
 * is ignored, as a query's is.
 */
final class SetOperationTranslator {
    private SetOperationTranslator() {}

    static Plan translate(SelectTranslator.Input in, Tree tree) {
        Select<?> select = in.select();
        if (select.$limit() != null || select.$offset() != null) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select, "LIMIT or OFFSET");
        }
        checkOperators(select, tree, false);
        boolean bag = onlyUnionAll(tree);
        List<Select<?>> leaves = new ArrayList<>();
        leaves(tree, leaves);
        List<UnionAll.Branch> branches = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        for (Select<?> leaf : leaves) {
            Plan plan = SelectTranslator.translate(in.withSelect(leaf));
            plans.add(plan);
            branches.add(branch(leaf, plan, bag));
        }
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
        if (bag) {
            root = new Project(union, outputs);
        } else if (onlyUnions(tree)) {
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
            Condition having = condition(tree, counts, new int[] {0});
            root = new Aggregate(union, columns, calls, outputs, having, sites);
        }
        List<dev.trickle.jooq.plan.ColumnResolver> others = plans.subList(1, plans.size()).stream()
                .map(Plan::columns).toList();
        return new Plan(root, plans.get(0).columns().with(others, refs));
    }

    /** Refuses the operators whose multiplicities are not maintained, and {@code UNION ALL} over them. */
    private static void checkOperators(Select<?> select, Tree tree, boolean underDistinct) {
        if (tree instanceof Combine c) {
            if (c.op() == Op.INTERSECT_ALL || c.op() == Op.EXCEPT_ALL) {
                throw Unsupported.of(Reason.SET_OPERATION, select, c.op().sql());
            }
            if (c.op() == Op.UNION_ALL && !underDistinct && !onlyUnionAll(c)) {
                throw Unsupported.of(Reason.SET_OPERATION, select,
                        "UNION ALL over a UNION, INTERSECT or EXCEPT (keeping duplicates of a set)");
            }
            boolean distinct = underDistinct || c.op() != Op.UNION_ALL;
            checkOperators(select, c.left(), distinct);
            checkOperators(select, c.right(), distinct);
        }
    }

    private static boolean onlyUnionAll(Tree tree) {
        return !(tree instanceof Combine c)
                || c.op() == Op.UNION_ALL && onlyUnionAll(c.left()) && onlyUnionAll(c.right());
    }

    private static boolean onlyUnions(Tree tree) {
        return !(tree instanceof Combine c) || (c.op() == Op.UNION || c.op() == Op.UNION_ALL)
                && onlyUnions(c.left()) && onlyUnions(c.right());
    }

    private static void leaves(Tree tree, List<Select<?>> out) {
        if (tree instanceof Leaf leaf) {
            out.add(leaf.select());
        } else if (tree instanceof Combine c) {
            leaves(c.left(), out);
            leaves(c.right(), out);
        }
    }

    /** The presence condition of a tree over the counts of its branches, numbered left to right. */
    private static Condition condition(Tree tree, List<Field<Integer>> counts, int[] next) {
        if (tree instanceof Leaf) {
            return counts.get(next[0]++).gt(DSL.inline(0));
        }
        Combine c = (Combine) tree;
        Condition left = condition(c.left(), counts, next);
        Condition right = condition(c.right(), counts, next);
        return switch (c.op()) {
            case UNION, UNION_ALL -> left.or(right);
            case INTERSECT -> left.and(right);
            case EXCEPT -> left.andNot(right);
            case INTERSECT_ALL, EXCEPT_ALL -> throw new IllegalStateException("internal error: " + c.op());
        };
    }

    /**
     * A branch's body and select list. A branch with {@code DISTINCT} (or {@code GROUP BY} its select list, without
     * aggregates) is its input when duplicates do not matter; any other aggregate is refused.
     */
    private static UnionAll.Branch branch(Select<?> leaf, Plan plan, boolean bag) {
        List<Field<?>> items = plan.root().outputs().stream().<Field<?>>map(OutputColumnExpr::expression).toList();
        if (plan.root() instanceof Aggregate a) {
            Expressions x = new Expressions(plan.columns());
            Set<String> keys = new HashSet<>(a.groupBy().stream().map(x::render).toList());
            Set<String> selected = new HashSet<>(items.stream().map(x::render).toList());
            if (bag || !a.calls().isEmpty() || a.having() != null || !keys.equals(selected)) {
                throw Unsupported.of(Reason.SET_OPERATION, leaf, (bag ? "DISTINCT, " : "")
                        + "an aggregate or GROUP BY inside a branch of UNION, INTERSECT or EXCEPT");
            }
        }
        return new UnionAll.Branch(plan.root().input(), items);
    }
}

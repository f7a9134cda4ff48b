package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.ColumnRef;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.sql.Sql;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.SelectGroupByStep;
import org.jooq.SelectHavingStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jspecify.annotations.Nullable;

/**
 * Differentiates a {@link GroupedBody} {@code γ = γ_{g; calls}(Q)}: for the set {@code T} of groups that the input's
 * change {@code ΔQ} touches,
 *
 * <pre>
 * Δγ = − γ(σ_{g ∈ T}(Q_pre)) + γ(σ_{g ∈ T}(Q_post))        Q_pre = Q_post − ΔQ, as Z-sets
 * </pre>
 *
 * a group without rows giving no row, except without group keys, where {@code γ} always gives one row (and {@code T}
 * is "any change"). The post side is {@code γ} over the input's post-state restricted to {@code T}. The pre side is
 * {@code γ} over the pre multiset, rows flattened to the columns the input reads: with {@code n(c)} the net weight of
 * content {@code c} in {@code ΔQ}, {@code Q_pre = (σ_T(Q_post) ∸ {c × n(c) : n(c) > 0}) ⊎ {c × −n(c) : n(c) < 0}}
 * ({@code ∸} is {@code EXCEPT ALL}, which matches NULLs as equal), so only the change is netted and the post rows
 * pass through; every aggregate (COUNT, SUM, AVG, MIN, MAX, STRING_AGG, ...) is then the same call over the same
 * rows, so the old row of a group equals the row the stream table saw. An UPDATE moving a row between
 * groups touches both; a group whose row did not change yields a −1 and a +1 of the same row, which cancel above.
 *
 * <p>Row identity: the group keys (see {@link GroupedBody#identity}), so a changed group is an update above.
 *
 * <p>State read: no stored state; the input's post-state, only the rows of touched groups: they are found by equality
 * of the group keys with the touched keys (a semi-join the server drives from the change), groups with a NULL key by a
 * second branch skipped when no touched group has one. Cost: every row of each touched group, twice (old and new),
 * plus the change, once per refresh: the change is a CTE of the statement ({@link DeltaContext.Shared}) that every
 * term and probe reading it shares. The post-state {@code γ(Q_post)} that a term joins to a change, or that a probe
 * reads for one row, is computed for the groups that change or row joins only ({@link #demand}).
 */
final class GroupedDeltaRule implements BodyRule<GroupedBody> {
    /** The flattened rows of the input, one column {@code "alias.column"} per column its scans read. */
    private static final String FLAT = "__pgt_x";
    private static final String CHANGED = "__pgt_dr";
    private static final String TOUCHED = "__pgt_t";
    /** The change netted per content, with its net weight {@link #COUNT}. */
    private static final String NETTED = "__pgt_dn";
    private static final String COUNT = "__pgt_n";
    private static final String WEIGHT = TermSql.WEIGHT;
    /** The start of the name of the change's CTE, computed once per statement however many terms read it. */
    private static final String SHARED = SqlNames.RESERVED_PREFIX + "gd";
    /** The start of the name of a post-state read whole, computed once per statement however many terms read it. */
    private static final String SHARED_POST = SqlNames.RESERVED_PREFIX + "gp";

    @Override
    public DeltaQuery apply(GroupedBody op, Differentiator d) {
        GroupedSource changes = new GroupedSource(op, Version.DELTA, d.post(op.input()), d.delta(op.input()).terms());
        return new DeltaQuery(List.of(new Term(1, List.of(changes), List.of())));
    }

    /**
     * Writes a grouped relation at its version as a FROM item under its alias: the grouped query over the input's
     * post-state, its change (the relation of the rule above, with a weight column: a CTE of the statement, {@link
     * DeltaContext.Shared}, since several terms and probes read it), or a row of NULLs typed as its columns.
     */
    static Table<?> table(GroupedSource g, DeltaContext ctx) {
        return table(g, ctx, null);
    }

    /**
     * Writes a grouped relation as a FROM item of a term. At its post-state, restricted to the groups the term can
     * join ({@link #demand}); or, read whole by a term without a condition of its own on the relation (which the
     * server could push into the grouped query), as one relation of the statement ({@link DeltaContext.Shared}),
     * computed once however many terms, probes and changes read it: the change of a grouped relation over this one
     * reads its post-state too (TPC-H Q15 reads its grouped CTE in the join, under the scalar subquery's MAX, and in
     * that MAX's old and new value).
     */
    static Table<?> table(GroupedSource g, Term term, DeltaContext ctx) {
        String demand = demand(g, term, ctx);
        if (g.version() != Version.POST || demand != null || !ctx.shared().posts() || filtered(g, term, ctx)) {
            return table(g, ctx, demand);
        }
        String name = ctx.shared().name(SHARED_POST, Sql.render(grouped(g, ctx, null, null)));
        return raw(quote(name) + " AS " + quote(g.grouped().alias()));
    }

    /** Whether a term has a condition that reads the grouped relation alone. */
    private static boolean filtered(GroupedSource g, Term term, DeltaContext ctx) {
        Set<String> alone = Set.of(g.grouped().alias());
        for (Condition c : term.conditions()) {
            for (Condition conjunct : Expressions.conjuncts(c)) {
                if (ctx.expressions().aliases(conjunct).equals(alone)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Writes a grouped relation as a FROM item, at its post-state restricted to the groups whose keys are in {@code
     * demand} if one is given ({@link #demand}).
     */
    static Table<?> table(GroupedSource g, DeltaContext ctx, @Nullable String demand) {
        String alias = quote(g.grouped().alias());
        return switch (g.version()) {
            case POST -> raw("(" + Sql.render(grouped(g, ctx, demand, null)) + ") AS " + alias);
            case DELTA -> raw(quote(ctx.shared().name(SHARED, change(g, ctx))) + " AS " + alias);
            case NULL -> DSL.select(DSL.inline(1)).asTable("__pgt_pad_" + g.grouped().alias())
                    .leftJoin(raw("(" + Sql.render(grouped(g, ctx, null, null)) + ") AS " + alias))
                    .on(DSL.falseCondition());
        };
    }

    /**
     * The groups of a grouped relation at its post-state that a term can join, where the term's conditions equate a
     * group key column {@code s.k} with an expression {@code e} of other relations. The server cannot push a join key
     * into a {@code GROUP BY} subquery, so without this every group is computed for a term driven by a change of a
     * few rows, or for a probe of one row. Since {@code σ_{k ∈ K}(γ_k(Q)) = γ_k(σ_{k ∈ K}(Q))} and the rows of the
     * other groups have no partner in the term, the term's rows are the same:
     *
     * <ul>
     *   <li>a term that reads a change beside the grouped relation: {@code (k, ...) IN (SELECT e, ... FROM the term's
     *       tables WHERE their own conditions)}, an uncorrelated semi-join driven by the change (a term of unchanged
     *       tables only is not restricted: its keys would be as many as the tables');
     *   <li>the grouped relation alone in a subquery whose {@code e} reads the enclosing row only (a probe of the
     *       outer join rule): {@code k = e}, so each probed row computes its own group.
     * </ul>
     *
     * Not for a relation without group keys (its one row always exists).
     *
     * @param g the grouped relation, one of the term's sources
     * @param term the term
     * @param ctx the expression renderer
     * @return the condition over the relation's input, or {@code null} if the term restricts no group key
     */
    static @Nullable String demand(GroupedSource g, Term term, DeltaContext ctx) {
        GroupedBody op = g.grouped();
        if (g.version() != Version.POST || op.groupBy().isEmpty()) {
            return null;
        }
        List<From> others = new ArrayList<>();
        Set<String> aliases = new HashSet<>();
        boolean changed = false;
        for (From f : term.sources()) {
            if (f instanceof Source s && s.version() != Version.NULL) {
                others.add(s);
                aliases.add(s.scan().alias());
                changed |= s.version() == Version.DELTA;
            }
        }
        boolean alone = term.sources().size() == 1;
        if (!changed && !alone) {
            return null;
        }
        Set<String> inner = new HashSet<>(List.of(op.alias(), "?"));
        Leaves.all(op.input()).forEach(l -> inner.add(Leaves.alias(l)));
        Expressions x = ctx.expressions();
        Map<String, String> keyColumns = new HashMap<>();
        for (OutputColumnExpr o : op.outputs()) {
            String rendered = x.render(o.expression());
            if (op.groupBy().stream().anyMatch(k -> x.render(k).equals(rendered))) {
                keyColumns.put(quote(op.alias()) + "." + quote(o.name()), rendered);
            }
        }
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Condition> filters = new ArrayList<>();
        for (Condition c : term.conditions()) {
            for (Condition conjunct : Expressions.conjuncts(c)) {
                Set<String> read = x.aliases(conjunct);
                if (!alone && !read.isEmpty() && aliases.containsAll(read)) {
                    filters.add(conjunct);
                } else if (conjunct instanceof QOM.Eq<?> eq) {
                    for (Field<?>[] side : List.of(new Field<?>[] {eq.$arg1(), eq.$arg2()},
                            new Field<?>[] {eq.$arg2(), eq.$arg1()})) {
                        String key = keyColumns.get(x.render(side[0]));
                        Set<String> other = x.aliases(side[1]);
                        boolean joins = alone ? other.stream().noneMatch(inner::contains) : aliases.containsAll(other);
                        if (key != null && !other.isEmpty() && joins) {
                            keys.add("(" + key + ")");
                            values.add("(" + x.render(side[1]) + ")");
                            break;
                        }
                    }
                }
            }
        }
        if (keys.isEmpty()) {
            return null;
        }
        if (alone) {
            List<String> equal = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                equal.add(keys.get(i) + " = " + values.get(i));
            }
            return String.join(" AND ", equal);
        }
        List<Field<?>> items = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            items.add(Sql.raw(values.get(i)).as(SqlNames.RESERVED_PREFIX + "k" + (i + 1)));
        }
        return "(" + String.join(", ", keys) + ") IN (" + Sql.render(TermSql.select(items, new Term(1, others,
                filters), ctx)) + ")";
    }

    private static Table<?> raw(String sql) {
        return DSL.table(DSL.raw(sql));
    }

    /**
     * {@code SELECT outputs, [weight] FROM post WHERE condition GROUP BY g HAVING h}; without group keys and with a
     * condition, the one row is kept only if something changed.
     */
    private static Select<?> grouped(GroupedSource g, DeltaContext ctx, @Nullable String condition,
            @Nullable String weight) {
        GroupedBody op = g.grouped();
        Expressions x = ctx.expressions();
        List<Field<?>> items = outputs(op, x);
        if (weight != null) {
            items.add(Sql.raw(weight).as(WEIGHT));
        }
        Term rows = condition == null ? g.post() : g.post().where(DSL.condition(DSL.raw(condition)));
        return groupBy(TermSql.select(items, rows, ctx), op, x, condition != null);
    }

    private static List<Field<?>> outputs(GroupedBody op, Expressions x) {
        List<Field<?>> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(Sql.raw(x.render(o.expression())).as(o.name()));
        }
        return items;
    }

    private static Select<?> groupBy(Select<?> select, GroupedBody op, Expressions x, boolean onlyChanged) {
        List<String> having = new ArrayList<>();
        if (op.having() != null) {
            having.add("(" + x.render(op.having()) + ")");
        }
        SelectHavingStep<?> grouped;
        if (op.groupBy().isEmpty()) {
            grouped = (SelectHavingStep<?>) select;
            if (onlyChanged) {
                having.add("EXISTS (SELECT 1 FROM " + quote(CHANGED) + ")");
            }
        } else {
            grouped = ((SelectGroupByStep<?>) select).groupBy(op.groupBy().stream().map(k -> Sql.raw(x.render(k)))
                    .toList());
        }
        return having.isEmpty() ? grouped : grouped.having(DSL.condition(DSL.raw(String.join(" AND ", having))));
    }

    /** The change: the touched groups' old rows at −1 and new rows at +1. */
    private static String change(GroupedSource g, DeltaContext ctx) {
        GroupedBody op = g.grouped();
        Expressions x = ctx.expressions();
        Expressions flat = x.moved(r -> new ColumnRef(FLAT, flatName(r)));
        List<ColumnRef> columns = flatColumns(op);
        List<String> ctes = new ArrayList<>();
        List<Select<?>> changed = new ArrayList<>();
        for (Term t : g.delta()) {
            List<Field<?>> items = new ArrayList<>();
            items.add(TermSql.weight(t).as(WEIGHT));
            items.addAll(flatItems(columns));
            changed.add(TermSql.select(items, t, ctx));
        }
        ctes.add(quote(CHANGED) + " AS (" + Sql.render(TermSql.unionAll(changed)) + ")");
        List<String> touched = touched(op, x, flat, ctes);

        // the pre multiset: the post rows of touched groups, less the contents the change added, plus those it removed
        List<Select<?>> postRows = new ArrayList<>();
        for (String condition : touched) {
            postRows.add(TermSql.select(flatItems(columns), g.post().where(DSL.condition(DSL.raw(condition))), ctx));
        }
        String byContent = String.join(", ", columns.stream().map(c -> quote(NETTED) + "." + quote(flatName(c)))
                .toList());
        ctes.add(quote(NETTED) + " AS (SELECT " + byContent + ", sum(" + quote(NETTED) + "." + quote(WEIGHT) + ") AS "
                + quote(COUNT) + " FROM " + quote(CHANGED) + " AS " + quote(NETTED) + " GROUP BY " + byContent + ")");
        String preRows = "(SELECT * FROM (" + Sql.render(TermSql.unionAll(postRows)) + ") AS " + quote("__pgt_p")
                + " EXCEPT ALL " + copies(byContent, "") + ") UNION ALL " + copies(byContent, "-");
        List<Field<?>> preItems = outputs(op, flat);
        preItems.add(DSL.inline(-1).as(WEIGHT));
        Select<?> pre = DSL.select(preItems).from(raw("(" + preRows + ") AS " + quote(FLAT)));
        List<Select<?>> parts = new ArrayList<>();
        parts.add(groupBy(pre, op, flat, true));
        for (String condition : touched) {
            parts.add(grouped(g, ctx, condition, "1"));
        }
        return "WITH " + String.join(", ", ctes) + " " + Sql.render(TermSql.unionAll(parts));
    }

    /**
     * {@code n} copies of each content of the netted change with {@code n = sign · net weight > 0}.
     */
    private static String copies(String byContent, String sign) {
        String n = sign + quote(NETTED) + "." + quote(COUNT);
        return "SELECT " + byContent + " FROM " + quote(NETTED) + " CROSS JOIN generate_series(1, " + n + ") AS "
                + quote("__pgt_i") + " WHERE " + n + " > 0";
    }

    /**
     * The conditions that select the post rows of the touched groups, one per disjoint branch: without group keys,
     * any change; else keys equal to a touched group's ({@code IN}, a semi-join), and keys with a NULL matched as
     * {@code IS NOT DISTINCT FROM}, skipped at once when no touched group has a NULL key. Adds the CTE of the touched
     * groups.
     */
    private static List<String> touched(GroupedBody op, Expressions x, Expressions flat, List<String> ctes) {
        if (op.groupBy().isEmpty()) {
            return List.of("EXISTS (SELECT 1 FROM " + quote(CHANGED) + ")");
        }
        List<String> groups = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> keyNull = new ArrayList<>();
        List<String> groupNull = new ArrayList<>();
        List<String> nullSafe = new ArrayList<>();
        for (int k = 0; k < op.groupBy().size(); k++) {
            String name = quote("__pgt_g" + (k + 1));
            String key = "(" + x.render(op.groupBy().get(k)) + ")";
            groups.add("(" + flat.render(op.groupBy().get(k)) + ") AS " + name);
            keys.add(key);
            names.add(name);
            keyNull.add(key + " IS NULL");
            groupNull.add(quote("__pgt_f") + "." + name + " IS NULL");
            nullSafe.add(quote("__pgt_f") + "." + name + " IS NOT DISTINCT FROM " + key);
        }
        ctes.add(quote(TOUCHED) + " AS (SELECT DISTINCT " + String.join(", ", groups) + " FROM " + quote(CHANGED)
                + " AS " + quote(FLAT) + ")");
        String anyNull = "(" + String.join(" OR ", groupNull) + ")";
        String from = " FROM " + quote(TOUCHED) + " AS " + quote("__pgt_f");
        return List.of(
                "(" + String.join(", ", keys) + ") IN (SELECT " + String.join(", ", names) + " FROM "
                        + quote(TOUCHED) + ")",
                "EXISTS (SELECT 1" + from + " WHERE " + anyNull + ") AND (" + String.join(" OR ", keyNull)
                        + ") AND EXISTS (SELECT 1" + from + " WHERE " + String.join(" AND ", nullSafe) + ")");
    }

    /**
     * Every column each scan of the input reads, and every column of each grouped relation in the input (a grouped
     * relation over a grouped relation: its rows are the inner relation's rows, which its change nets by content as it
     * nets a scan's).
     */
    private static List<ColumnRef> flatColumns(GroupedBody op) {
        List<ColumnRef> columns = new ArrayList<>();
        for (var leaf : Leaves.of(op.input())) {
            if (leaf instanceof Scan s) {
                s.columns().forEach(c -> columns.add(new ColumnRef(s.alias(), c)));
            } else {
                GroupedBody g = (GroupedBody) leaf;
                g.outputs().forEach(o -> columns.add(new ColumnRef(g.alias(), o.name())));
            }
        }
        return columns;
    }

    /** The name of a column among the flattened rows: {@code alias.column}. */
    private static String flatName(ColumnRef c) {
        return c.alias() + "." + c.column();
    }

    private static List<Field<?>> flatItems(List<ColumnRef> columns) {
        List<Field<?>> items = new ArrayList<>();
        for (ColumnRef c : columns) {
            items.add(Sql.col(c.alias(), c.column()).as(flatName(c)));
        }
        return items;
    }
}

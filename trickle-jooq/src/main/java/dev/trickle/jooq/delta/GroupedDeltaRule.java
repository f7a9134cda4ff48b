package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.ColumnRef;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.SelectGroupByStep;
import org.jooq.SelectHavingStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
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
 * {@code γ} over the pre multiset: the post rows of {@code T} (weight +1) and the rows of {@code ΔQ} (weight −w),
 * flattened to the columns the input reads, summed per content, and each content with a positive net count {@code
 * n} expanded to {@code n} rows; every aggregate (COUNT, SUM, AVG, MIN, MAX, STRING_AGG, ...) is then the same call
 * over the same rows, so the old row of a group equals the row the stream table saw. An UPDATE moving a row between
 * groups touches both; a group whose row did not change yields a −1 and a +1 of the same row, which cancel above.
 *
 * <p>Row identity: the group keys (see {@link GroupedBody#identity}), so a changed group is an update above.
 *
 * <p>State read: no stored state; the input's post-state, only the rows of touched groups: they are found by equality
 * of the group keys with the touched keys (a semi-join the server drives from the change), groups with a NULL key by a
 * second branch skipped when no touched group has one. Cost: every row of each touched group, twice (old and new),
 * plus the change.
 */
final class GroupedDeltaRule implements BodyRule<GroupedBody> {
    /** The flattened rows of the input, one column {@code "alias.column"} per column its scans read. */
    private static final String FLAT = "__pgt_x";
    private static final String CHANGED = "__pgt_dr";
    private static final String TOUCHED = "__pgt_t";
    private static final String WEIGHT = TermSql.WEIGHT;

    @Override
    public DeltaQuery apply(GroupedBody op, Differentiator d) {
        GroupedSource changes = new GroupedSource(op, Version.DELTA, d.post(op.input()), d.delta(op.input()).terms());
        return new DeltaQuery(List.of(new Term(1, List.of(changes), List.of())));
    }

    /**
     * Writes a grouped relation at its version as a FROM item under its alias: the grouped query over the input's
     * post-state, its change (the derived table of the rule above, with a weight column), or a row of NULLs typed as
     * its columns.
     */
    static Table<?> table(GroupedSource g, DeltaContext ctx) {
        String alias = quote(g.grouped().alias());
        return switch (g.version()) {
            case POST -> raw("(" + Sql.render(grouped(g, ctx, null, null)) + ") AS " + alias);
            case DELTA -> raw("(" + change(g, ctx) + ") AS " + alias);
            case NULL -> DSL.select(DSL.inline(1)).asTable("__pgt_pad_" + g.grouped().alias())
                    .leftJoin(raw("(" + Sql.render(grouped(g, ctx, null, null)) + ") AS " + alias))
                    .on(DSL.falseCondition());
        };
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

        // the pre multiset: post rows of touched groups at +1, changed rows at −w, netted per content and expanded
        List<Select<?>> weighted = new ArrayList<>();
        for (String condition : touched) {
            List<Field<?>> items = new ArrayList<>();
            items.add(DSL.inline(1).as(WEIGHT));
            items.addAll(flatItems(columns));
            weighted.add(TermSql.select(items, g.post().where(DSL.condition(DSL.raw(condition))), ctx));
        }
        List<Field<?>> negated = new ArrayList<>();
        negated.add(Sql.raw("-" + quote("__pgt_c") + "." + quote(WEIGHT)).as(WEIGHT));
        columns.forEach(c -> negated.add(Sql.col("__pgt_c", flatName(c))));
        weighted.add(DSL.select(negated).from(DSL.table(DSL.name(CHANGED)).as("__pgt_c")));
        String byContent = String.join(", ", columns.stream().map(c -> quote("__pgt_u") + "." + quote(flatName(c)))
                .toList());
        String netted = "SELECT " + byContent + ", sum(" + quote("__pgt_u") + "." + quote(WEIGHT) + ") AS "
                + quote("__pgt_n") + " FROM (" + Sql.render(TermSql.unionAll(weighted)) + ") AS " + quote("__pgt_u")
                + " GROUP BY " + byContent;
        List<Field<?>> preItems = outputs(op, flat);
        preItems.add(DSL.inline(-1).as(WEIGHT));
        Select<?> pre = DSL.select(preItems).from(raw("(" + netted + ") AS " + quote(FLAT)
                + " CROSS JOIN generate_series(1, " + quote(FLAT) + "." + quote("__pgt_n") + ") AS "
                + quote("__pgt_i")));
        List<Select<?>> parts = new ArrayList<>();
        parts.add(groupBy(pre, op, flat, true));
        for (String condition : touched) {
            parts.add(grouped(g, ctx, condition, "1"));
        }
        return "WITH " + String.join(", ", ctes) + " " + Sql.render(TermSql.unionAll(parts));
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

    /** Every column each scan of the input reads. */
    private static List<ColumnRef> flatColumns(GroupedBody op) {
        List<ColumnRef> columns = new ArrayList<>();
        for (var leaf : Leaves.of(op.input())) {
            Scan s = (Scan) leaf;
            s.columns().forEach(c -> columns.add(new ColumnRef(s.alias(), c)));
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

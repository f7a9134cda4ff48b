package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.Sql.col;
import static dev.trickle.jooq.sql.SqlNames.ROW_ID;
import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Differentiates a {@link Project} over a body that reads a table without a key: {@code Δ(π(Q)) = π(ΔQ)}, netted per
 * identity {@code k} into a change of multiplicity {@code n' = n + Σw}, applied as inserts or deletes of that many
 * duplicate rows.
 *
 * <p>Identity. A keyed scan contributes its key to {@code k}, a keyless scan the binary image of the columns it reads
 * ({@link RowIdSql#content}). Rows of the result with the same {@code k} come from source rows equal in everything
 * the query reads, so they are equal: {@code k} is a class of {@code n} interchangeable rows, and at any snapshot the
 * class has one content (an UPDATE of a keyed row changes the content of its whole class).
 *
 * <p>Storage. The stream table holds the {@code n} rows, so that reading it gives the query's multiset: occurrence
 * {@code j} (1 to {@code n}) of class {@code k} has row id {@code hashint8extended(j, k)}, and occurrence 1, the head,
 * holds {@code n} in the hidden column {@code __pgt_mult} (null on the others). Keeping one row per class with a
 * count instead would make the apply cheaper when many rows are equal, but {@code SELECT *} of the stream table would
 * lose the duplicates.
 *
 * <p>State read: the head row of each changed class, by its row id (an index probe), for {@code n} and, when the
 * class shrinks without changing content, the content. Cost per changed class: the head's probe, plus one row written
 * per occurrence added or removed, plus the head's update; a class whose content changes rewrites its {@code n}
 * rows, as it must.
 *
 * <p>Net change. The delta's rows are summed per class and content; the classes with a non-zero sum are kept.
 * {@code Δn} is the sum over the class; the new content is that of the content with a positive sum (there is at most
 * one, the class's post-state content), else the stored one. The content changed when one content's sum is negative
 * and another's positive: then every occurrence up to {@code max(n, n')} is written (updated, inserted beyond
 * {@code n}, deleted beyond {@code n'}); otherwise only the head (its count) and the occurrences between {@code n}
 * and {@code n'}.
 */
final class MultisetProjectDeltaRule implements TopRule<Project> {
    /** The hidden column: the multiplicity of the class, on its first occurrence. */
    static final String MULT = "__pgt_mult";

    private static final String KEY = "__pgt_k";
    private static final String NET = "__pgt_net";
    private static final String DN = "__pgt_dn";
    private static final String CHANGED = "__pgt_changed";

    private final List<? extends Body> scans;

    MultisetProjectDeltaRule(List<? extends Body> scans) {
        this.scans = scans;
    }

    @Override
    public NetChange apply(Project op, Differentiator d, DeltaContext ctx) {
        String k = UnionSql.rowId(op.input(), scans, ctx);
        List<Select<?>> terms = new ArrayList<>();
        for (Term t : d.delta(op.input()).terms()) {
            List<Field<?>> items = new ArrayList<>();
            items.add(Sql.raw(k).as(KEY));
            items.add(TermSql.weight(t).as(TermSql.WEIGHT));
            items.addAll(ProjectDeltaRule.outputs(op, ctx));
            terms.add(TermSql.select(items, t, ctx));
        }
        return new NetChange(storageQuery(op, d, ctx, k), List.of(MULT), List.of(
                new Sql.Cte("__pgt_delta", false, TermSql.unionAll(terms)),
                new Sql.Cte(NET, false, net(op)),
                new Sql.Cte(ApplyStatement.CHANGES, true, changes(op, ctx))));
    }

    /** Numbers the rows of each class: occurrence {@code j} of class {@code k}; the head holds the class's size. */
    private static Select<?> storageQuery(Project op, Differentiator d, DeltaContext ctx, String k) {
        List<Field<?>> rows = new ArrayList<>(ProjectDeltaRule.outputs(op, ctx));
        rows.add(Sql.raw(k).as(KEY));
        String byClass = " OVER (PARTITION BY y." + quote(KEY) + ")";
        Select<?> numbered = DSL.select(DSL.table(DSL.name("y")).asterisk(),
                        Sql.raw("row_number()" + byClass).as("__pgt_j"), Sql.raw("count(*)" + byClass).as("__pgt_n"))
                .from(TermSql.select(rows, d.post(op.input()), ctx.unshared()).asTable("y"));
        List<Field<?>> items = new ArrayList<>();
        op.outputs().forEach(o -> items.add(col("x", o.name())));
        items.add(DSL.when(col("x", "__pgt_j").eq(DSL.inline(1)), col("x", "__pgt_n")).as(MULT));
        items.add(Sql.raw("hashint8extended(x.\"__pgt_j\", x.\"__pgt_k\")").as(ROW_ID));
        return DSL.select(items).from(numbered.asTable("x"));
    }

    /** One row per changed class: a row of its positive content if any, with {@code Δn} and whether it changed. */
    private static Select<?> net(Project op) {
        String content = op.outputs().stream().map(o -> "x." + quote(o.name())).collect(Collectors.joining(", "));
        Field<Object> net = col("y", NET);
        String byClass = " OVER (PARTITION BY y." + quote(KEY) + ")";
        Select<?> perContent = DSL.select(DSL.table(DSL.name("x")).asterisk(),
                        Sql.raw("sum(x." + quote(TermSql.WEIGHT) + ") OVER (PARTITION BY x." + quote(KEY)
                                + ", hashtextextended(ROW(" + content + ")::text, 0))").as(NET))
                .from(DSL.table(DSL.name("__pgt_delta")).as("x"));
        Select<?> perClass = DSL.select(DSL.table(DSL.name("y")).asterisk(),
                        Sql.raw("sum(y." + quote(TermSql.WEIGHT) + ")" + byClass).as(DN),
                        Sql.raw("(bool_or(y." + quote(NET) + " < 0)" + byClass + " AND bool_or(y." + quote(NET)
                                + " > 0)" + byClass + ")").as(CHANGED))
                .from(perContent.asTable("y"))
                .where(net.ne(DSL.inline(0)));
        return DSL.selectDistinct(DSL.table(DSL.name("z")).asterisk())
                .on(col("z", KEY))
                .from(perClass.asTable("z"))
                .orderBy(col("z", KEY), col("z", NET).desc());
    }

    /**
     * Writes the occurrences each changed class touches, with the old size {@code n} read from its head ({@code h})
     * and the new size {@code n' = n + Δn}.
     */
    private static Select<?> changes(Project op, DeltaContext ctx) {
        String n = "coalesce(h." + quote(MULT) + ", 0)";
        String next = "(" + n + " + c." + quote(DN) + ")";
        String j = "j." + quote("j");
        List<Field<?>> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(DSL.when(col("c", NET).gt(DSL.inline(0)), col("c", o.name())).otherwise(col("h", o.name()))
                    .as(o.name()));
        }
        items.add(Sql.raw("CASE WHEN " + j + " = 1 AND " + next + " > 0 THEN " + next + "::bigint END").as(MULT));
        items.add(Sql.raw("hashint8extended(" + j + ", c." + quote(KEY) + ")").as(ROW_ID));
        items.add(Sql.raw("CASE WHEN " + j + " > " + next + " THEN 'D' WHEN " + j + " > " + n
                + " THEN 'I' ELSE 'U' END").as(ApplyStatement.ACTION));
        // the occurrences written: all of them if the content changed, else those between n and n', and the head
        String occurrences = "LATERAL (SELECT generate_series(CASE WHEN c." + quote(CHANGED) + " THEN 1 ELSE least("
                + n + ", " + next + ") + 1 END, greatest(" + n + ", " + next + ")) AS " + quote("j")
                + " UNION SELECT 1 WHERE " + n + " > 0 AND " + next + " > 0) AS " + quote("j");
        return DSL.select(items)
                .from(DSL.table(DSL.name(NET)).as("c")
                        .leftJoin(DSL.table(ctx.storage()).as("h"))
                        .on(col("h", ROW_ID).eq(Sql.raw("hashint8extended(1, c." + quote(KEY) + ")")))
                        .crossJoin(DSL.table(DSL.raw(occurrences))));
    }
}

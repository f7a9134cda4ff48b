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
 * Differentiates a {@link Project}: {@code Δ(π(Q)) = π(ΔQ)}, consolidated to one net change per row identity.
 *
 * <p>State read: the storage table's {@code __pgt_row_id} only, to tell an insert from an update. A row's identity
 * hashes the keys of the source rows it joins, so an UPDATE of a source row produces, for each result row, a -1 of
 * its old values and a +1 of its new values under the same identity: summing weights per identity and content
 * cancels the pairs that did not change, and leaves at most one -1 (the old row) and one +1 (the new row), which
 * apply as an update; a lone -1 is a delete, a lone +1 an insert.
 */
final class ProjectDeltaRule implements TopRule<Project> {
    private final List<? extends Body> scans;

    ProjectDeltaRule(List<? extends Body> scans) {
        this.scans = scans;
    }

    @Override
    public NetChange apply(Project op, Differentiator d, DeltaContext ctx) {
        Field<Object> rid = Sql.raw(UnionSql.rowId(op.input(), scans, ctx));
        List<Field<?>> storageItems = new ArrayList<>(outputs(op, ctx));
        storageItems.add(rid.as(ROW_ID));
        Select<?> storageQuery = TermSql.select(storageItems, d.post(op.input()), ctx.unshared());

        List<Select<?>> terms = new ArrayList<>();
        for (Term t : d.delta(op.input()).terms()) {
            List<Field<?>> items = new ArrayList<>();
            items.add(rid.as(ROW_ID));
            items.add(TermSql.weight(t).as(TermSql.WEIGHT));
            items.addAll(outputs(op, ctx));
            terms.add(TermSql.select(items, t, ctx));
        }
        String content = op.outputs().stream().map(o -> "x." + quote(o.name())).collect(Collectors.joining(", "));
        Field<Object> net = col("y", "__pgt_net");
        Select<?> netRows = DSL.selectDistinct(DSL.table(DSL.name("y")).asterisk())
                .on(col("y", ROW_ID))
                .from(DSL.select(DSL.table(DSL.name("x")).asterisk(),
                                DSL.sum(DSL.field(DSL.name("x", TermSql.WEIGHT), Integer.class)).over()
                                        .partitionBy(col("x", ROW_ID),
                                                Sql.raw("hashtextextended(ROW(" + content + ")::text, 0)"))
                                        .as("__pgt_net"))
                        .from(DSL.table(DSL.name("__pgt_delta")).as("x"))
                        .asTable("y"))
                .where(net.ne(DSL.inline(0)))
                .orderBy(col("y", ROW_ID), net.desc());

        List<Field<?>> items = new ArrayList<>();
        op.outputs().forEach(o -> items.add(col("n", o.name())));
        items.add(col("n", ROW_ID));
        Field<Object> newNet = col("n", "__pgt_net");
        Field<Object> oldId = col("o", ROW_ID);
        items.add(DSL.when(newNet.lt(DSL.inline(0)), DSL.inline("D")).when(oldId.isNull(), DSL.inline("I"))
                .otherwise(DSL.inline("U")).as(ApplyStatement.ACTION));
        // over a window, a row that left the query without a stored row is listed too (the top-k reads it)
        Select<?> changes = DSL.select(items)
                .from(DSL.table(DSL.name("__pgt_net")).as("n")
                        .leftJoin(DSL.table(ctx.storage()).as("o")).on(oldId.eq(col("n", ROW_ID))))
                .where(ctx.windowed() ? DSL.noCondition() : newNet.gt(DSL.inline(0)).or(oldId.isNotNull()));
        return new NetChange(storageQuery, List.of(), List.of(
                new Sql.Cte("__pgt_delta", false, TermSql.unionAll(terms)),
                new Sql.Cte("__pgt_net", false, netRows),
                new Sql.Cte(ApplyStatement.CHANGES, true, changes)));
    }

    /** The output expressions of a projection under their names. */
    static List<Field<?>> outputs(Project op, DeltaContext ctx) {
        List<Field<?>> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(Sql.raw(ctx.expressions().render(o.expression())).as(o.name()));
        }
        return items;
    }
}

package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.Sql.col;
import static dev.trickle.jooq.sql.SqlNames.ROW_ID;
import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.TopK;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Differentiates a {@link TopK}: the window {@code W} of rows ranked {@code m+1 .. m+n} of the inner operator's result
 * {@code R} (by the sort keys, then the row identity). With {@code K} the inner rule's net changes (every touched
 * identity with its new row, or gone), {@code S' = (W − ids(K)) ∪ {k ∈ K : k not gone}}, {@code L} and {@code U} the
 * first and last stored rows and {@code c = |W|}:
 *
 * <pre>
 * W' = first n of S'                                  if (m = 0 ∨ (c > 0 ∧ ids(K) ⊆ ids(W) ∧ ∀k ∈ K: k ≥ L))
 *                                                        ∧ (c < n ∨ |{s ∈ S' : s ≤ U}| ≥ n)
 * W' = rows m+1 .. m+n of R_post (the bounded re-read)  otherwise
 * </pre>
 *
 * applied as the difference of {@code W'} and {@code W} by row identity. The first case holds because every row that
 * can enter is in {@code S'}: the rows before the window (when {@code m > 0}) neither changed nor were passed by a
 * changed row, so exactly {@code m} rows still precede {@code L}; and a row of {@code R} after {@code U} that did not
 * change ranks behind {@code n} rows of {@code S'} (or there is none: {@code c < n} means {@code R} ended inside the
 * window). The re-read happens when a row left the window or sank behind {@code U} and nothing of {@code S'} fills its
 * place, or, under an {@code OFFSET}, when a change touched a row outside the window (its old rank is unknown).
 *
 * <p>State read: the storage table (the window, {@code n} rows) and the inner rule's state for the touched identities,
 * which the inner rule reads in its windowed form ({@link DeltaContext#windowed()}): a projection's rows come whole
 * from the delta; an aggregate group without a stored row is recomputed from the post-state ({@link GroupRecompute}),
 * since the window keeps only its own groups' state. An UPDATE, a DELETE plus an INSERT under one identity, is one
 * row of {@code K}: its identity leaves {@code S'} with its old row and enters with its new one.
 */
final class TopKDeltaRule implements TopRule<TopK> {
    static final String INNER = "__pgt_tk";
    static final String CANDIDATES = "__pgt_ts";
    static final String FAST = "__pgt_tf";
    static final String WINDOW = "__pgt_tw";
    private static final String FLAG = "__pgt_flag";

    private final Plan plan;

    TopKDeltaRule(Plan plan) {
        this.plan = plan;
    }

    @Override
    public NetChange apply(TopK op, Differentiator d, DeltaContext ctx) {
        NetChange inner = d.differentiate(new Plan(op.inner(), plan.columns()), ctx.asWindow());
        List<String> columns = new ArrayList<>(op.outputs().stream().map(OutputColumnExpr::name).toList());
        columns.addAll(inner.hiddenColumns());
        columns.add(ROW_ID);
        Select<?> storageQuery = DSL.selectFrom(inner.storageQuery().asTable("__pgt_q"))
                .orderBy(Sql.raw(order(op, k -> k, ""))).limit(DSL.inline(op.limit())).offset(DSL.inline(op.offset()));
        List<Sql.Cte> ctes = new ArrayList<>(inner.ctes().subList(0, inner.ctes().size() - 1));
        Sql.Cte last = inner.ctes().get(inner.ctes().size() - 1);
        ctes.add(new Sql.Cte(INNER, last.materialized(), last.body()));
        ctes.add(new Sql.Cte(CANDIDATES, false, candidates(columns, ctx)));
        ctes.add(new Sql.Cte(FAST, false, fast(op, ctx)));
        ctes.add(new Sql.Cte(WINDOW, false, window(op, columns, storageQuery)));
        ctes.add(new Sql.Cte(ApplyStatement.CHANGES, true, changes(columns, ctx)));
        return new NetChange(storageQuery, inner.hiddenColumns(), ctes);
    }

    /** {@code S'}: the stored rows the inner changes do not touch, and the touched rows still in the query. */
    private static Select<?> candidates(List<String> columns, DeltaContext ctx) {
        Condition untouched = DSL.notExists(DSL.selectOne().from(DSL.table(DSL.name(INNER)).as("k"))
                .where(col("k", ROW_ID).eq(col("o", ROW_ID))));
        return DSL.select(fields("o", columns)).from(DSL.table(ctx.storage()).as("o")).where(untouched)
                .unionAll(DSL.select(fields("k", columns)).from(DSL.table(DSL.name(INNER)).as("k"))
                        .where(col("k", ApplyStatement.ACTION).ne(DSL.inline("D"))));
    }

    /** Whether the first {@code n} candidates are the new window (see the class comment), as one boolean row. */
    private static Select<?> fast(TopK op, DeltaContext ctx) {
        String stored = "(SELECT count(*) FROM " + Sql.render(ctx.storage()) + ")";
        // the window was not full, or the sentinel U (flag 2, after an equal row) is not among the first n candidates
        Condition upper = DSL.condition(DSL.raw(stored + " < " + op.limit()))
                .or(DSL.notExists(DSL.selectOne().from(merged(op, "__pgt_u", CANDIDATES, "", 2,
                                lastStored(op, ctx), op.limit()))
                        .where(col("__pgt_u", FLAG).eq(DSL.inline(2)))));
        if (op.offset() == 0) {
            return DSL.select(DSL.field(upper).as("fast"));
        }
        Condition allStored = DSL.notExists(DSL.selectOne().from(DSL.table(DSL.name(INNER)).as("k"))
                .where(DSL.notExists(DSL.selectOne().from(DSL.table(ctx.storage()).as("o"))
                        .where(col("o", ROW_ID).eq(col("k", ROW_ID))))));
        // no changed row ranks before the first stored row: the sentinel L (flag 0, before an equal row) comes first
        Condition lower = DSL.notExists(DSL.selectOne().from(merged(op, "__pgt_l", INNER,
                        " WHERE " + quote(ApplyStatement.ACTION) + " <> 'D'", 0, firstStored(op, ctx), 1))
                .where(col("__pgt_l", FLAG).eq(DSL.inline(1))));
        return DSL.select(DSL.field(DSL.condition(DSL.raw(stored + " > 0")).and(allStored).and(lower).and(upper))
                .as("fast"));
    }

    /**
     * The first {@code limit} rows, in window order, of a relation's sort keys and identities (flag 1) merged with one
     * stored row (the sentinel, flagged {@code sentinelFlag}, which sorts before equal rows if 0, after if 2).
     */
    private static org.jooq.Table<?> merged(TopK op, String alias, String relation, String where, int sentinelFlag,
            String sentinel, long limit) {
        String keys = keys(op);
        String sql = "SELECT " + keys + ", 1 AS " + quote(FLAG) + " FROM " + quote(relation) + where
                + " UNION ALL SELECT " + keys + ", " + sentinelFlag + " FROM (" + sentinel + ") AS \"s\""
                + " ORDER BY " + order(op, k -> k, "") + ", " + quote(FLAG) + " LIMIT " + limit;
        return DSL.table(DSL.raw("(" + sql + ")")).as(alias);
    }

    private static String firstStored(TopK op, DeltaContext ctx) {
        return "SELECT * FROM " + Sql.render(ctx.storage()) + " ORDER BY " + order(op, k -> k, "") + " LIMIT 1";
    }

    private static String lastStored(TopK op, DeltaContext ctx) {
        UnaryOperator<TopK.SortKey> reverse = k -> new TopK.SortKey(k.column(), !k.descending(), !k.nullsFirst());
        return "SELECT * FROM " + Sql.render(ctx.storage()) + " ORDER BY " + order(op, reverse, " DESC") + " LIMIT 1";
    }

    /** The sort keys and the row identity, comma-separated, as the candidates and the storage name them. */
    private static String keys(TopK op) {
        List<String> keys = new ArrayList<>(op.order().stream().map(k -> quote(k.column())).toList());
        keys.add(quote(ROW_ID));
        return String.join(", ", keys);
    }

    /** The window's order: the sort keys (each mapped by {@code key}), then the row identity. */
    private static String order(TopK op, UnaryOperator<TopK.SortKey> key, String rowIdDirection) {
        return op.order().stream().map(k -> key.apply(k).sql(quote(k.column()))).collect(Collectors.joining(", "))
                + ", " + quote(ROW_ID) + rowIdDirection;
    }

    /** {@code W'}: the first {@code n} candidates if they are the window, else the re-read. */
    private static Select<?> window(TopK op, List<String> columns, Select<?> storageQuery) {
        Field<Boolean> fast = DSL.field(DSL.select(DSL.field(DSL.name(FAST, "fast"), Boolean.class))
                .from(DSL.table(DSL.name(FAST))));
        Select<?> first = DSL.select(fields("c", columns)).from(DSL.table(DSL.name(CANDIDATES)).as("c"))
                .orderBy(Sql.raw(order(op, k -> k, ""))).limit(DSL.inline(op.limit()));
        return DSL.select(fields("a", columns)).from(first.asTable("a")).where(DSL.condition(fast))
                .unionAll(DSL.select(fields("b", columns)).from(storageQuery.asTable("b"))
                        .where(DSL.not(DSL.condition(fast))));
    }

    /** The difference of the new window and the stored one, by row identity. */
    private static Select<?> changes(List<String> columns, DeltaContext ctx) {
        Field<Object> newId = col("w", ROW_ID);
        Field<Object> oldId = col("o", ROW_ID);
        List<Field<?>> items = new ArrayList<>(fields("w", columns.subList(0, columns.size() - 1)));
        items.add(DSL.coalesce(newId, oldId).as(ROW_ID));
        items.add(DSL.when(oldId.isNull(), DSL.inline("I")).when(newId.isNull(), DSL.inline("D"))
                .otherwise(DSL.inline("U")).as(ApplyStatement.ACTION));
        return DSL.select(items).from(DSL.table(DSL.name(WINDOW)).as("w")
                .fullJoin(DSL.table(ctx.storage()).as("o")).on(oldId.eq(newId)));
    }

    private static List<Field<?>> fields(String alias, List<String> columns) {
        return columns.stream().<Field<?>>map(c -> col(alias, c)).toList();
    }
}

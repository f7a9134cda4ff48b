package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.UnionAll;
import dev.trickle.jooq.sql.Sql;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Writes the rows of a {@link UnionAll}: per part, {@code SELECT CAST(itemⱼ AS typeⱼ) AS "__pgt_cj", i AS
 * "__pgt_branch" [, hash(i, identity) AS "__pgt_bid"] [, weight AS "__pgt_w"] FROM <branch term>}, summed with
 * {@code UNION ALL} under the alias {@code "__pgt_u"}. The casts give every part the union's column types, so that a
 * delta read from one branch hashes and compares as the union's post-state does.
 */
final class UnionSql {
    private UnionSql() {}

    /** Writes the FROM item. */
    static Table<?> table(UnionRows rows, DeltaContext ctx) {
        UnionAll op = rows.op();
        List<Select<?>> parts = new ArrayList<>();
        for (UnionRows.Part part : rows.parts()) {
            UnionAll.Branch branch = op.branches().get(part.branch());
            List<Field<?>> items = new ArrayList<>();
            for (int j = 0; j < op.width(); j++) {
                String item = ctx.expressions().render(branch.items().get(j));
                items.add(Sql.raw(op.types().isEmpty() ? item : "CAST(" + item + " AS " + op.types().get(j) + ")")
                        .as(UnionAll.column(j)));
            }
            items.add(DSL.inline(part.branch() + 1).as(UnionAll.BRANCH));
            if (op.identified()) {
                items.add(Sql.raw(rowId(op, part.branch(), ctx)).as(UnionAll.ROW));
            }
            if (rows.delta()) {
                items.add(TermSql.weight(part.term()).as(TermSql.WEIGHT));
            }
            parts.add(TermSql.select(items, part.term(), ctx));
        }
        return TermSql.unionAll(parts).asTable(UnionAll.ALIAS);
    }

    /** The weight of a row of the union's delta. */
    static String weight() {
        return quote(UnionAll.ALIAS) + "." + quote(TermSql.WEIGHT);
    }

    /**
     * The row identity of a body's row: {@code "__pgt_u"."__pgt_bid"} over a union, else the hash of every scan's
     * identity ({@link TermSql#rowId}, over its {@link Leaves}).
     */
    static String rowId(Body input, List<? extends Body> leaves, DeltaContext ctx) {
        if (input instanceof UnionAll) {
            return quote(UnionAll.ALIAS) + "." + quote(UnionAll.ROW);
        }
        return TermSql.rowId(leaves, ctx);
    }

    /** The identity of a row of branch {@code b}: its number and its identity in the branch, hashed. */
    private static String rowId(UnionAll op, int b, DeltaContext ctx) {
        int offset = 0;
        for (int i = 0; i < b; i++) {
            offset += identityWidth(Leaves.of(op.branches().get(i).input()));
        }
        List<Body> leaves = Leaves.of(op.branches().get(b).input());
        List<String> types = ctx.keyTypes().isEmpty() ? List.of()
                : ctx.keyTypes().subList(offset, offset + identityWidth(leaves));
        DeltaContext own = new DeltaContext(ctx.storage(), ctx.expressions(), types);
        return "hash_record_extended(ROW(" + (b + 1) + ", " + TermSql.rowId(leaves, own) + "), 0)";
    }

    /**
     * Writes the key probe of a union whose rows carry their identity: a cross join of one query per branch, whose
     * columns are the identity columns of its leaves ({@link TermSql#keys}), so the probe's columns are those of every
     * leaf of the plan, in plan order.
     */
    static String keyProbe(UnionAll op, Differentiator d, DeltaContext ctx) {
        Table<?> from = null;
        int k = 0;
        for (int i = 0; i < op.branches().size(); i++) {
            Body input = op.branches().get(i).input();
            List<Field<?>> items = new ArrayList<>();
            for (String key : TermSql.keys(Leaves.of(input))) {
                items.add(Sql.raw(key).as(SqlNames.RESERVED_PREFIX + "k" + (++k)));
            }
            Table<?> branch = TermSql.select(items, d.post(input), ctx).asTable(SqlNames.RESERVED_PREFIX + "b" + (i + 1));
            from = from == null ? branch : from.crossJoin(branch);
        }
        return Sql.render(DSL.select(DSL.asterisk()).from(from));
    }

    private static int identityWidth(List<Body> leaves) {
        return leaves.stream().mapToInt(l -> Leaves.identity(l).size()).sum();
    }
}

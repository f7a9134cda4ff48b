package dev.trickle.jooq.delta;

import static dev.trickle.jooq.ddl.SqlNames.ROW_ID;
import static dev.trickle.jooq.ddl.SqlNames.quote;

import dev.trickle.jooq.OutputColumn;
import dev.trickle.jooq.ddl.ApplySql;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.Scan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Differentiates a {@link Project} at the top of a plan: {@code Δ(π(Q)) = π(ΔQ)}, then consolidates to one net
 * change per row identity.
 *
 * <p>Linear, reads no state besides the storage table (to tell inserts from updates). A row's identity hashes the
 * keys of the source rows it joins, so an UPDATE of a source row produces, for each result row, a -1 of its old
 * values and a +1 of its new values under the same identity: summing weights per identity and content cancels the
 * pairs that did not change, and leaves at most one -1 (the old row) and one +1 (the new row), which apply as an
 * update; a lone -1 is a delete, a lone +1 an insert.
 */
final class ProjectDeltaRule {
    private ProjectDeltaRule() {}

    static RefreshSql compile(Project op, List<Scan> scans, Differentiator d, DeltaContext ctx,
            List<OutputColumn> outputs) {
        String rid = TermSql.rowId(scans, ctx);
        String storageQuery = "SELECT " + select(op, ctx) + ",\n       " + rid + " AS " + quote(ROW_ID) + "\n"
                + TermSql.fromWhere(d.post(op.input()), ctx);
        List<String> terms = new ArrayList<>();
        for (Term t : d.delta(op.input()).terms()) {
            terms.add("SELECT " + rid + " AS " + quote(ROW_ID) + ", " + TermSql.weight(t) + " AS " + TermSql.WEIGHT
                    + ",\n       " + select(op, ctx) + "\n" + TermSql.fromWhere(t, ctx));
        }
        String names = outputs.stream().map(c -> "x." + quote(c.name())).collect(Collectors.joining(", "));
        String net = quote("__pgt_net");
        String sql = "WITH " + quote("__pgt_delta") + " AS (\n" + String.join("\nUNION ALL\n", terms) + "\n),\n"
                + net + " AS (\n"
                + "SELECT DISTINCT ON (y." + quote(ROW_ID) + ") y.* FROM (\n"
                + "  SELECT x.*, sum(x." + TermSql.WEIGHT + ") OVER (PARTITION BY x." + quote(ROW_ID)
                + ", hashtextextended(ROW(" + names + ")::text, 0)) AS " + net + "\n"
                + "    FROM " + quote("__pgt_delta") + " x) y\n"
                + " WHERE y." + net + " <> 0\n"
                + " ORDER BY y." + quote(ROW_ID) + ", y." + net + " DESC\n),\n"
                + quote(ApplySql.CHANGES) + " AS MATERIALIZED (\n"
                + "SELECT " + outputs.stream().map(c -> "n." + quote(c.name())).collect(Collectors.joining(", "))
                + (outputs.isEmpty() ? "" : ", ") + "n." + quote(ROW_ID) + ",\n"
                + "       CASE WHEN n." + net + " < 0 THEN 'D' WHEN o." + quote(ROW_ID) + " IS NULL THEN 'I' ELSE 'U'"
                + " END AS " + quote(ApplySql.ACTION) + "\n"
                + "  FROM " + net + " n LEFT JOIN " + ctx.storage() + " o ON o." + quote(ROW_ID) + " = n."
                + quote(ROW_ID) + "\n"
                + " WHERE n." + net + " > 0 OR o." + quote(ROW_ID) + " IS NOT NULL\n),\n"
                + ApplySql.applyCtes(ctx.storage(), outputs, ctx.afterApply());
        return new RefreshSql(storageQuery, List.of(), sql);
    }

    private static String select(Project op, DeltaContext ctx) {
        List<String> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(ctx.expressions().render(o.expression()) + " AS " + quote(o.name()));
        }
        return String.join(", ", items);
    }
}

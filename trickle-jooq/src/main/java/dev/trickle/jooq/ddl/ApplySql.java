package dev.trickle.jooq.ddl;

import static dev.trickle.jooq.ddl.SqlNames.ROW_ID;
import static dev.trickle.jooq.ddl.SqlNames.quote;

import dev.trickle.jooq.OutputColumn;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the one statement that applies a refresh to a storage table. Its input is a relation {@code __pgt_d} of
 * net changes, one row per row identity, with the new column values and an action: {@code I} (insert), {@code U}
 * (update) or {@code D} (delete). Data-modifying CTEs apply all three and count them in one round trip; they see
 * the same snapshot, and no identity is both deleted and inserted, so their order does not matter.
 *
 * <p>The update skips rows whose values are not distinct from the stored ones. Only rows that really change are written, so triggers on the storage table (which feed stream tables that
 * read this one) see exactly the difference.
 */
public final class ApplySql {
    /** Name of the net-change relation the apply statement reads. */
    public static final String CHANGES = "__pgt_d";
    /** Name of its action column. */
    public static final String ACTION = "__pgt_action";
    /** Name of the one-row relation of the apply's counts: inserted, updated, deleted. */
    public static final String COUNTS = "__pgt_counts";

    private ApplySql() {}

    /**
     * Writes the full-refresh statement: recompute the storage query, compare it with the storage table by row
     * identity, and apply the differences.
     *
     * @param storage the quoted, qualified storage table
     * @param columns every storage column except {@code __pgt_row_id}, in order
     * @param storageQuery a query producing those columns and {@code __pgt_row_id}
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public static String fullRefresh(String storage, List<OutputColumn> columns, String storageQuery) {
        return fullRefresh(storage, columns, storageQuery, "");
    }

    /**
     * Writes the full-refresh statement with more CTEs after the apply (see {@link #applyCtes(String, List,
     * String)}).
     *
     * @param storage the quoted, qualified storage table
     * @param columns every storage column except {@code __pgt_row_id}, in order
     * @param storageQuery a query producing those columns and {@code __pgt_row_id}
     * @param afterApply CTEs that may read {@code "__pgt_counts"}, or empty
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public static String fullRefresh(String storage, List<OutputColumn> columns, String storageQuery,
            String afterApply) {
        String distinct = columns.isEmpty()
                ? "false"
                : columns.stream().map(ApplySql::distinct).collect(Collectors.joining(" OR "));
        String changes = "SELECT " + prefixed(columns, "n") + (columns.isEmpty() ? "" : ", ")
                + "coalesce(n." + quote(ROW_ID) + ", o." + quote(ROW_ID) + ") AS " + quote(ROW_ID) + ",\n"
                + "       CASE WHEN o." + quote(ROW_ID) + " IS NULL THEN 'I' WHEN n." + quote(ROW_ID)
                + " IS NULL THEN 'D' ELSE 'U' END AS " + quote(ACTION) + "\n"
                + "  FROM " + quote("__pgt_n") + " n FULL JOIN " + storage + " o ON o." + quote(ROW_ID) + " = n."
                + quote(ROW_ID) + "\n"
                + " WHERE n." + quote(ROW_ID) + " IS NULL OR o." + quote(ROW_ID) + " IS NULL OR (" + distinct + ")";
        return "WITH " + quote("__pgt_n") + " AS (\n" + storageQuery + "\n),\n"
                + quote(CHANGES) + " AS MATERIALIZED (\n" + changes + "\n),\n"
                + applyCtes(storage, columns, afterApply);
    }

    /**
     * Writes the CTEs and final select that apply {@code __pgt_d}, to be appended after a {@code WITH} list that
     * defines it.
     *
     * @param storage the quoted, qualified storage table
     * @param columns every storage column except {@code __pgt_row_id}
     * @return {@code "__pgt_del" AS (...), ... SELECT inserted, updated, deleted}
     */
    public static String applyCtes(String storage, List<OutputColumn> columns) {
        return applyCtes(storage, columns, "");
    }

    /**
     * Writes the CTEs and final select that apply {@code __pgt_d}, with more CTEs after the apply: the engine's
     * bookkeeping (frontier, status, history), which then runs in the same statement. They may read the relation
     * {@code "__pgt_counts"(inserted, updated, deleted)}, one row; the statement returns that row.
     *
     * @param storage the quoted, qualified storage table
     * @param columns every storage column except {@code __pgt_row_id}
     * @param afterApply comma-separated {@code name AS (...)} CTEs, or empty
     * @return {@code "__pgt_del" AS (...), ... SELECT inserted, updated, deleted}
     */
    public static String applyCtes(String storage, List<OutputColumn> columns, String afterApply) {
        String d = quote(CHANGES);
        String rid = quote(ROW_ID);
        String match = " WHERE d." + quote(ACTION) + " = '%s' AND t." + rid + " = d." + rid;
        StringBuilder sql = new StringBuilder();
        sql.append(quote("__pgt_del")).append(" AS (DELETE FROM ").append(storage).append(" t USING ").append(d)
                .append(" d").append(String.format(match, "D")).append(" RETURNING 1),\n");
        if (!columns.isEmpty()) {
            sql.append(quote("__pgt_upd")).append(" AS (UPDATE ").append(storage).append(" t SET ")
                    .append(columns.stream()
                            .map(c -> quote(c.name()) + " = d." + quote(c.name()))
                            .collect(Collectors.joining(", ")))
                    .append(" FROM ").append(d).append(" d").append(String.format(match, "U"))
                    .append("\n   AND (")
                    .append(columns.stream().map(c -> distinct(c, "t", "d")).collect(Collectors.joining(" OR ")))
                    .append(") RETURNING 1),\n");
        }
        sql.append(quote("__pgt_ins")).append(" AS (INSERT INTO ").append(storage).append(" (")
                .append(names(columns)).append(columns.isEmpty() ? "" : ", ").append(rid).append(") SELECT ")
                .append(prefixed(columns, "d")).append(columns.isEmpty() ? "" : ", ").append("d.").append(rid)
                .append(" FROM ").append(d).append(" d WHERE d.").append(quote(ACTION)).append(" = 'I' RETURNING 1)");
        sql.append(",\n").append(quote(COUNTS)).append(" AS (SELECT (SELECT count(*) FROM ").append(quote("__pgt_ins"))
                .append(") AS inserted, ")
                .append(columns.isEmpty() ? "0::bigint" : "(SELECT count(*) FROM " + quote("__pgt_upd") + ")")
                .append(" AS updated, (SELECT count(*) FROM ").append(quote("__pgt_del")).append(") AS deleted)");
        if (!afterApply.isBlank()) {
            sql.append(",\n").append(afterApply);
        }
        sql.append("\nSELECT inserted, updated, deleted FROM ").append(quote(COUNTS));
        return sql.toString();
    }

    /**
     * Writes a condition that is true when column {@code c} differs between aliases {@code n} and {@code o}.
     * Types without an equality operator compare as text.
     */
    static String distinct(OutputColumn c) {
        return distinct(c, "n", "o");
    }

    static String distinct(OutputColumn c, String a, String b) {
        String q = quote(c.name());
        return c.hasEquality()
                ? a + "." + q + " IS DISTINCT FROM " + b + "." + q
                : a + "." + q + "::text IS DISTINCT FROM " + b + "." + q + "::text";
    }

    static String names(List<OutputColumn> columns) {
        return columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    static String prefixed(List<OutputColumn> columns, String alias) {
        return columns.stream().map(c -> alias + "." + quote(c.name())).collect(Collectors.joining(", "));
    }
}

package dev.trickle.jooq.delta;

import dev.trickle.jooq.ddl.SqlNames;
import dev.trickle.jooq.plan.Expressions;
import java.util.List;

/**
 * What the delta SQL of one stream table refers to besides its plan.
 *
 * @param streamTableId the stream table's catalog id, whose frontiers bound the change windows
 * @param storage the quoted, qualified storage table
 * @param expressions the renderer of the plan's expressions
 * @param keyTypes the base types of the row identity's keys (see {@link Differentiator#keyProbe}), in order; empty if
 *     unknown
 * @param afterApply CTEs run after the apply in the same statement (see {@link
 *     dev.trickle.jooq.ddl.ApplySql#applyCtes(String, List, String)}), or empty
 */
public record DeltaContext(long streamTableId, String storage, Expressions expressions, List<String> keyTypes,
        String afterApply) {

    /**
     * A context without bookkeeping after the apply.
     *
     * @param streamTableId the stream table's catalog id, whose frontiers bound the change windows
     * @param storage the quoted, qualified storage table
     * @param expressions the renderer of the plan's expressions
     * @param keyTypes the base types of the row identity's keys, in order; empty if unknown
     */
    public DeltaContext(long streamTableId, String storage, Expressions expressions, List<String> keyTypes) {
        this(streamTableId, storage, expressions, keyTypes, "");
    }

    /**
     * Copies the key types.
     *
     * @param streamTableId the stream table's catalog id, whose frontiers bound the change windows
     * @param storage the quoted, qualified storage table
     * @param expressions the renderer of the plan's expressions
     * @param keyTypes the base types of the row identity's keys (see {@link Differentiator#keyProbe}), in order; empty if
     *     unknown
     * @param afterApply CTEs run after the apply in the same statement, or empty
     */
    public DeltaContext {
        keyTypes = List.copyOf(keyTypes);
    }

    /**
     * Writes the stream table's frontier for a source: the snapshot its last refresh read.
     *
     * @param sourceOid the source
     * @return a scalar subquery of type {@code pg_snapshot}
     */
    public String frontier(long sourceOid) {
        return "(SELECT f.frontier FROM " + SqlNames.CATALOG_SCHEMA + ".pgt_dependencies f WHERE f.pgt_id = "
                + streamTableId + " AND f.source_relid = " + sourceOid + "::oid)";
    }

    /**
     * Writes the change window of a source: the buffer rows committed after the frontier and visible in the
     * transaction's snapshot (MVCC hides the rest), excluding TRUNCATE markers.
     *
     * @param sourceOid the source
     * @param alias the buffer's alias in the query
     * @return a condition over the buffer
     */
    public String window(long sourceOid, String alias) {
        return alias + "." + SqlNames.quote("__pgt_w") + " <> 0 AND " + changesSince(sourceOid, alias);
    }

    /**
     * Writes the condition that a buffer row was committed after the frontier, TRUNCATE markers included.
     *
     * @param sourceOid the source
     * @param alias the buffer's alias in the query
     * @return a condition over the buffer
     */
    public String changesSince(long sourceOid, String alias) {
        String f = frontier(sourceOid);
        String xid = alias + "." + SqlNames.quote("__pgt_xid");
        return xid + " >= pg_snapshot_xmin(" + f + ") AND NOT pg_visible_in_snapshot(" + xid + ", " + f + ")";
    }

    /**
     * Writes the query that counts each source's pending changes: one row per source with its OID, the number of
     * change rows, the number of TRUNCATE markers, and the planner's estimate of the source's row count.
     *
     * @param streamTableId the stream table
     * @param sourceOids the captured sources
     * @return the query, or {@code null} if there are no captured sources
     */
    public static @org.jspecify.annotations.Nullable String changesQuery(long streamTableId, java.util.List<Long> sourceOids) {
        if (sourceOids.isEmpty()) {
            return null;
        }
        DeltaContext ctx = new DeltaContext(streamTableId, "", new Expressions(
                new dev.trickle.jooq.plan.ColumnResolver(new java.util.IdentityHashMap<>())), List.of());
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (long oid : sourceOids) {
            parts.add("SELECT " + oid + "::bigint, count(*) FILTER (WHERE b." + SqlNames.quote("__pgt_w") + " <> 0), "
                    + "count(*) FILTER (WHERE b." + SqlNames.quote("__pgt_w") + " = 0), "
                    + "(SELECT c.reltuples::bigint FROM pg_class c WHERE c.oid = " + oid + "::oid)"
                    + " FROM " + SqlNames.changeBuffer(oid) + " b WHERE " + ctx.changesSince(oid, "b"));
        }
        return String.join("\nUNION ALL\n", parts);
    }
}

package dev.trickle.jooq.sql;

/**
 * The change window of a stream table's refresh as transaction ids: a buffer row is in it if its transaction is not
 * visible in the frontier (the snapshot the stream table's last refresh read, in {@code pgtrickle.pgt_dependencies})
 * and, by MVCC, is visible to the refresh. So every committed change is applied exactly once, however long its
 * transaction ran.
 *
 * @param streamTableId the stream table whose frontiers bound the window
 */
public record XidWindow(long streamTableId) implements ChangeWindow {

    /**
     * Writes the stream table's frontier for a source.
     *
     * @param sourceOid the source
     * @return a scalar subquery of type {@code pg_snapshot}
     */
    String frontier(long sourceOid) {
        return "(SELECT f.frontier FROM " + SqlNames.CATALOG_SCHEMA + ".pgt_dependencies f WHERE f.pgt_id = "
                + streamTableId + " AND f.source_relid = " + sourceOid + "::oid)";
    }

    @Override
    public String contains(long sourceOid, String alias) {
        String f = frontier(sourceOid);
        String xid = SqlNames.quote(alias) + "." + SqlNames.quote("__pgt_xid");
        return xid + " >= pg_snapshot_xmin(" + f + ") AND NOT pg_visible_in_snapshot(" + xid + ", " + f + ")";
    }
}

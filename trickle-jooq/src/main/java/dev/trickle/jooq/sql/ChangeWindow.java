package dev.trickle.jooq.sql;

import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;

/**
 * Which rows of a source's change buffer one refresh applies: those committed after the stream table's frontier
 * and visible to the refresh. Rules never see how that is decided: a delta reads each changed source as a relation
 * ({@link ApplyStatement#changesOf}), whose condition only the window writes, once per source and statement. Today
 * the window is transaction ids between two snapshots ({@link XidWindow}); a window of WAL positions would implement
 * this interface and touch no rule.
 */
public interface ChangeWindow {

    /**
     * Writes the condition that a buffer row lies in the window, TRUNCATE markers included.
     *
     * @param sourceOid the source
     * @param alias the buffer's alias
     * @return a condition over the buffer's columns
     */
    String contains(long sourceOid, String alias);

    /**
     * Writes the query that counts each source's pending changes: one row per source with its OID, the number of
     * change rows, the number of TRUNCATE markers, and the planner's estimate of the source's row count.
     *
     * @param sourceOids the captured sources
     * @return the query, or {@code null} if there are no captured sources
     */
    default @org.jspecify.annotations.Nullable String pendingChanges(List<Long> sourceOids) {
        if (sourceOids.isEmpty()) {
            return null;
        }
        List<org.jooq.Select<?>> parts = new ArrayList<>();
        for (long oid : sourceOids) {
            org.jooq.Field<Object> w = Sql.col("b", SqlNames.WEIGHT);
            parts.add(DSL.select(DSL.inline(oid).as("source"),
                            DSL.count().filterWhere(w.ne(DSL.inline(0))).as("changes"),
                            DSL.count().filterWhere(w.eq(DSL.inline(0))).as("truncations"),
                            Sql.raw("(SELECT c.reltuples::bigint FROM pg_catalog.pg_class c WHERE c.oid = " + oid
                                    + "::oid)").as("estimate"))
                    .from(Sql.table(SqlNames.changeBufferName(oid), "b"))
                    .where(DSL.condition(DSL.raw(contains(oid, "b")))));
        }
        org.jooq.Select<?> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.unionAll((org.jooq.Select) parts.get(i));
        }
        return Sql.render(all);
    }
}

package dev.trickle.engine.refresh;

import dev.trickle.RefreshAction;
import dev.trickle.engine.catalog.History;
import dev.trickle.jooq.sql.SqlNames;
import org.jspecify.annotations.Nullable;

/**
 * What a successful refresh records, written as CTEs that run in the apply statement itself, after the apply (they
 * read its counts from {@code "__pgt_counts"}): the frontier moves to the refresh's snapshot, the stream table is
 * marked fresh and ACTIVE, and the history gets a row. Every sub-statement of a statement sees the snapshot from
 * before it, so the apply reads the old frontier while the bookkeeping writes the new one. The values are literals
 * (the texts contain user SQL, where a {@code ?} may be an operator); they change only with the action, who asked
 * and a full refresh's reason, so a stream table's refreshes send few distinct texts, each planned once.
 */
final class Bookkeeping {
    /** The apply's counts relation (see {@link dev.trickle.jooq.QueryCompiler#differentialSql}). */
    private static final String COUNTS = "\"__pgt_counts\"";

    private Bookkeeping() {}

    /**
     * The bookkeeping CTEs of one refresh.
     *
     * @param id the stream table
     * @param action what the refresh did
     * @param initiator who asked
     * @param reason why it recomputed in full, or {@code null}
     * @param engineId the engine, for the history
     * @return comma-separated {@code name AS (...)} CTEs that read {@code "__pgt_counts"}
     */
    static String afterApply(long id, RefreshAction action, History.Initiator initiator, @Nullable String reason,
            String engineId) {
        // the frontier is computed once (an InitPlan), not once per source
        return "\"__pgt_frontier\" AS (UPDATE pgtrickle.pgt_dependencies"
                + " SET frontier = (SELECT pgtrickle.frontier_snapshot()) WHERE pgt_id = " + id + " RETURNING 1),\n"
                + "\"__pgt_status\" AS (UPDATE pgtrickle.pgt_stream_tables SET data_timestamp = now(),"
                + " last_refresh_at = clock_timestamp(), is_populated = true, consecutive_errors = 0,"
                + " last_error = NULL, status = 'ACTIVE', updated_at = clock_timestamp() WHERE pgt_id = " + id
                + " RETURNING 1),\n"
                + "\"__pgt_history\" AS (INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, data_timestamp,"
                + " start_time, end_time, action, status, rows_inserted, rows_updated, rows_deleted, initiated_by,"
                + " reason, engine_id, backend_pid) SELECT " + id + ", now(), now(), clock_timestamp(), "
                + SqlNames.literal(action.name()) + ", 'COMPLETED', k.inserted, k.updated, k.deleted, "
                + SqlNames.literal(initiator.name()) + ", " + (reason == null ? "NULL" : SqlNames.literal(reason))
                + ", " + SqlNames.literal(engineId) + ", pg_backend_pid() FROM " + COUNTS + " k RETURNING 1)";
    }

    /**
     * The bookkeeping as a statement of its own, for a refresh that ran no apply statement (nothing to do, or an
     * initial load).
     *
     * @param counts inserted, updated, deleted
     * @param afterApply the CTEs of {@link #afterApply}
     * @return the statement; it returns the counts
     */
    static String statement(long[] counts, String afterApply) {
        return "WITH " + COUNTS + " AS (SELECT " + counts[0] + "::bigint AS inserted, " + counts[1]
                + "::bigint AS updated, " + counts[2] + "::bigint AS deleted),\n" + afterApply
                + "\nSELECT inserted, updated, deleted FROM " + COUNTS;
    }
}

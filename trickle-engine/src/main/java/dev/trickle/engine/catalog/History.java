package dev.trickle.engine.catalog;

import dev.trickle.RefreshAction;
import dev.trickle.engine.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Writes {@code pgtrickle.pgt_refresh_history}. */
public final class History {
    private History() {}

    /** Who started a refresh. */
    public enum Initiator {
        /** The initial load when the stream table was created. */
        CREATE,
        /** A call of {@code Trickle.refresh}. */
        MANUAL,
        /** The engine's scheduler. */
        SCHEDULER,
        /** The SQL facade ({@code pgtrickle.refresh_stream_table}). */
        SQL,
        /** A call of {@code Trickle.reinitialize}. */
        REINITIALIZE
    }

    /**
     * Records a completed refresh. Its times are the server's: {@code start_time} is the start of the refresh's
     * transaction (after its lock was granted), {@code end_time} the moment of this insert, so that the refreshes
     * of one stream table never overlap in the history.
     *
     * @param c the connection, in the refresh's transaction
     * @param streamTableId the stream table
     * @param action what it did
     * @param inserted rows inserted
     * @param updated rows updated
     * @param deleted rows deleted
     * @param initiator who started it
     * @param reason why a differential stream table was refreshed in full, or {@code null}
     * @param engineId the engine that ran it
     * @throws SQLException if the server fails
     */
    public static void completed(Connection c, long streamTableId, RefreshAction action, long inserted,
            long updated, long deleted, Initiator initiator, @Nullable String reason, String engineId)
            throws SQLException {
        Jdbc.update(c, """
                INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, data_timestamp, start_time, end_time, action, status,
                    rows_inserted, rows_updated, rows_deleted, initiated_by, reason, engine_id, backend_pid)
                VALUES (?, now(), now(), clock_timestamp(), ?, 'COMPLETED', ?, ?, ?, ?, ?, ?,
                        pg_backend_pid())""",
                streamTableId, action.name(), inserted, updated, deleted, initiator.name(),
                reason, engineId);
    }

    /**
     * Records a failed refresh.
     *
     * @param c the connection, in a transaction of its own
     * @param streamTableId the stream table
     * @param start when the refresh started
     * @param action what it tried to do
     * @param error the error message
     * @param retryable whether the error may go away on retry
     * @param initiator who started it
     * @param engineId the engine that ran it
     * @throws SQLException if the server fails
     */
    public static void failed(Connection c, long streamTableId, Instant start, RefreshAction action, String error,
            boolean retryable, Initiator initiator, String engineId) throws SQLException {
        Jdbc.update(c, """
                INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, start_time, end_time, action, status,
                    error_message, retryable, initiated_by, engine_id, backend_pid)
                SELECT ?, ?, clock_timestamp(), ?, 'FAILED', ?, ?, ?, ?, pg_backend_pid()
                 WHERE EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_id = ?)""",
                streamTableId, Timestamp.from(start), action.name(), error, retryable, initiator.name(), engineId,
                streamTableId);
    }
}

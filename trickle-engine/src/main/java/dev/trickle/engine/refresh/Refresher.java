package dev.trickle.engine.refresh;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.TableName;
import dev.trickle.engine.Errors;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.CatalogSchema;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one refresh of one stream table.
 *
 * <ol>
 *   <li>A session advisory lock on the stream table, taken before the transaction begins, serializes refreshes of
 *       it across every engine on the database. Taking it first matters: the refresh's snapshot must be younger
 *       than the commit of the refresh before it.
 *   <li>A {@code REPEATABLE READ} transaction: every statement reads the same snapshot, which becomes the new
 *       frontier of every source.
 *   <li>The apply statement writes only rows that change; frontier, status and history are updated in the same
 *       transaction, so a refresh is all or nothing.
 * </ol>
 *
 * A failed refresh is rolled back, then recorded (error count, message, history) in a transaction of its own.
 */
public final class Refresher {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);

    private final Clock clock;
    private final String engineId;

    /**
     * Creates a refresher.
     *
     * @param clock the engine's clock
     * @param engineId the engine's id, for the history
     */
    public Refresher(Clock clock, String engineId) {
        this.clock = clock;
        this.engineId = engineId;
    }

    /**
     * Refreshes a stream table.
     *
     * @param c a connection in auto-commit mode
     * @param name the qualified name
     * @param initiator who asked
     * @return what the refresh did
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws RefreshException if the refresh failed; nothing of it was applied
     * @throws SQLException if the server fails outside the refresh itself
     */
    public RefreshResult refresh(Connection c, TableName name, History.Initiator initiator) throws SQLException {
        StreamTableRow row = Catalog.find(c, name, false)
                .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
        long started = System.nanoTime();
        Instant start = clock.instant();
        Jdbc.query(c, "SELECT pg_advisory_lock(?, ?)", rs -> 0, CatalogSchema.LOCK_NAMESPACE, (int) row.id());
        try {
            return run(c, row.id(), name, initiator, start, started);
        } catch (SQLException e) {
            RefreshException failure = Errors.refresh(name, e);
            recordFailure(c, row.id(), start, failure, initiator);
            throw failure;
        } finally {
            unlock(c, row.id());
        }
    }

    private RefreshResult run(Connection c, long id, TableName name, History.Initiator initiator, Instant start,
            long started) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.REPEATABLE_READ)) {
            StreamTableRow row = Catalog.find(c, id)
                    .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
            Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, row.searchPath());
            long[] counts = Jdbc.queryOne(c, row.fullRefreshSql(),
                            rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                    .orElseThrow();
            RefreshAction action = RefreshAction.FULL;
            Jdbc.update(c, """
                    UPDATE pgtrickle.pgt_stream_tables
                       SET data_timestamp = now(), last_refresh_at = clock_timestamp(), is_populated = true,
                           consecutive_errors = 0, last_error = NULL, status = 'ACTIVE', updated_at = clock_timestamp()
                     WHERE pgt_id = ?""", id);
            Jdbc.update(c, "UPDATE pgtrickle.pgt_dependencies SET frontier = pg_current_snapshot() WHERE pgt_id = ?",
                    id);
            History.completed(c, id, start, action, counts[0], counts[1], counts[2], initiator, null, engineId);
            tx.commit();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.debug("refreshed '{}' ({}): +{} ~{} -{} in {} ms", name, action, counts[0], counts[1], counts[2],
                    took.toMillis());
            return new RefreshResult(name, action, counts[0], counts[1], counts[2], took, null);
        }
    }

    private void recordFailure(Connection c, long id, Instant start, RefreshException failure,
            History.Initiator initiator) {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Jdbc.update(c, """
                    UPDATE pgtrickle.pgt_stream_tables
                       SET consecutive_errors = consecutive_errors + 1, last_error = ?, updated_at = clock_timestamp()
                     WHERE pgt_id = ?""", failure.getMessage(), id);
            History.failed(c, id, start, RefreshAction.FULL, String.valueOf(failure.getMessage()), initiator,
                    engineId);
            tx.commit();
        } catch (SQLException e) {
            LOG.warn("could not record the failed refresh of stream table {}: {}", id, e.getMessage());
        }
    }

    private static void unlock(Connection c, long id) {
        try {
            Jdbc.query(c, "SELECT pg_advisory_unlock(?, ?)", rs -> 0, CatalogSchema.LOCK_NAMESPACE, (int) id);
        } catch (SQLException e) {
            LOG.debug("could not release the refresh lock of stream table {} (the session ends anyway): {}", id,
                    e.getMessage());
        }
    }
}

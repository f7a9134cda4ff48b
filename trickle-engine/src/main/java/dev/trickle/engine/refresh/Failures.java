package dev.trickle.engine.refresh;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records failed refreshes: the error count goes up, a permanent failure sets status ERROR with its message, and the
 * {@code maxConsecutiveFailures}-th transient failure in a row sets SUSPENDED. Written in a transaction of its own,
 * on the refresh's connection if it still works, else on a fresh one.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private final String engineId;
    private final int maxConsecutiveFailures;
    private final Notifier notifier;
    private final Database database;

    Failures(String engineId, int maxConsecutiveFailures, Notifier notifier, Database database) {
        this.engineId = engineId;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.notifier = notifier;
        this.database = database;
    }

    /** Records the failure and tells the listener. */
    void record(Connection c, long id, TableName name, Instant start, RefreshException failure,
            History.Initiator initiator) {
        try {
            write(c, id, name, start, failure, initiator);
        } catch (SQLException e) {
            try {
                database.run("cannot record the failed refresh", fresh -> {
                    write(fresh, id, name, start, failure, initiator);
                    return null;
                });
            } catch (RuntimeException again) {
                LOG.warn("could not record the failed refresh of stream table '{}': {}", name, again.getMessage());
            }
        }
        notifier.failed(name, failure, initiator == History.Initiator.SCHEDULER);
    }

    private void write(Connection c, long id, TableName name, Instant start, RefreshException failure,
            History.Initiator initiator) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Optional<String[]> statuses = Jdbc.queryOne(c, """
                    WITH old AS (SELECT pgt_id, status, consecutive_errors FROM pgtrickle.pgt_stream_tables
                                  WHERE pgt_id = ? FOR UPDATE)
                    UPDATE pgtrickle.pgt_stream_tables s
                       SET consecutive_errors = old.consecutive_errors + 1, last_error = ?,
                           last_error_at = clock_timestamp(), updated_at = clock_timestamp(),
                           status = CASE WHEN ? THEN 'ERROR'
                                         WHEN old.status = 'ACTIVE' AND old.consecutive_errors + 1 >= ? THEN 'SUSPENDED'
                                         ELSE old.status END
                      FROM old WHERE s.pgt_id = old.pgt_id
                    RETURNING old.status, s.status""",
                    rs -> new String[] {rs.getString(1), rs.getString(2)},
                    id, failure.getMessage(), !failure.isTransient(), maxConsecutiveFailures);
            History.failed(c, id, start, RefreshAction.FULL, String.valueOf(failure.getMessage()),
                    failure.isTransient(), initiator, engineId);
            tx.commit();
            statuses.ifPresent(st -> notifier.statusChanged(name, StreamTableStatus.valueOf(st[0]),
                    StreamTableStatus.valueOf(st[1]), failure.getMessage()));
        }
    }
}

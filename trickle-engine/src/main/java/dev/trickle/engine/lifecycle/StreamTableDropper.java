package dev.trickle.engine.lifecycle;

import dev.trickle.StreamTableInUseException;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.TableName;
import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.capture.WalCapture;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.DependencyRow;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.jdbc.Errors;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Names;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.engine.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a stream table in one transaction: refuses if other stream tables read it, waits for a refresh of it that is
 * running, then removes the storage table, the catalog rows (dependencies and history go with them) and the change
 * capture of sources no other stream table reads.
 */
public final class StreamTableDropper {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTableDropper.class);

    private final Duration defaultSchedule;
    private final Duration lockTimeout;

    /**
     * Creates a dropper.
     *
     * @param defaultSchedule the schedule of calculated stream tables that nothing scheduled reads
     * @param lockTimeout how long to wait for a refresh of the stream table that is running
     */
    public StreamTableDropper(Duration defaultSchedule, Duration lockTimeout) {
        this.defaultSchedule = defaultSchedule;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Drops a stream table.
     *
     * @param c a connection in auto-commit mode
     * @param name the name as given
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws StreamTableInUseException if other stream tables read it
     * @throws SQLException if the server fails
     */
    public void drop(Connection c, TableName name) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Jdbc.execute(c, "SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            TableName target = Names.qualify(c, name);
            StreamTableRow found = Catalog.find(c, target, false)
                    .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
            // the storage lock first, as a refresh takes it: waits for a running refresh, which ends by updating the
            // catalog row that is locked next
            Catalog.lockStorage(c, found, "ACCESS EXCLUSIVE");
            StreamTableRow row = Catalog.find(c, target, true).filter(r -> r.id() == found.id())
                    .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
            List<TableName> dependents = Catalog.readers(c, row);
            if (!dependents.isEmpty()) {
                throw new StreamTableInUseException(target, dependents);
            }
            List<Long> sources = new ArrayList<>();
            for (DependencyRow d : Catalog.dependencies(c, row.id())) {
                sources.add(d.sourceRelid());
            }
            sources.add(row.relid());
            Catalog.dropStorageAndRows(c, row);
            ChangeCapture.removeUnused(c, sources);
            tx.commit();
            LOG.info("dropped stream table '{}'", target);
        } catch (SQLException e) {
            if (Errors.isLockTimeout(e)) {
                throw Errors.database("stream table '" + name + "' was not dropped: a refresh of it (or a reader of"
                        + " its storage table) went on longer than the lock timeout of " + lockTimeout.toMillis()
                        + " ms", e);
            }
            throw e;
        }
        WalCapture.dropSlotIfUnused(c);
        Topology.recordAfterCommit(c, defaultSchedule, lockTimeout);
    }
}

package dev.trickle.engine.lifecycle;

import dev.trickle.StreamTableNotFoundException;
import dev.trickle.TableName;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.CatalogSchema;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a stream table in one transaction: waits for a refresh of it that is running, then removes the storage
 * table and the catalog rows (dependencies and history go with them).
 */
public final class StreamTableDropper {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTableDropper.class);

    /**
     * Drops a stream table.
     *
     * @param c a connection in auto-commit mode
     * @param name the name as given
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws SQLException if the server fails
     */
    public void drop(Connection c, TableName name) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            TableName target = Names.qualify(c, name);
            StreamTableRow row = Catalog.find(c, target, true)
                    .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(?, ?)", rs -> 0, CatalogSchema.LOCK_NAMESPACE, (int) row.id());
            Optional<String> storage = Jdbc.queryOne(c, "SELECT oid::regclass::text FROM pg_class WHERE oid = ?::oid",
                    rs -> rs.getString(1), row.relid());
            if (storage.isPresent()) {
                Jdbc.execute(c, "DROP TABLE " + storage.get());
            }
            Catalog.delete(c, row.id());
            tx.commit();
            LOG.info("dropped stream table '{}'", target);
        }
    }
}

package dev.trickle.engine.jdbc;

import dev.trickle.DatabaseException;
import java.sql.Connection;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Borrows connections from the engine's data source and maps failures to {@link DatabaseException}. A connection
 * always goes back to the pool outside any transaction: whatever work left one open (it should not) is rolled back,
 * and a connection that cannot be rolled back is thrown away instead of returned.
 */
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;

    /**
     * Wraps a data source.
     *
     * @param dataSource where connections come from
     */
    public Database(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Rolls back an open transaction; evicts the connection if that fails. Costs nothing when none is open. */
    private void clean(Connection c) {
        try {
            if (!c.isWrapperFor(BaseConnection.class)
                    || c.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE) {
                return;
            }
            try (Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            }
            LOG.debug("rolled back a transaction left open on a connection before returning it to the pool");
        } catch (SQLException e) {
            LOG.debug("discarding a connection that cannot be rolled back: {}", e.getMessage());
            try {
                if (dataSource instanceof HikariDataSource hikari) {
                    hikari.evictConnection(c);
                } else {
                    c.abort(Runnable::run);
                }
            } catch (SQLException | RuntimeException again) {
                LOG.debug("could not discard the connection: {}", again.getMessage());
            }
        }
    }

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @param c a connection in auto-commit mode
         * @return the result
         * @throws SQLException if the server fails
         */
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on a borrowed connection, in auto-commit mode.
     *
     * @param what what the work is, for the message of a failure, such as {@code cannot list stream tables}
     * @param work the work
     * @param <T> the result type
     * @return the result
     * @throws DatabaseException if connecting fails or the work throws {@link SQLException}
     */
    public <T> T run(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            try {
                return work.run(c);
            } finally {
                clean(c);
            }
        } catch (SQLException e) {
            throw new DatabaseException(what + ": " + e.getMessage(), e.getSQLState(),
                    dev.trickle.engine.Errors.isTransient(e.getSQLState()), e);
        }
    }
}

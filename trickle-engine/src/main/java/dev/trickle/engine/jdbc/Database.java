package dev.trickle.engine.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.trickle.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Borrows connections from the engine's data source and maps failures to {@link DatabaseException}. A connection
 * that cannot be had is reported with its cause: the innermost {@link SQLException} of the chain, such as the
 * server's refusal that a pool recorded before it gave up waiting, gives the SQL state and ends the message.
 */
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** The most causes followed to find the innermost one, against cycles. */
    private static final int MAX_CAUSES = 16;

    private final Connections connections;
    private final @Nullable Consumer<Connection> evictor;

    /** Where connections come from. */
    @FunctionalInterface
    public interface Connections {
        /**
         * Lends a connection.
         *
         * @return a connection, which the caller closes
         * @throws SQLException if no connection can be had
         */
        Connection get() throws SQLException;
    }

    /**
     * Wraps a data source.
     *
     * @param dataSource where connections come from
     */
    public Database(DataSource dataSource) {
        this(Objects.requireNonNull(dataSource, "dataSource")::getConnection,
                dataSource instanceof HikariDataSource hikari ? hikari::evictConnection : null);
    }

    /**
     * Wraps a source of connections, such as the engine's own pool.
     *
     * @param connections where connections come from
     * @param evictor removes a broken connection from its pool, or {@code null} to abort it instead
     */
    public Database(Connections connections, @Nullable Consumer<Connection> evictor) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.evictor = evictor;
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
                if (evictor != null) {
                    evictor.accept(c);
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
        try (Connection c = connections.get()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            try {
                return work.run(c);
            } finally {
                clean(c);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Maps a failure, naming its innermost cause: HikariCP's "connection is not available" carries the last
     * connection failure (a wrong password, a database that does not exist) as its cause.
     *
     * @param what what failed
     * @param e the failure
     * @return the exception, with the SQL state of the innermost {@link SQLException} that has one
     */
    static DatabaseException failure(String what, SQLException e) {
        SQLException innermost = e;
        Throwable cause = e.getCause();
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                innermost = sql;
            }
        }
        String message = what + ": " + e.getMessage() + (innermost == e ? "" : ": " + innermost.getMessage());
        String state = innermost.getSQLState() != null ? innermost.getSQLState() : e.getSQLState();
        return new DatabaseException(message, state, Errors.isTransient(state), e);
    }
}

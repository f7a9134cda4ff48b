package dev.trickle.engine.jdbc;

import dev.trickle.DatabaseException;
import dev.trickle.engine.Errors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Borrows connections from the engine's data source and maps failures to {@link DatabaseException}. A connection
 * that cannot be had is reported with its cause: the innermost {@link SQLException} of the chain, such as the
 * server's refusal that a pool recorded before it gave up waiting, gives the SQL state and ends the message.
 */
public final class Database {
    /** The most causes followed to find the innermost one, against cycles. */
    private static final int MAX_CAUSES = 16;

    private final Connections connections;

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
        this(Objects.requireNonNull(dataSource, "dataSource")::getConnection);
    }

    /**
     * Wraps a source of connections, such as the engine's own pool.
     *
     * @param connections where connections come from
     */
    public Database(Connections connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
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
            return work.run(c);
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

package dev.trickle.engine.jdbc;

import dev.trickle.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/** Borrows connections from the engine's data source and maps failures to {@link DatabaseException}. */
public final class Database {
    private final DataSource dataSource;

    /**
     * Wraps a data source.
     *
     * @param dataSource where connections come from
     */
    public Database(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
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
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(what + ": " + e.getMessage(), e.getSQLState(),
                    dev.trickle.engine.Errors.isTransient(e.getSQLState()), e);
        }
    }
}

package dev.trickle.engine.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A transaction delimited by explicit {@code BEGIN} and {@code COMMIT} on a connection in auto-commit mode, so
 * that the engine controls exactly which statement takes the snapshot: in {@code REPEATABLE READ} it is the first
 * statement after {@code BEGIN} that is not {@code LOCK} or {@code SET}. Closing a transaction that was not
 * committed rolls it back.
 */
public final class Tx implements AutoCloseable {
    /** Isolation levels the engine uses. */
    public enum Isolation {
        /** Each statement sees what was committed before it started. */
        READ_COMMITTED,
        /** Every statement sees the snapshot of the transaction's first query. */
        REPEATABLE_READ
    }

    private final Connection connection;
    private boolean open;

    private Tx(Connection connection) {
        this.connection = connection;
        this.open = true;
    }

    /**
     * Begins a transaction.
     *
     * @param c a connection in auto-commit mode, not in a transaction
     * @param isolation the isolation level
     * @return the open transaction
     * @throws SQLException if the server rejects {@code BEGIN}
     */
    public static Tx begin(Connection c, Isolation isolation) throws SQLException {
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        Jdbc.execute(c, isolation == Isolation.REPEATABLE_READ
                ? "BEGIN ISOLATION LEVEL REPEATABLE READ"
                : "BEGIN ISOLATION LEVEL READ COMMITTED");
        return new Tx(c);
    }

    /** @return the connection the transaction runs on */
    public Connection connection() {
        return connection;
    }

    /**
     * Commits.
     *
     * @throws SQLException if the commit fails; the transaction is then over
     */
    public void commit() throws SQLException {
        open = false;
        Jdbc.execute(connection, "COMMIT");
    }

    /** Rolls back unless committed; a failure to roll back (a dead connection) is not reported. */
    @Override
    public void close() {
        if (open) {
            open = false;
            try {
                Jdbc.execute(connection, "ROLLBACK");
            } catch (SQLException ignored) {
                // the connection is gone: the server has rolled the transaction back
            }
        }
    }
}

package dev.trickle.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Runs generated transactions on a connection of their own, borrowed from a jOOQ context's connection provider. A
 * statement that fails (generated ones should not) rolls its transaction back; the failure is reported, not thrown,
 * so the scenario can go on and the history shows it. A {@linkplain Transaction.End#HELD held} transaction keeps its
 * connection until {@link Held#commit()} or {@link Held#rollback()}.
 */
final class TransactionRunner {
    private TransactionRunner() {}

    /** A transaction left open, and its connection. */
    static final class Held {
        private final ConnectionProvider provider;
        private final Connection connection;

        private Held(ConnectionProvider provider, Connection connection) {
            this.provider = provider;
            this.connection = connection;
        }

        /**
         * Commits and gives the connection back.
         *
         * @throws SQLException if the commit fails
         */
        void commit() throws SQLException {
            try {
                connection.commit();
            } finally {
                release(provider, connection);
            }
        }

        /** Rolls back and gives the connection back, ignoring failures (used when a scenario is closed). */
        void rollback() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // the connection is given back anyway; the pool discards broken ones
            } finally {
                release(provider, connection);
            }
        }
    }

    /**
     * What running a transaction did.
     *
     * @param failure the message of the statement that failed, or {@code null}
     * @param held the open transaction, if it is held and did not fail
     */
    record Outcome(@Nullable String failure, @Nullable Held held) {}

    /**
     * Runs one transaction.
     *
     * @param dsl the context whose connection provider lends the connection
     * @param tx the transaction
     * @return whether a statement failed, and the open transaction if it is held
     */
    static Outcome run(DSLContext dsl, Transaction tx) {
        ConnectionProvider provider = dsl.configuration().connectionProvider();
        Connection c = provider.acquire();
        boolean keep = false;
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                execute(st, tx.before());
                if (tx.savepoint() != Transaction.Savepoint.NONE) {
                    st.execute("SAVEPOINT s");
                    execute(st, tx.inSavepoint());
                    st.execute(tx.savepoint() == Transaction.Savepoint.ROLLED_BACK
                            ? "ROLLBACK TO SAVEPOINT s" : "RELEASE SAVEPOINT s");
                    execute(st, tx.after());
                }
            }
            switch (tx.end()) {
                case COMMIT -> c.commit();
                case ROLLBACK -> c.rollback();
                case HELD -> keep = true;
            }
            return new Outcome(null, keep ? new Held(provider, c) : null);
        } catch (SQLException e) {
            rollbackQuietly(c);
            return new Outcome(e.getMessage(), null);
        } finally {
            if (!keep) {
                release(provider, c);
            }
        }
    }

    private static void execute(Statement st, List<Dml> statements) throws SQLException {
        for (Dml s : statements) {
            st.execute(s.sql());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is given back anyway
        }
    }

    private static void release(ConnectionProvider provider, Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection; the pool finds out
        }
        provider.release(c);
    }
}

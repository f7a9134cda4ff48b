package dev.trickle.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * A fresh database whose stream tables belong to an ordinary application role, {@code app}, which may create
 * schemas and tables and nothing more; the server's user looks on ({@link #admin()}) to hold locks, drop what a
 * test breaks, and read {@code pg_stat_activity} and {@code pg_locks}. Waits poll the server with a deadline; none
 * sleeps to let something happen. Closing it closes the engines it built and drops the database.
 */
public final class AppDatabase implements AutoCloseable {
    /** How long a wait may take before the test fails: generous, as the machine may be busy. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The defining query of stream table {@code totals} ({@link #createShop}): a join of two sources, grouped. */
    public static final String TOTALS = """
            SELECT c.region, count(*) AS n, sum(o.amount) AS total
              FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region""";

    private final TestDatabase database;
    private final TestRole app;
    private final List<AutoCloseable> closing = new ArrayList<>();

    private AppDatabase(TestDatabase database, TestRole app) {
        this.database = database;
        this.app = app;
    }

    /** @return a new database with role {@code app}, which has {@code CREATE} on it and on schema public */
    public static AppDatabase create() {
        TestDatabase database = TestPostgres.createDatabase();
        TestRole app = database.createRole("app");
        database.dsl().execute("GRANT CREATE ON DATABASE " + database.name() + " TO " + app.name());
        database.dsl().execute("GRANT CREATE ON SCHEMA public TO " + app.name());
        return new AppDatabase(database, app);
    }

    /** @return the database */
    public TestDatabase database() {
        return database;
    }

    /** @return the application role */
    public TestRole app() {
        return app;
    }

    /** @return a context as the server's user */
    public DSLContext admin() {
        return database.dsl();
    }

    /**
     * Builds an engine as {@code app} on a pool of its own, whose connections are opened after this call: they get
     * the role's settings as they are now.
     *
     * @param options engine options
     * @return the engine, closed with this database
     */
    public Trickle engine(UnaryOperator<Trickle.Builder> options) {
        Trickle engine = options.apply(Trickle.builder(app.jdbcUrl(), app.name(), app.password())).build();
        closing.add(engine);
        return engine;
    }

    /**
     * Creates, as {@code app}, tables {@code customers} (10 rows) and {@code orders} (100 rows) and the DIFFERENTIAL
     * stream table {@code totals} ({@link #TOTALS}) over them, scheduled every second.
     *
     * @param engine an engine as {@code app}
     */
    public void createShop(Trickle engine) {
        DSLContext dsl = app.dsl();
        dsl.execute("CREATE TABLE customers (id int PRIMARY KEY, region text NOT NULL)");
        dsl.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount int NOT NULL)");
        dsl.execute("INSERT INTO customers SELECT i, 'r' || i % 3 FROM generate_series(1, 10) i");
        dsl.execute("INSERT INTO orders SELECT i, 1 + i % 10, i FROM generate_series(1, 100) i");
        engine.createStreamTable(StreamTableSpec.builder("totals", TOTALS).mode(RefreshMode.DIFFERENTIAL)
                .schedule("1s").build());
    }

    /**
     * Inserts an order, as the server's user.
     *
     * @param id its id, above 100
     */
    public void insertOrder(int id) {
        admin().execute("INSERT INTO orders VALUES ({0}, {1}, {2})", id, 1 + id % 10, id);
    }

    /** @return the failures in a row that the catalog counts for a stream table of schema public */
    public int consecutiveErrors(String streamTable) {
        return ((Number) admin().fetchValue("SELECT consecutive_errors FROM pgtrickle.pgt_stream_tables"
                + " WHERE pgt_schema = 'public' AND pgt_name = {0}", streamTable)).intValue();
    }

    /**
     * Opens a session as the server's user that runs {@code statements} in a transaction and keeps it open.
     *
     * @param statements what to run, such as {@code LOCK TABLE t IN ACCESS EXCLUSIVE MODE}
     * @return the session, holding what the statements took until it commits or closes
     */
    public Holder hold(String... statements) {
        try {
            return register(new Holder(database.newConnection(), statements));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a holding session", e);
        }
    }

    /**
     * Opens a session as {@code app} that runs {@code statements} in a transaction and keeps it open.
     *
     * @param statements what to run
     * @return the session
     */
    public Holder holdAsApp(String... statements) {
        try {
            return register(new Holder(app.newConnection(), statements));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a holding session as " + app.name(), e);
        }
    }

    private Holder register(Holder holder) {
        closing.add(holder);
        return holder;
    }

    /** @return the OID of a relation, as the server's user sees it */
    public long oid(String relation) {
        return ((Number) admin().fetchValue("SELECT {0}::regclass::oid::bigint", relation)).longValue();
    }

    /** @return the change buffer of a source table */
    public String buffer(String source) {
        return "pgtrickle_changes.changes_" + oid(source);
    }

    /**
     * Waits until a session of {@code app} waits for a lock.
     *
     * @return its process id
     */
    public int awaitLockWait() {
        int[] pid = new int[1];
        await("a session of " + app.name() + " waits for a lock", () -> {
            Record r = admin().fetchOne("SELECT pid FROM pg_stat_activity WHERE usename = {0}"
                    + " AND wait_event_type = 'Lock' LIMIT 1", app.name());
            if (r != null) {
                pid[0] = r.get(0, Integer.class);
            }
            return r != null;
        });
        return pid[0];
    }

    /**
     * Asserts what a failed statement must leave behind: no session of {@code app} in an open or aborted transaction,
     * and no lock on {@code storage} held or awaited by any session; the test's own sessions do not count.
     *
     * @param storage the storage table of the stream table that failed, as SQL spells it
     * @param holders the test's sessions that hold locks on purpose
     */
    public void assertClean(String storage, Holder... holders) {
        Integer[] own = Arrays.stream(holders).map(Holder::pid).toArray(Integer[]::new);
        assertThat(admin().fetch("SELECT pid, state, query FROM pg_stat_activity WHERE usename = {0}"
                + " AND state LIKE 'idle in transaction%' AND pid <> ALL ({1}::int[])", app.name(), own))
                .as("sessions of %s left in a transaction", app.name()).isEmpty();
        assertThat(admin().fetch("SELECT pid, mode, granted FROM pg_locks WHERE locktype = 'relation'"
                + " AND relation = to_regclass({0}) AND pid <> pg_backend_pid() AND pid <> ALL ({1}::int[])",
                storage, own))
                .as("locks on %s", storage).isEmpty();
    }

    /**
     * Waits until {@code condition} holds, checking it every 20 ms.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     * @throws AssertionError if it does not hold within {@link #DEADLINE}
     */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }

    /** Closes the engines and sessions, then drops the database and its roles. */
    @Override
    public void close() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // the database is dropped next, with every session still on it
            }
        }
        database.close();
    }

    /** A session that holds what its statements took, in a transaction, until it commits or closes. */
    public static final class Holder implements AutoCloseable {
        private final Connection connection;
        private final int pid;

        Holder(Connection connection, String... statements) throws SQLException {
            this.connection = connection;
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                this.pid = rs.getInt(1);
                connection.setAutoCommit(false);
                for (String sql : statements) {
                    st.execute(sql);
                }
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        /** @return the session's process id */
        public int pid() {
            return pid;
        }

        /** Commits, releasing what the session held. */
        public void commit() {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot commit the holding session", e);
            }
        }

        /** Rolls back what is open and closes the session; a session the server ended is closed quietly. */
        @Override
        public void close() {
            try (connection) {
                if (!connection.isClosed()) {
                    connection.rollback();
                }
            } catch (SQLException e) {
                // ended by the server: nothing is held any more
            }
        }
    }
}

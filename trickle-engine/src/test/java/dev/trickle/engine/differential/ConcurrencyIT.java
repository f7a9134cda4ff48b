package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invariant I2 under concurrency: a change committed by any transaction, however long it ran, is applied exactly
 * once; rolled-back changes never appear. Writers change both sides of a join while refreshes run back to back.
 */
class ConcurrencyIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(1e9));

    private static final String QUERY = """
            SELECT c.region, count(*) AS n, sum(o.amount) AS total, count(o.note) AS notes
              FROM orders_%1$s o JOIN customers_%1$s c ON c.id = o.customer_id
             GROUP BY c.region""";

    @Test
    void refresh_writersOnBothSidesAndALongTransaction_matchesRecompute(Trickle engine, DSLContext dsl,
            TestDatabase db) throws Exception {
        String query = setUp(engine, dsl, "conc");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        try (Connection longTx = db.newConnection()) {
            longTx.setAutoCommit(false);
            try (Statement st = longTx.createStatement()) {
                st.execute("INSERT INTO orders_conc VALUES (1000000, 3, 777, 'long')");
                st.execute("UPDATE customers_conc SET region = region + 1 WHERE id = 4");
            }
            for (int w = 0; w < 4; w++) {
                long seed = 17 + w;
                running.add(writers.submit(() -> write(db, seed, stop, commits)));
            }
            List<RefreshAction> actions = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                actions.add(engine.refresh("st_conc").action());
            }
            longTx.commit();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < deadline) {
                actions.add(engine.refresh("st_conc").action());
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(actions).contains(RefreshAction.DIFFERENTIAL).doesNotContain(RefreshAction.FULL);
        } finally {
            stop.set(true);
            writers.shutdownNow();
        }
        RefreshResult last = engine.refresh("st_conc");
        assertThat(last.action()).isIn(RefreshAction.DIFFERENTIAL, RefreshAction.NO_DATA);
        assertThat(commits.get()).as("committed writer transactions").isGreaterThan(20);
        StreamTableOracle.assertMatchesRecompute(dsl, "st_conc", query);
        assertThat(dsl.fetchValue("SELECT count(*) FROM orders_conc WHERE id = 1000000")).isEqualTo(1L);
    }

    @Test
    void refresh_changeCommittedAfterTwoRefreshes_isAppliedOnceByTheThird(Trickle engine, DSLContext dsl,
            TestDatabase db) throws Exception {
        String query = setUp(engine, dsl, "late");
        try (Connection t1 = db.newConnection()) {
            t1.setAutoCommit(false);
            try (Statement st = t1.createStatement()) {
                st.execute("INSERT INTO orders_late VALUES (500000, 1, 1000, 'early write, late commit')");
            }
            assertThat(engine.refresh("st_late").action()).isEqualTo(RefreshAction.NO_DATA);
            StreamTableOracle.assertMatchesRecompute(dsl, "st_late", query);
            dsl.execute("INSERT INTO orders_late VALUES (500001, 2, 5, NULL)");
            assertThat(engine.refresh("st_late").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            StreamTableOracle.assertMatchesRecompute(dsl, "st_late", query);
            t1.commit();
        }
        assertThat(engine.refresh("st_late").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "st_late", query);
        assertThat(engine.refresh("st_late").action()).isEqualTo(RefreshAction.NO_DATA);
        StreamTableOracle.assertMatchesRecompute(dsl, "st_late", query);
    }

    @Test
    void refresh_rolledBackTransactionAndSavepoint_areNeverApplied(Trickle engine, DSLContext dsl,
            TestDatabase db) throws Exception {
        String query = setUp(engine, dsl, "rb");
        try (Connection c = db.newConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO orders_rb VALUES (600000, 1, 999, 'rolled back')");
                c.rollback();
                st.execute("INSERT INTO orders_rb VALUES (600001, 1, 1, 'kept')");
                st.execute("SAVEPOINT s");
                st.execute("DELETE FROM orders_rb WHERE customer_id = 2");
                st.execute("ROLLBACK TO SAVEPOINT s");
                st.execute("UPDATE customers_rb SET region = 9 WHERE id = 5");
                c.commit();
            }
        }
        assertThat(engine.refresh("st_rb").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "st_rb", query);
    }

    @Test
    void create_waitsForAWriterInFlight_andIncludesItsRows(Trickle engine, DSLContext dsl, TestDatabase db)
            throws Exception {
        dsl.execute("CREATE TABLE customers_wait (id int PRIMARY KEY, region int)");
        dsl.execute("CREATE TABLE orders_wait (id int PRIMARY KEY, customer_id int, amount int, note text)");
        dsl.execute("INSERT INTO customers_wait SELECT i, i % 3 FROM generate_series(1, 10) i");
        String query = QUERY.formatted("wait");
        try (Connection writer = db.newConnection()) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                st.execute("INSERT INTO orders_wait VALUES (1, 1, 10, NULL)");
            }
            CompletableFuture<?> create = CompletableFuture.runAsync(() -> engine.createStreamTable(
                    StreamTableSpec.builder("st_wait", query).mode(RefreshMode.DIFFERENTIAL).build()));
            Thread.sleep(300);
            assertThat(create).as("create waits for the writer's lock").isNotDone();
            writer.commit();
            create.get(30, TimeUnit.SECONDS);
        }
        StreamTableOracle.assertMatchesRecompute(dsl, "st_wait", query);
        assertThat(dsl.fetchValue("SELECT n FROM st_wait WHERE region = 1")).isEqualTo(1L);
        dsl.execute("INSERT INTO orders_wait VALUES (2, 1, 10, NULL)");
        engine.refresh("st_wait");
        StreamTableOracle.assertMatchesRecompute(dsl, "st_wait", query);
    }

    private static String setUp(Trickle engine, DSLContext dsl, String suffix) {
        dsl.execute("CREATE TABLE customers_" + suffix + " (id int PRIMARY KEY, region int)");
        dsl.execute("CREATE TABLE orders_" + suffix + " (id int PRIMARY KEY, customer_id int, amount int, note text)");
        dsl.execute("INSERT INTO customers_" + suffix + " SELECT i, i % 7 FROM generate_series(1, 50) i");
        dsl.execute("INSERT INTO orders_" + suffix
                + " SELECT i, 1 + i % 60, i % 100, CASE WHEN i % 3 = 0 THEN 'n' END FROM generate_series(1, 2000) i");
        String query = QUERY.formatted(suffix);
        engine.createStreamTable(StreamTableSpec.builder("st_" + suffix, query).mode(RefreshMode.DIFFERENTIAL).build());
        return query;
    }

    /** Random short transactions on both tables until stopped; some roll back. */
    private static void write(TestDatabase db, long seed, AtomicBoolean stop, AtomicLong commits) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Connection c = db.newConnection()) {
            c.setAutoCommit(false);
            while (!stop.get()) {
                try (Statement st = c.createStatement()) {
                    int statements = 1 + random.nextInt(4);
                    for (int i = 0; i < statements; i++) {
                        st.execute(randomStatement(random));
                    }
                    if (random.nextInt(10) == 0) {
                        c.rollback();
                    } else {
                        c.commit();
                        commits.incrementAndGet();
                    }
                } catch (SQLException e) {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomStatement(SplittableRandom r) {
        int id = 1 + r.nextInt(2500);
        int customer = 1 + r.nextInt(60);
        return switch (r.nextInt(7)) {
            case 0 -> "INSERT INTO orders_conc VALUES (" + id + ", " + customer + ", " + r.nextInt(100)
                    + ", NULL) ON CONFLICT (id) DO UPDATE SET amount = excluded.amount + 1";
            case 1 -> "DELETE FROM orders_conc WHERE id = " + id;
            case 2 -> "UPDATE orders_conc SET customer_id = " + customer + " WHERE id = " + id;
            case 3 -> "UPDATE orders_conc SET amount = amount + " + (r.nextInt(21) - 10) + ", note = "
                    + (r.nextBoolean() ? "'x'" : "NULL") + " WHERE id BETWEEN " + id + " AND " + (id + 20);
            case 4 -> "UPDATE customers_conc SET region = " + r.nextInt(7) + " WHERE id = " + customer;
            case 5 -> "INSERT INTO customers_conc VALUES (" + customer + ", " + r.nextInt(7)
                    + ") ON CONFLICT (id) DO NOTHING";
            default -> "DELETE FROM customers_conc WHERE id = " + (51 + r.nextInt(10));
        };
    }
}

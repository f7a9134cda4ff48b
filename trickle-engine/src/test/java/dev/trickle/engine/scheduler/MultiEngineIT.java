package dev.trickle.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.io.File;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several engines on one database: each stream table refreshed by one engine at a time; dead engines lose nothing. */
class MultiEngineIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres()
            .withEngine(b -> b.tickInterval(Duration.ofMillis(50)).fullRefreshThreshold(1e9));

    static final String QUERY = """
            SELECT c.region, count(*) AS n, sum(o.amount) AS total
              FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region""";

    @Test
    void twoEngines_concurrentWriters_neverOverlapAndStayCorrect(Trickle first, DSLContext dsl, TestDatabase db)
            throws Exception {
        setUp(first, dsl, 2000);
        first.createStreamTable(StreamTableSpec.builder("orders_by_id", "SELECT id, amount FROM orders WHERE amount > 50")
                .schedule("1s").build());
        AtomicBoolean stop = new AtomicBoolean();
        try (Trickle second = Trickle.builder(db.dataSource()).tickInterval(Duration.ofMillis(50))
                .fullRefreshThreshold(1e9).build()) {
            first.start();
            second.start();
            CompletableFuture<?> writer1 = CompletableFuture.runAsync(() -> write(db, 1, stop));
            CompletableFuture<?> writer2 = CompletableFuture.runAsync(() -> write(db, 2, stop));
            Thread.sleep(5000);
            stop.set(true);
            writer1.get(30, TimeUnit.SECONDS);
            writer2.get(30, TimeUnit.SECONDS);
            SchedulerIT.await(Duration.ofSeconds(10), () -> SchedulerIT.matches(dsl, "totals", QUERY)
                    && SchedulerIT.matches(dsl, "orders_by_id", "SELECT id, amount FROM orders WHERE amount > 50"));
        }
        assertNoOverlap(dsl, "totals");
        assertNoOverlap(dsl, "orders_by_id");
        assertThat(dsl.fetchValue("SELECT count(DISTINCT engine_id) FROM pgtrickle.pgt_refresh_history"
                + " WHERE initiated_by = 'SCHEDULER'")).as("engines that refreshed").isEqualTo(2L);
    }

    @Test
    void refreshConnectionKilledMidRefresh_losesNothing(Trickle engine, DSLContext dsl, TestDatabase db)
            throws Exception {
        setUp(engine, dsl, 200_000);
        dsl.execute("UPDATE orders SET amount = amount + 1");
        CompletableFuture<?> refresh = CompletableFuture.runAsync(() -> engine.refresh("totals"));
        int pid = awaitRefreshBackend(dsl, "totals");
        dsl.fetch("SELECT pg_terminate_backend(?)", pid);

        assertThatThrownBy(() -> refresh.get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RefreshException.class)
                .satisfies(e -> assertThat(((RefreshException) e.getCause()).isTransient()).isTrue());
        assertThat(engine.refresh("totals").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertThat(SchedulerIT.matches(dsl, "totals", QUERY)).isTrue();
    }

    @Test
    void engineProcessKilledMidRefresh_losesNothing(Trickle engine, DSLContext dsl, TestDatabase db) throws Exception {
        setUp(engine, dsl, 200_000);
        dsl.execute("UPDATE orders SET amount = amount + 2");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ChildEngine.class.getName(), db.jdbcUrl(), db.server().user(),
                db.server().password().isEmpty() ? "-" : db.server().password(), "totals")
                .redirectErrorStream(true)
                .redirectOutput(new File("target/child-engine.log"))
                .start();
        try {
            awaitRefreshBackend(dsl, "totals");
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        dsl.execute("INSERT INTO orders VALUES (900001, 3, 7)");
        assertThat(engine.refresh("totals").action()).isIn(RefreshAction.DIFFERENTIAL, RefreshAction.NO_DATA);
        assertThat(SchedulerIT.matches(dsl, "totals", QUERY)).isTrue();
    }

    private static void setUp(Trickle engine, DSLContext dsl, int orders) {
        for (String st : List.of("orders_by_id", "totals")) {
            if (engine.streamTable(st).isPresent()) {
                engine.drop(st);
            }
        }
        dsl.execute("DROP TABLE IF EXISTS orders, customers");
        dsl.execute("CREATE TABLE customers (id int PRIMARY KEY, region int)");
        dsl.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount int)");
        dsl.execute("CREATE INDEX ON orders (customer_id)");
        dsl.execute("INSERT INTO customers SELECT i, i % 10 FROM generate_series(1, 100) i");
        dsl.execute("INSERT INTO orders SELECT i, 1 + i % 100, i % 100 FROM generate_series(1, " + orders + ") i");
        engine.createStreamTable(StreamTableSpec.builder("totals", QUERY).mode(RefreshMode.DIFFERENTIAL)
                .schedule("1s").build());
    }

    /** Waits until some backend holds the refresh lock of the stream table, and returns its pid. */
    private static int awaitRefreshBackend(DSLContext dsl, String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Record r = dsl.fetchOne("""
                    SELECT l.pid FROM pg_locks l JOIN pgtrickle.pgt_stream_tables s ON s.pgt_relid = l.relation
                     WHERE l.locktype = 'relation' AND l.mode = 'ExclusiveLock' AND l.granted
                       AND s.pgt_name = {0}
                       AND EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = l.pid AND a.state = 'active'
                                     AND a.query NOT LIKE 'BEGIN%')""", name);
            if (r != null) {
                return r.get(0, Integer.class);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no refresh of " + name + " started");
    }

    private static void assertNoOverlap(DSLContext dsl, String name) {
        List<Record> rows = dsl.fetch("""
                SELECT h.start_time, h.end_time, h.engine_id FROM pgtrickle.pgt_refresh_history h
                  JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
                 WHERE s.pgt_name = {0} AND h.status = 'COMPLETED' AND h.initiated_by = 'SCHEDULER'
                 ORDER BY h.start_time""", name);
        assertThat(rows).as("scheduled refreshes of %s", name).hasSizeGreaterThan(2);
        for (int i = 1; i < rows.size(); i++) {
            Timestamp previousEnd = rows.get(i - 1).get(1, Timestamp.class);
            Timestamp start = rows.get(i).get(0, Timestamp.class);
            assertThat(start).as("refresh %s of %s starts after the previous one ended", i, name)
                    .isAfterOrEqualTo(previousEnd);
        }
    }

    private static void write(TestDatabase db, long seed, AtomicBoolean stop) {
        SplittableRandom r = new SplittableRandom(seed);
        try (Connection c = db.newConnection(); Statement st = c.createStatement()) {
            while (!stop.get()) {
                int id = 1 + r.nextInt(3000);
                switch (r.nextInt(4)) {
                    case 0 -> st.execute("INSERT INTO orders VALUES (" + id + ", " + (1 + r.nextInt(100)) + ", "
                            + r.nextInt(100) + ") ON CONFLICT (id) DO UPDATE SET amount = excluded.amount");
                    case 1 -> st.execute("DELETE FROM orders WHERE id = " + id);
                    case 2 -> st.execute("UPDATE orders SET customer_id = " + (1 + r.nextInt(100)) + " WHERE id = " + id);
                    default -> st.execute("UPDATE customers SET region = " + r.nextInt(10) + " WHERE id = "
                            + (1 + r.nextInt(100)));
                }
                Thread.sleep(2);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

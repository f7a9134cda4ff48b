package dev.trickle.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trickle.DatabaseException;
import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * Every wait of the engine for a lock ends after its lock timeout with an error that says what it waited for, and
 * changes nothing (issue 7, item 4): a manual refresh, a create over a source that a writer holds, a drop of a stream
 * table that is being refreshed. The scheduler never waits: it leaves a stream table that another engine is
 * refreshing to that engine and goes on with the others. The sessions that hold the locks here run as the
 * application role, as another engine's refresh or the application's own writer would.
 */
class LockTimeoutIT {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    private static final String STORAGE = "public.totals";

    @Test
    void storageHeld_manualRefreshFailsAfterLockTimeout_notRecordedAsFailure() {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle engine = db.engine(b -> b.lockTimeout(LOCK_TIMEOUT).fullRefreshThreshold(1e9));
            db.createShop(engine);
            db.insertOrder(101);
            List<Object> before = catalogRow(db);

            try (AppDatabase.Holder refreshing = db.holdAsApp("LOCK TABLE " + STORAGE + " IN EXCLUSIVE MODE")) {
                long started = System.nanoTime();
                RefreshException e = assertTimeoutPreemptively(AppDatabase.DEADLINE,
                        () -> catchThrowableOfType(RefreshException.class, () -> engine.refresh("totals")));

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(LOCK_TIMEOUT);
                assertThat(e).as("the refresh's failure").isNotNull()
                        .hasMessageContaining("stream table 'public.totals'")
                        .hasMessageContaining("held its storage table")
                        .hasMessageContaining("lock timeout of 1000 ms");
                assertThat(e.isTransient()).isTrue();
                assertThat(catalogRow(db)).as("status, errors, last error").isEqualTo(before);
                assertThat(failedRefreshes(db)).isZero();
                db.assertClean(STORAGE, refreshing);
                refreshing.commit();
            }
            assertThat(engine.refresh("totals").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            StreamTableOracle.assertMatchesRecompute(db.admin(), STORAGE, AppDatabase.TOTALS);
        }
    }

    @Test
    void storageHeldBriefly_manualRefreshWaits_durationIncludesTheLockWaitReportedApart() throws Exception {
        Duration held = Duration.ofMillis(300);
        try (AppDatabase db = AppDatabase.create()) {
            Trickle engine = db.engine(b -> b.lockTimeout(AppDatabase.DEADLINE).fullRefreshThreshold(1e9));
            db.createShop(engine);
            db.insertOrder(101);
            RefreshResult result;
            try (AppDatabase.Holder refreshing = db.holdAsApp("LOCK TABLE " + STORAGE + " IN EXCLUSIVE MODE")) {
                CompletableFuture<RefreshResult> refresh = CompletableFuture.supplyAsync(() -> engine.refresh("totals"));
                db.awaitLockWait();
                // the refresh waits from before it was seen waiting until the holder commits
                Thread.sleep(held.toMillis());
                refreshing.commit();
                result = refresh.get(AppDatabase.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }

            assertThat(result.action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            assertThat(result.lockWait()).as("lock wait").isGreaterThanOrEqualTo(held);
            assertThat(result.duration()).as("duration").isGreaterThanOrEqualTo(result.lockWait());
            RefreshResult free = engine.refresh("totals");
            assertThat(free.lockWait()).as("lock wait without a holder").isLessThanOrEqualTo(free.duration());
        }
    }

    @Test
    void writerOpen_createFailsAfterLockTimeout_leavesNothingBehind() {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle engine = db.engine(b -> b.lockTimeout(LOCK_TIMEOUT));
            db.app().dsl().execute("CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");
            db.app().dsl().execute("INSERT INTO items VALUES (1, 10)");
            StreamTableSpec spec = StreamTableSpec.builder("items_st", "SELECT id, v FROM items").build();

            try (AppDatabase.Holder writer = db.holdAsApp("INSERT INTO items VALUES (2, 20)")) {
                DatabaseException e = assertTimeoutPreemptively(AppDatabase.DEADLINE,
                        () -> catchThrowableOfType(DatabaseException.class, () -> engine.createStreamTable(spec)));

                assertThat(e).as("the create's failure").isNotNull()
                        .hasMessageContaining("stream table 'public.items_st' was not created")
                        .hasMessageContaining("writers of its sources")
                        .hasMessageContaining("lock timeout of 1000 ms");
                assertThat(e.isTransient()).isTrue();
                assertNothingOf(db, "items_st", "items");
                db.assertClean("public.items", writer);
                writer.commit();
            }
            engine.createStreamTable(spec);
            StreamTableOracle.assertMatchesRecompute(db.admin(), "public.items_st", "SELECT id, v FROM items");
            assertThat(db.admin().fetchValue("SELECT count(*) FROM public.items_st")).isEqualTo(2L);
        }
    }

    @Test
    void storageHeld_dropFailsAfterLockTimeout_changesNothing() {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle engine = db.engine(b -> b.lockTimeout(LOCK_TIMEOUT));
            db.createShop(engine);
            List<String> objects = trickleObjects(db);

            try (AppDatabase.Holder refreshing = db.holdAsApp("LOCK TABLE " + STORAGE + " IN EXCLUSIVE MODE")) {
                DatabaseException e = assertTimeoutPreemptively(AppDatabase.DEADLINE,
                        () -> catchThrowableOfType(DatabaseException.class, () -> engine.drop("totals")));

                assertThat(e).as("the drop's failure").isNotNull()
                        .hasMessageContaining("stream table 'totals' was not dropped")
                        .hasMessageContaining("lock timeout of 1000 ms");
                assertThat(e.isTransient()).isTrue();
                assertThat(trickleObjects(db)).isEqualTo(objects);
                assertThat(engine.streamTable("totals").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
                db.assertClean(STORAGE, refreshing);
                refreshing.commit();
            }
            engine.drop("totals");
            assertNothingOf(db, "totals", "orders");
        }
    }

    /**
     * Two engines: a session of the application role holds the storage table of {@code totals} as another engine's
     * refresh does. This engine's scheduler, whose lock timeout is far longer than the test, refreshes {@code
     * big_orders} in tick after tick, and leaves {@code totals} alone without recording a failure, until it is free.
     */
    @Test
    void storageHeld_schedulerSkipsItAndRefreshesTheOthers() {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle engine = db.engine(b -> b.lockTimeout(Duration.ofMinutes(10)).tickInterval(Duration.ofMillis(50))
                    .fullRefreshThreshold(1e9));
            db.createShop(engine);
            String big = "SELECT id, amount FROM orders WHERE amount > 50";
            engine.createStreamTable(StreamTableSpec.builder("big_orders", big).schedule("1s").build());

            try (AppDatabase.Holder otherEngine = db.holdAsApp("LOCK TABLE " + STORAGE + " IN EXCLUSIVE MODE")) {
                engine.start();
                for (int id = 101; id <= 102; id++) {
                    db.insertOrder(id);
                    AppDatabase.await("the scheduler refreshed big_orders",
                            () -> StreamTableOracle.check(db.admin(), "public.big_orders", big).matches());
                }

                assertThat(StreamTableOracle.check(db.admin(), STORAGE, AppDatabase.TOTALS).matches())
                        .as("totals refreshed while another session held it").isFalse();
                assertThat(db.consecutiveErrors("totals")).isZero();
                assertThat(failedRefreshes(db)).isZero();
                assertThat(db.admin().fetch("SELECT pid, query FROM pg_stat_activity WHERE usename = {0}"
                        + " AND wait_event_type = 'Lock'", db.app().name())).as("sessions waiting for a lock")
                        .isEmpty();
                otherEngine.commit();
            }
            AppDatabase.await("the scheduler refreshed totals once it was free",
                    () -> StreamTableOracle.check(db.admin(), STORAGE, AppDatabase.TOTALS).matches());
            assertThat(engine.streamTable("totals").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        }
    }

    /** @return status, error count and last error of {@code totals} */
    private static List<Object> catalogRow(AppDatabase db) {
        Record r = db.admin().fetchOne("SELECT status, consecutive_errors, last_error FROM pgtrickle.pgt_stream_tables"
                + " WHERE pgt_name = 'totals'");
        return List.of(r.get(0), r.get(1), String.valueOf(r.get(2)));
    }

    private static int failedRefreshes(AppDatabase db) {
        return db.admin().fetchCount(db.admin().selectOne().from("pgtrickle.pgt_refresh_history")
                .where("status <> 'COMPLETED'"));
    }

    /** @return the relations in Trickle's schemas and the public schema, and the triggers on them, by name */
    private static List<String> trickleObjects(AppDatabase db) {
        return db.admin().fetch("""
                SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname IN ('public', 'pgtrickle', 'pgtrickle_changes')
                UNION ALL
                SELECT format('%s: %I', t.tgrelid::regclass, t.tgname) FROM pg_trigger t WHERE NOT t.tgisinternal
                UNION ALL
                SELECT format('catalog: %s.%s', pgt_schema, pgt_name) FROM pgtrickle.pgt_stream_tables
                ORDER BY 1""").getValues(0, String.class);
    }

    /** Asserts that no storage table, catalog row, capture trigger or change buffer is left of a stream table. */
    private static void assertNothingOf(AppDatabase db, String streamTable, String source) {
        assertThat(db.admin().fetchValue("SELECT to_regclass({0})", "public." + streamTable)).as("storage").isNull();
        assertThat(db.admin().fetch("SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_name = {0}", streamTable))
                .as("catalog rows").isEmpty();
        assertThat(db.admin().fetch("SELECT tgname FROM pg_trigger WHERE tgrelid = {0}::regclass"
                + " AND NOT tgisinternal", source)).as("triggers on the source").isEmpty();
        assertThat(db.admin().fetchValue("SELECT to_regclass({0})", db.buffer(source))).as("change buffer").isNull();
    }
}

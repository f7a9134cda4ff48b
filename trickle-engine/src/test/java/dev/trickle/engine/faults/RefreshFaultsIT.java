package dev.trickle.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After a failed refresh the engine is as good as before (issue 7, item 6; invariant I8). A refresh that fails at
 * any point — a statement timeout while it waits for the storage table's lock, for the change buffer it counts, or
 * for a source its apply statement joins; a backend terminated while it waits; a change buffer or storage table
 * that was dropped — leaves no session of the application's pool in a transaction, no lock on the storage table,
 * and the next refresh (of this engine, and of another one at once) works and is correct. The old engine left the
 * connection {@code idle in transaction (aborted)} holding its refresh lock, and every later refresh failed.
 *
 * <p>Each test has a database of its own, whose stream table belongs to the ordinary role {@code app}; the server's
 * user holds the locks that make a refresh wait. The issue's report used {@code statement_timeout = 300ms}; these
 * tests use one second, which fails the waiting statement just the same, and spares the statements that do not
 * wait on a busy machine.
 */
class RefreshFaultsIT {
    private static final String STORAGE = "public.totals";

    /** Where a refresh waits, and the lock that makes it wait there. */
    enum WaitPoint {
        /** Its lock on the storage table, the first statement of its transaction. */
        STORAGE("LOCK TABLE public.totals IN EXCLUSIVE MODE"),
        /** The count of pending changes, which reads the change buffer of {@code orders}. */
        BUFFER("LOCK TABLE %s IN ACCESS EXCLUSIVE MODE"),
        /** The apply statement, which joins the changed orders with {@code customers}. */
        SOURCE("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");

        private final String lock;

        WaitPoint(String lock) {
            this.lock = lock;
        }

        String lock(AppDatabase db) {
            return lock.formatted(db.buffer("orders"));
        }
    }

    @ParameterizedTest
    @EnumSource(WaitPoint.class)
    void statementTimeout_whileRefreshWaits_rolledBackAndNextRefreshApplies(WaitPoint point) {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle other = setUp(db);
            Trickle engine = engineWithStatementTimeout(db, b -> b);
            db.insertOrder(101);

            try (AppDatabase.Holder holder = db.hold(point.lock(db))) {
                RefreshException e = catchThrowableOfType(RefreshException.class, () -> engine.refresh("totals"));

                assertThat(e).as("the refresh's failure").isNotNull().hasMessageContaining("statement timeout");
                assertThat(e.sqlState()).isEqualTo("57014");
                assertThat(e.isTransient()).isTrue();
                db.assertClean(STORAGE, holder);
                assertThat(db.consecutiveErrors("totals")).isEqualTo(1);
            }
            assertRecovers(db, engine, other);
        }
    }

    @ParameterizedTest
    @EnumSource(WaitPoint.class)
    void backendTerminated_whileRefreshWaits_nextRefreshWorksOnAFreshConnection(WaitPoint point) throws Exception {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle other = setUp(db);
            Trickle engine = db.engine(b -> b.fullRefreshThreshold(1e9));
            assertThat(engine.refresh("totals").action()).isEqualTo(RefreshAction.NO_DATA);
            db.insertOrder(101);

            try (AppDatabase.Holder holder = db.hold(point.lock(db))) {
                CompletableFuture<RefreshResult> refresh =
                        CompletableFuture.supplyAsync(() -> engine.refresh("totals"));
                int pid = db.awaitLockWait();
                db.admin().execute("SELECT pg_terminate_backend({0})", pid);

                ExecutionException e = catchThrowableOfType(ExecutionException.class,
                        () -> refresh.get(AppDatabase.DEADLINE.toSeconds(), TimeUnit.SECONDS));

                assertThat(e).as("the refresh's failure").isNotNull().cause().isInstanceOf(RefreshException.class);
                assertThat(((RefreshException) e.getCause()).isTransient()).isTrue();
                AppDatabase.await("the terminated backend is gone", () -> db.admin()
                        .fetch("SELECT 1 FROM pg_stat_activity WHERE pid = {0}", pid).isEmpty());
            }
            assertRecovers(db, engine, other);
        }
    }

    @Test
    void changeBufferDropped_errorNamesItAndReinitializeRecovers() {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle other = setUp(db);
            Trickle engine = db.engine(b -> b.fullRefreshThreshold(1e9));
            db.insertOrder(101);
            db.admin().execute("DROP TABLE " + db.buffer("orders"));

            assertPermanentFailure(db, engine, "the change buffer of source 'public.orders' is missing");

            assertReinitializeRecovers(db, engine, other);
        }
    }

    @Test
    void storageTableDropped_errorNamesItAndReinitializeRebuildsIt() {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle other = setUp(db);
            Trickle engine = db.engine(b -> b.fullRefreshThreshold(1e9));
            long oid = db.oid(STORAGE);
            db.admin().execute("DROP TABLE " + STORAGE);

            assertPermanentFailure(db, engine, "storage table 'public.totals' (OID " + oid + ") was dropped");

            assertReinitializeRecovers(db, engine, other);
        }
    }

    /**
     * The scheduler's path. With the change buffer held, each tick fails when it checks for pending changes; with a
     * source held, the check passes and each scheduled refresh fails at its apply statement. Either way the ticks go
     * on, and once the lock is gone the stream table is current and ACTIVE again without anyone's help.
     */
    @ParameterizedTest
    @EnumSource(value = WaitPoint.class, names = {"BUFFER", "SOURCE"})
    void scheduler_statementTimeouts_ticksGoOnAndRecoverByThemselves(WaitPoint point) {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle other = setUp(db);
            Trickle engine = engineWithStatementTimeout(db, b -> b.tickInterval(Duration.ofMillis(50)));
            db.insertOrder(101);

            try (AppDatabase.Holder holder = db.hold(point.lock(db))) {
                engine.start();
                if (point == WaitPoint.SOURCE) {
                    AppDatabase.await("two scheduled refreshes failed", () -> db.consecutiveErrors("totals") >= 2);
                } else {
                    awaitTwoWaits(db);
                }
                holder.commit();
            }

            AppDatabase.await("the scheduler refreshed totals", () -> db.consecutiveErrors("totals") == 0
                    && StreamTableOracle.check(db.admin(), STORAGE, AppDatabase.TOTALS).matches());
            assertThat(engine.streamTable("totals").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
            db.assertClean(STORAGE);
            assertThat(refreshAtOnce(other).action()).isEqualTo(RefreshAction.NO_DATA);
        }
    }

    /**
     * A stream table whose change buffer is gone fails for good, alone: the scheduler puts it in ERROR and refreshes
     * the others tick after tick. (The old engine's connection stayed aborted, and every later tick failed.)
     */
    @Test
    void scheduler_changeBufferDropped_errorForThatOneWhileOthersRefreshOn() {
        try (AppDatabase db = AppDatabase.create()) {
            Trickle other = setUp(db);
            String big = "SELECT id, amount FROM orders WHERE amount > 50";
            other.createStreamTable(StreamTableSpec.builder("big_orders", big).schedule("1s").build());
            Trickle engine = db.engine(b -> b.tickInterval(Duration.ofMillis(50)).fullRefreshThreshold(1e9));
            db.admin().execute("DROP TABLE " + db.buffer("customers"));

            engine.start();
            for (int id = 101; id <= 103; id++) {
                db.insertOrder(id);
                AppDatabase.await("the scheduler refreshed big_orders",
                        () -> StreamTableOracle.check(db.admin(), "public.big_orders", big).matches());
            }

            AppDatabase.await("totals is in ERROR",
                    () -> engine.streamTable("totals").orElseThrow().status() == StreamTableStatus.ERROR);
            assertThat(engine.streamTable("totals").orElseThrow().lastError())
                    .contains("the change buffer of source 'public.customers' is missing");
            db.assertClean(STORAGE);
        }
    }

    /** Creates the shop as {@code app}; returns the engine that did, which waits at most a second for a lock. */
    private static Trickle setUp(AppDatabase db) {
        Trickle other = db.engine(b -> b.lockTimeout(Duration.ofSeconds(1)).fullRefreshThreshold(1e9));
        db.createShop(other);
        return other;
    }

    /**
     * Sets a statement timeout on {@code app}, then builds an engine, whose connections all have it, and refreshes
     * once, so that the definition is compiled before anything waits.
     */
    private static Trickle engineWithStatementTimeout(AppDatabase db,
            UnaryOperator<Trickle.Builder> options) {
        db.admin().execute("ALTER ROLE " + db.app().name() + " SET statement_timeout = '1s'");
        Trickle engine = db.engine(b -> options.apply(b.fullRefreshThreshold(1e9)));
        assertThat(engine.refresh("totals").action()).isEqualTo(RefreshAction.NO_DATA);
        return engine;
    }

    /** Waits until sessions of {@code app} have waited for a lock in two different statements. */
    private static void awaitTwoWaits(AppDatabase db) {
        Set<String> waits = new HashSet<>();
        AppDatabase.await("two ticks waited for the held lock", () -> {
            for (Record r : db.admin().fetch("SELECT pid, query_start::text FROM pg_stat_activity"
                    + " WHERE usename = {0} AND wait_event_type = 'Lock'", db.app().name())) {
                waits.add(r.get(0) + "@" + r.get(1));
            }
            return waits.size() >= 2;
        });
    }

    /** A refresh that must fail for good: status ERROR with the reason, and nothing left open. */
    private static void assertPermanentFailure(AppDatabase db, Trickle engine, String reason) {
        RefreshException e = catchThrowableOfType(RefreshException.class, () -> engine.refresh("totals"));

        assertThat(e).as("the refresh's failure").isNotNull().hasMessageContaining(reason)
                .hasMessageContaining("reinitialize");
        assertThat(e.isTransient()).isFalse();
        assertThat(engine.streamTable("totals").orElseThrow().status()).isEqualTo(StreamTableStatus.ERROR);
        assertThat(engine.streamTable("totals").orElseThrow().lastError()).contains(reason);
        db.assertClean(STORAGE);
    }

    /** {@code reinitialize} recomputes the stream table; after the next change the engine is as good as before. */
    private static void assertReinitializeRecovers(AppDatabase db, Trickle engine, Trickle other) {
        assertThat(engine.reinitialize("totals").action()).isEqualTo(RefreshAction.FULL);
        StreamTableOracle.assertMatchesRecompute(db.admin(), STORAGE, AppDatabase.TOTALS);
        assertThat(engine.streamTable("totals").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        db.insertOrder(201);
        assertRecovers(db, engine, other);
    }

    /**
     * The engine is as good as before: its next refresh applies the changes differentially and correctly, its
     * connections are clean, and another engine can refresh at once.
     */
    private static void assertRecovers(AppDatabase db, Trickle engine, Trickle other) {
        RefreshResult next = engine.refresh("totals");

        assertThat(next.action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(db.admin(), STORAGE, AppDatabase.TOTALS);
        assertThat(engine.streamTable("totals").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        assertThat(db.consecutiveErrors("totals")).isZero();
        db.assertClean(STORAGE);
        assertThat(refreshAtOnce(other).action()).isEqualTo(RefreshAction.NO_DATA);
    }

    /** Refreshes with an engine whose lock timeout is a second: it fails if anything still holds the stream table. */
    private static RefreshResult refreshAtOnce(Trickle other) {
        return assertTimeoutPreemptively(AppDatabase.DEADLINE, () -> other.refresh("totals"));
    }
}

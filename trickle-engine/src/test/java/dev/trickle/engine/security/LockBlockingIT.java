package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trickle.RefreshAction;
import dev.trickle.Trickle;
import dev.trickle.engine.faults.AppDatabase;
import dev.trickle.monitor.RefreshJob;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * A role that may only connect cannot block Trickle (issue 7, item 4; invariant I6). The old engine serialized its
 * work with advisory locks in the fixed namespace {@value #OLD_NAMESPACE} ({@code 0x7472636B}, "trck"): any role
 * could take them first, and engine start, create, refresh, the scheduler and drop then waited forever, while the
 * monitoring showed the intruder's session as a running refresh. Now refreshes and Trickle's own writes lock tables
 * that only roles allowed to write them can lock.
 *
 * <p>On a fresh database, the intruder holds every advisory lock the old engine used, and tries every lock an
 * unprivileged role could take on the storage table, the sources, the catalog and the change buffers (each refused).
 * Meanwhile the application role's engine starts (installing the catalog), creates a stream table, refreshes it, lets
 * its scheduler refresh it, and drops it: each step completes well within {@link #BOUND}.
 */
class LockBlockingIT {
    private static final int OLD_NAMESPACE = 1953653611;
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String STORAGE = "public.totals";
    private static final List<String> LOCK_MODES = List.of("ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE",
            "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE");
    private static final List<String> SYSTEM_CATALOGS = List.of("pg_catalog.pg_class", "pg_catalog.pg_namespace",
            "pg_catalog.pg_attribute", "pg_catalog.pg_index", "pg_catalog.pg_trigger", "pg_catalog.pg_proc",
            "pg_catalog.pg_type", "pg_catalog.pg_depend");
    private static final List<String> ROW_LOCKS = List.of("FOR UPDATE", "FOR NO KEY UPDATE", "FOR SHARE",
            "FOR KEY SHARE");

    @Test
    void intruderWithOnlyConnect_holdsOldAdvisoryLocks_engineLifecycleCompletes() throws SQLException {
        try (AppDatabase db = AppDatabase.create()) {
            TestRole intruder = db.database().createRole("intruder");
            try (Connection locks = intruder.newConnection(); Connection tries = intruder.newConnection()) {
                int holder = holdOldAdvisoryLocks(locks);
                int trier = pid(tries);
                Trickle engine = db.engine(b -> b.tickInterval(Duration.ofMillis(50)).fullRefreshThreshold(1e9));

                assertTimeoutPreemptively(BOUND, () -> engine.streamTables(), "engine start (catalog install)");
                assertTimeoutPreemptively(BOUND, () -> db.createShop(engine), "create");
                assertRefused(tries, lockAttempts(db));
                assertNoRunningJobs(db, engine);

                db.insertOrder(101);
                assertThat(assertTimeoutPreemptively(BOUND, () -> engine.refresh("totals"), "manual refresh")
                        .action()).isEqualTo(RefreshAction.DIFFERENTIAL);
                StreamTableOracle.assertMatchesRecompute(db.admin(), STORAGE, AppDatabase.TOTALS);

                db.insertOrder(102);
                assertTimeoutPreemptively(BOUND, engine::start, "scheduler start");
                assertTimeoutPreemptively(BOUND, () -> AppDatabase.await("the scheduler refreshed totals",
                        () -> StreamTableOracle.check(db.admin(), STORAGE, AppDatabase.TOTALS).matches()));
                assertThat(db.admin().fetchValue("SELECT count(*) FROM pgtrickle.pgt_refresh_history"
                        + " WHERE initiated_by = 'SCHEDULER' AND status = 'COMPLETED'")).isNotEqualTo(0L);
                assertThat(engine.monitoring().jobs(Duration.ofMinutes(5))).extracting(RefreshJob::workerPid)
                        .as("sessions of the jobs the engine's monitoring shows").isNotEmpty()
                        .doesNotContain(holder, trier);

                assertTimeoutPreemptively(BOUND, () -> engine.drop("totals"), "drop");
                assertThat(engine.streamTable("totals")).isEmpty();
                assertThat(db.admin().fetchValue("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND pid = {0} AND granted", holder)).as("advisory locks the intruder still holds")
                        .isEqualTo(102L);
            }
        }
    }

    /**
     * Takes, as session locks, every advisory lock of the old namespace that the old engine used: {@code -1}
     * (topology), {@code 0} (catalog install) and one per stream table id; then, in a transaction it keeps open (the
     * old monitoring showed such a session as a running refresh), the only table locks it may take on what DDL
     * touches: {@code ACCESS SHARE} on the system catalogs that every role may read.
     *
     * @return the session's process id
     */
    private static int holdOldAdvisoryLocks(Connection c) throws SQLException {
        c.setAutoCommit(false);
        int pid;
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid(), count(pg_advisory_lock(" + OLD_NAMESPACE
                    + ", g)) FROM generate_series(-1, 100) g")) {
                rs.next();
                pid = rs.getInt(1);
            }
            st.execute("LOCK TABLE " + String.join(", ", SYSTEM_CATALOGS) + " IN ACCESS SHARE MODE");
        }
        return pid;
    }

    /**
     * @return every explicit table lock and row lock the intruder might try on what Trickle relies on (on the system
     *     catalogs, every lock but the {@code ACCESS SHARE} it holds)
     */
    private static List<String> lockAttempts(AppDatabase db) {
        List<String> tables = List.of(STORAGE, "public.orders", "public.customers", "pgtrickle.pgt_stream_tables",
                "pgtrickle.pgt_dependencies", "pgtrickle.pgt_schema_version", "pgtrickle.pgt_diamond_groups",
                "pgtrickle.pgt_settings", db.buffer("orders"));
        List<String> attempts = new ArrayList<>();
        SYSTEM_CATALOGS.forEach(catalog -> addLocks(attempts, catalog, LOCK_MODES.subList(1, LOCK_MODES.size())));
        tables.forEach(table -> addLocks(attempts, table, LOCK_MODES));
        return attempts;
    }

    private static void addLocks(List<String> attempts, String table, List<String> modes) {
        modes.forEach(mode -> attempts.add("LOCK TABLE " + table + " IN " + mode + " MODE"));
        ROW_LOCKS.forEach(rowLock -> attempts.add("SELECT 1 FROM " + table + " LIMIT 1 " + rowLock));
    }

    /**
     * Runs each statement in a transaction of its own, which is left open after the last, and asserts that the
     * server refused each for want of privileges.
     */
    private static void assertRefused(Connection c, List<String> statements) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                c.rollback();
                SQLException e = catchThrowableOfType(SQLException.class, () -> st.execute(sql));
                assertThat((Throwable) e).as("refusal of %s", sql).isNotNull();
                assertThat(e.getSQLState()).as("%s: %s", sql, e.getMessage()).isEqualTo("42501");
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** No refresh runs now, so the monitoring shows none running: the intruder's sessions are not refreshes. */
    private static void assertNoRunningJobs(AppDatabase db, Trickle engine) {
        List<Record> running = db.admin().fetch("SELECT * FROM pgtrickle.parallel_job_status()"
                + " WHERE status = 'RUNNING'");
        assertThat(running).as("running jobs in pgtrickle.parallel_job_status()").isEmpty();
        assertThat(engine.monitoring().jobs(Duration.ofMinutes(5))).extracting(RefreshJob::status)
                .as("jobs the engine's monitoring shows").doesNotContain("RUNNING");
    }
}

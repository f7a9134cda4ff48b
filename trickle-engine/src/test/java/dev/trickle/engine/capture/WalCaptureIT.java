package dev.trickle.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.CaptureMode;
import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.DatabaseException;
import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableStatus;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.testkit.TestRole;
import dev.trickle.testkit.TrickleFixture;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Change capture from the WAL, deterministic cases: exactly once, TRUNCATE, broken capture, slot's life. */
class WalCaptureIT {
    static final String TOTALS = "SELECT grp, count(*) AS cnt, sum(val) AS total FROM src GROUP BY grp";

    TrickleFixture fixture;
    Trickle trickle;
    DSLContext dsl;

    @BeforeEach
    void start() {
        fixture = TrickleFixture.postgres().withEngine(b -> b.changeCapture(CaptureMode.WAL)).start();
        trickle = fixture.trickle();
        dsl = fixture.dsl();
        fixture.execute("CREATE TABLE src (id int PRIMARY KEY, grp int, val numeric, note text)",
                "INSERT INTO src SELECT g, g % 3, g, 'n' || g FROM generate_series(1, 10) g");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void create(String name, String query) {
        trickle.createStreamTable(StreamTableSpec.builder(name, query).mode(RefreshMode.DIFFERENTIAL).build());
        trickle.refresh(name);
    }

    private void assertMatches(String name, String query) {
        String stored = "SELECT grp, cnt, total FROM " + name;
        assertThat(dsl.fetch(stored + " EXCEPT ALL (" + query + ")")).isEmpty();
        assertThat(dsl.fetch("(" + query + ") EXCEPT ALL " + stored)).isEmpty();
    }

    @Test
    void create_walMode_attachesSourceWithoutTriggers() {
        create("st", TOTALS);
        assertThat(dsl.fetchValue("SELECT relreplident::text FROM pg_class WHERE oid = 'src'::regclass"))
                .isEqualTo("f");
        assertThat(number("SELECT count(*) FROM pg_publication_tables WHERE pubname = 'pgtrickle'"
                + " AND tablename = 'src'")).isEqualTo(1L);
        assertThat(number("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'src'::regclass"
                + " AND NOT tgisinternal")).isEqualTo(0L);
        fixture.execute("INSERT INTO src VALUES (11, 1, 11, 'x')", "UPDATE src SET grp = 2 WHERE id = 1",
                "DELETE FROM src WHERE id = 2", "UPDATE src SET val = NULL WHERE id = 3");
        // the scheduler asks which stream tables may have changes: the buffer is empty until a refresh drains
        assertThat(number("SELECT count(*) FROM pgtrickle.pending_changes(ARRAY(SELECT pgt_id FROM"
                + " pgtrickle.pgt_stream_tables WHERE pgt_name = 'st'))")).isEqualTo(1L);
        assertThat(trickle.refresh("st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertMatches("st", TOTALS);
    }

    @Test
    void scheduler_refreshesWalCapturedStreamTable() throws Exception {
        trickle.createStreamTable(StreamTableSpec.builder("st", TOTALS).mode(RefreshMode.DIFFERENTIAL)
                .schedule("1s").build());
        trickle.refresh("st");
        fixture.execute("INSERT INTO src VALUES (11, 1, 11, 'x')", "DELETE FROM src WHERE id = 4");
        try (Trickle scheduled = Trickle.builder(fixture.dataSource()).changeCapture(CaptureMode.WAL)
                .tickInterval(java.time.Duration.ofMillis(100)).build()) {
            scheduled.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (number("SELECT count(*) FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables s"
                    + " USING (pgt_id) WHERE s.pgt_name = 'st' AND h.action = 'DIFFERENTIAL'") == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertMatches("st", TOTALS);
    }

    private long bufferOf(String table) {
        return number("SELECT '" + table + "'::regclass::oid::bigint");
    }

    private long number(String sql) {
        return ((Number) dsl.fetchValue(sql)).longValue();
    }

    private String text(String sql) {
        return String.valueOf(dsl.fetchValue(sql));
    }

    @Test
    void commitAfterSnapshotBeforeUpto_appliedOnceByNextRefresh() throws Exception {
        create("st", TOTALS);
        // a second reader that is not refreshed keeps the buffer's rows from the cleanup
        create("st_idle", TOTALS);
        // committed before the snapshot: written, with its own transaction id
        String writer = String.valueOf(dsl.fetchValue("WITH w AS (INSERT INTO src VALUES (99, 2, 990, 'early')"
                + " RETURNING 1) SELECT pg_current_xact_id()::text FROM w"));
        try (Connection c = fixture.database().newConnection()) {
            Jdbc.execute(c, "BEGIN ISOLATION LEVEL REPEATABLE READ");
            Jdbc.execute(c, WalDrain.LOCK);
            // the snapshot: what the refresh's first query takes
            Jdbc.queryOne(c, "SELECT 1", rs -> 1);
            // commits after the snapshot, before the drain writes its upto position
            fixture.execute("INSERT INTO src VALUES (100, 1, 1000, 'late')");
            List<Object[]> first = Jdbc.pipeline(c, WalDrain.first(WalDrain.flushes(c), false)).get(0);
            WalDrain.Drained drained = WalDrain.drain(c, first);
            // the late one decoded, but committed after the snapshot: left for the next refresh, whose window it is in
            assertThat(drained.transactions()).isEqualTo(1);
            assertThat(Jdbc.queryOne(c, "SELECT __pgt_xid::text FROM pgtrickle_changes.changes_" + bufferOf("src")
                    + " WHERE id = 99", rs -> rs.getString(1))).contains(writer);
            assertThat(Jdbc.queryOne(c, "SELECT count(*) FROM pgtrickle_changes.changes_" + bufferOf("src")
                    + " WHERE id = 100", rs -> rs.getLong(1))).contains(0L);
            Jdbc.execute(c, "COMMIT");
        }
        RefreshResult next = trickle.refresh("st");
        assertThat(next.action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertMatches("st", TOTALS);
        assertThat(trickle.refresh("st").action()).isEqualTo(RefreshAction.NO_DATA);
        fixture.execute("UPDATE src SET val = val + 1 WHERE id = 5");
        trickle.refresh("st");
        assertMatches("st", TOTALS);
    }

    private long triggersOn(String table) {
        return number("SELECT count(*) FROM pg_trigger WHERE tgrelid = '" + table + "'::regclass AND NOT tgisinternal"
                + " AND tgname LIKE '__pgt_capture%'");
    }

    @Test
    void mixedEngines_sourceKeepsTheCaptureItGot() {
        create("st", TOTALS);
        fixture.execute("CREATE TABLE other (id int PRIMARY KEY, v int)", "INSERT INTO other VALUES (1, 1)");
        try (Trickle triggers = Trickle.builder(fixture.dataSource()).build()) {
            // a triggers engine over a source captured from the WAL: the source stays so, and its refresh drains
            triggers.createStreamTable(StreamTableSpec.builder("st_t", "SELECT id, val FROM src WHERE grp = 1")
                    .mode(RefreshMode.DIFFERENTIAL).build());
            triggers.refresh("st_t");
            assertThat(triggersOn("src")).isEqualTo(0L);
            // and a source it captures first is captured by triggers, whatever engine reads it next
            triggers.createStreamTable(StreamTableSpec.builder("st_o", "SELECT id, v FROM other").build());
            triggers.refresh("st_o");
            fixture.execute("INSERT INTO src VALUES (11, 1, 11, 'x')", "INSERT INTO other VALUES (2, 2)");
            assertThat(triggers.refresh("st_t").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            assertThat(number("SELECT count(*) FROM st_t WHERE id = 11")).isEqualTo(1L);
        }
        trickle.createStreamTable(StreamTableSpec.builder("st_o2", "SELECT id, v FROM other").build());
        trickle.refresh("st_o2");
        assertThat(triggersOn("other")).isEqualTo(4L);
        // a stream table read by another is captured by triggers even by an engine set to WAL
        trickle.createStreamTable(StreamTableSpec.builder("st_down", "SELECT grp, total FROM st WHERE cnt > 0")
                .mode(RefreshMode.DIFFERENTIAL).build());
        trickle.refresh("st_down");
        assertThat(triggersOn("st")).isEqualTo(4L);
        fixture.execute("UPDATE src SET val = val + 100 WHERE id = 1");
        trickle.refresh("st");
        trickle.refresh("st_down");
        assertThat(dsl.fetch("SELECT grp, total FROM st_down EXCEPT SELECT grp, total FROM st")).isEmpty();
        assertMatches("st", TOTALS);
    }

    @Test
    void truncate_recomputesInFull() {
        create("st", TOTALS);
        fixture.execute("INSERT INTO src VALUES (11, 1, 11, 'x')");
        fixture.execute("TRUNCATE src", "INSERT INTO src VALUES (1, 0, 5, 'a'), (2, 0, 7, 'b')");
        RefreshResult r = trickle.refresh("st");
        assertThat(r.action()).isEqualTo(RefreshAction.FULL);
        assertMatches("st", TOTALS);
        fixture.execute("UPDATE src SET grp = 1 WHERE id = 2");
        assertThat(trickle.refresh("st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertMatches("st", TOTALS);
    }

    @Test
    void toastedValueUnchanged_takenFromOldRow() {
        String q = "SELECT id, length(note) AS len, grp FROM src";
        trickle.createStreamTable(StreamTableSpec.builder("st", q).mode(RefreshMode.DIFFERENTIAL).build());
        trickle.refresh("st");
        fixture.execute("UPDATE src SET note = (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 4000) g)"
                + " WHERE id = 1");
        trickle.refresh("st");
        // an update that leaves the TOASTed note alone: pgoutput sends it as unchanged
        fixture.execute("UPDATE src SET grp = 7 WHERE id = 1");
        assertThat(trickle.refresh("st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertThat(dsl.fetch("SELECT id, len, grp FROM st EXCEPT ALL " + q)).isEmpty();
        assertThat(dsl.fetch(q + " EXCEPT ALL SELECT id, len, grp FROM st")).isEmpty();
    }

    private void assertFailsWith(String name, String reason) {
        assertThatThrownBy(() -> trickle.refresh(name)).isInstanceOf(RefreshException.class)
                .hasMessageContaining(reason);
        assertThat(trickle.streamTable(name).orElseThrow().status()).isEqualTo(StreamTableStatus.ERROR);
    }

    @Test
    void slotDroppedByHand_streamTableErrors() {
        create("st", TOTALS);
        String slot = text("SELECT slot_name::text FROM pgtrickle.pgt_wal");
        fixture.execute("SELECT pg_drop_replication_slot('" + slot + "')", "INSERT INTO src VALUES (11, 1, 11, 'x')");
        // reinitializing cannot recover what the slot lost: the message says what does
        assertThatThrownBy(() -> trickle.refresh("st")).isInstanceOf(RefreshException.class)
                .hasMessageContaining("replication slot '" + slot + "'")
                .hasMessageContaining("drop the stream tables over sources captured from the WAL, then create them"
                        + " again")
                .hasMessageNotContaining("reinitialize");
        assertThat(trickle.streamTable("st").orElseThrow().status()).isEqualTo(StreamTableStatus.ERROR);
    }

    @Test
    void sourceRemovedFromPublication_streamTableErrors() {
        create("st", TOTALS);
        fixture.execute("ALTER PUBLICATION pgtrickle DROP TABLE src", "INSERT INTO src VALUES (11, 1, 11, 'x')");
        assertFailsWith("st", "removed from publication pgtrickle");
    }

    @Test
    void sourceRemovedFromPublication_reinitializeRepairs() {
        create("st", TOTALS);
        fixture.execute("ALTER PUBLICATION pgtrickle DROP TABLE src", "ALTER TABLE src REPLICA IDENTITY DEFAULT",
                "INSERT INTO src VALUES (11, 1, 11, 'x')");
        assertFailsWith("st", "publication pgtrickle");
        trickle.reinitialize("st");
        assertMatches("st", TOTALS);
        assertThat(text("SELECT relreplident::text FROM pg_class WHERE oid = 'src'::regclass")).isEqualTo("f");
        fixture.execute("UPDATE src SET grp = 0 WHERE id = 11", "DELETE FROM src WHERE id = 3");
        assertThat(trickle.refresh("st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertMatches("st", TOTALS);
        assertThat(trickle.streamTable("st").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
    }

    @Test
    void drainWithoutFlushOnRequest_waitsForTheWalWriter() throws Exception {
        create("st", TOTALS);
        create("st_idle", TOTALS);
        // the test server commits asynchronously: the commit is visible before its record is flushed
        fixture.execute("INSERT INTO src VALUES (99, 2, 990, 'async')");
        try (Connection c = fixture.database().newConnection()) {
            Jdbc.execute(c, "BEGIN ISOLATION LEVEL REPEATABLE READ");
            Jdbc.execute(c, WalDrain.LOCK);
            // as before PostgreSQL 17: the message is not flushed on request
            List<Object[]> first = Jdbc.pipeline(c, WalDrain.first(false, false)).get(0);
            assertThat(WalDrain.drain(c, first).transactions()).isEqualTo(1);
            Jdbc.execute(c, "COMMIT");
        }
        assertThat(trickle.refresh("st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertMatches("st", TOTALS);
        assertThat(number("SELECT count(*) FROM pgtrickle.wal_capture_status() WHERE slot_exists"
                + " AND retained_bytes >= 0")).isEqualTo(1L);
    }

    @Test
    void replicaIdentityChangedByHand_streamTableErrors() {
        create("st", TOTALS);
        fixture.execute("ALTER TABLE src REPLICA IDENTITY DEFAULT", "DELETE FROM src WHERE id = 1");
        assertFailsWith("st", "replica identity");
    }

    @Test
    void dropLastStreamTable_dropsSlotAndRestoresReplicaIdentity() {
        fixture.execute("CREATE UNIQUE INDEX src_note ON src (id, grp)", "ALTER TABLE src ALTER grp SET NOT NULL",
                "ALTER TABLE src REPLICA IDENTITY USING INDEX src_note");
        create("st", TOTALS);
        create("st2", "SELECT id, val FROM src WHERE grp = 1");
        trickle.drop("st");
        assertThat(number("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isEqualTo(1L);
        trickle.drop("st2");
        assertThat(number("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isEqualTo(0L);
        assertThat(dsl.fetchValue("SELECT relreplident::text FROM pg_class WHERE oid = 'src'::regclass"))
                .isEqualTo("i");
        assertThat(dsl.fetchValue("SELECT indexrelid::regclass::text FROM pg_index WHERE indisreplident"
                + " AND indrelid = 'src'::regclass")).isEqualTo("src_note");
        assertThat(number("SELECT count(*) FROM pg_publication_tables WHERE pubname = 'pgtrickle'")).isEqualTo(0L);
        // and a new one sets it up again
        create("st3", TOTALS);
        fixture.execute("INSERT INTO src VALUES (11, 1, 11, 'x')");
        assertThat(trickle.refresh("st3").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertMatches("st3", TOTALS);
    }

    @RepeatedTest(3)
    void twoEngines_refreshingConcurrently_applyEveryChangeOnce() throws Exception {
        create("st", TOTALS);
        create("st2", "SELECT id, grp, val FROM src");
        String rows = "SELECT id, grp, val FROM ";
        try (Trickle other = Trickle.builder(fixture.dataSource()).changeCapture(CaptureMode.WAL).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    i++;
                    try {
                        fixture.execute("INSERT INTO src VALUES (" + (100 + i) + ", " + (i % 4) + ", " + i + ", 'w')",
                                "UPDATE src SET val = val + 1, grp = (grp + 1) % 4 WHERE id = " + (1 + i % 10),
                                "DELETE FROM src WHERE id = " + (100 + i / 2) + " AND " + i + " % 3 = 0");
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            }));
            for (Trickle engine : List.of(trickle, other)) {
                for (String st : List.of("st", "st2")) {
                    threads.add(new Thread(() -> {
                        while (!stop.get()) {
                            try {
                                engine.refresh(st);
                            } catch (RuntimeException e) {
                                errors.add(e);
                            }
                        }
                    }));
                }
            }
            threads.forEach(Thread::start);
            Thread.sleep(3000);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(errors).isEmpty();
            other.refresh("st");
            trickle.refresh("st2");
        }
        assertMatches("st", TOTALS);
        assertThat(dsl.fetch(rows + "st2 EXCEPT ALL " + rows + "src")).isEmpty();
        assertThat(dsl.fetch(rows + "src EXCEPT ALL " + rows + "st2")).isEmpty();
    }

    @Test
    void roleWithoutReplication_createFailsNamingIt() {
        TestRole app = fixture.database().createRole("app");
        fixture.execute("GRANT CREATE ON DATABASE " + fixture.database().name() + " TO " + app.name(),
                "GRANT CREATE ON SCHEMA public TO " + app.name());
        app.dsl().execute("CREATE TABLE mine (id int PRIMARY KEY, v int)");
        try (Trickle engine = Trickle.builder(app.dataSource()).changeCapture(CaptureMode.WAL).build()) {
            assertThatThrownBy(() -> engine.createStreamTable(StreamTableSpec.builder("st_app",
                    "SELECT id, v FROM mine").build())).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("needs a role with the REPLICATION attribute: ALTER ROLE " + app.name());
        }
        fixture.execute("ALTER ROLE " + app.name() + " REPLICATION");
        try (Trickle engine = Trickle.builder(app.dataSource()).changeCapture(CaptureMode.WAL).build()) {
            engine.createStreamTable(StreamTableSpec.builder("st_app", "SELECT id, v FROM mine").build());
            app.dsl().execute("INSERT INTO mine VALUES (1, 2)");
            engine.refresh("st_app");
            assertThat(((Number) app.dsl().fetchValue("SELECT count(*) FROM st_app")).longValue()).isEqualTo(1L);
            engine.drop("st_app");
        }
    }
}

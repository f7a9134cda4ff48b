package dev.trickle.engine.sourceddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream table never claims to be current when it cannot be (issue 7, item 7): each change to a source below used
 * to refresh as NO_DATA with status ACTIVE over old data. Now the refresh fails for good, status ERROR, with a reason
 * that names the source; {@code reinitialize} is the documented way back. Each test has tables of its own.
 */
class SourceChangeIT {
    // these tables are tiny: a few changed rows must not switch refreshes to FULL
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(2));

    private static String query(String table) {
        return "SELECT id, grp, v FROM " + table;
    }

    /** Creates {@code <name>(id pk, grp, v, note)} with three rows and a DIFFERENTIAL stream table {@code <name>_st}. */
    static void setUp(Trickle engine, DSLContext dsl, String name) {
        dsl.execute("CREATE TABLE " + name + " (id int PRIMARY KEY, grp text, v int, note text)");
        dsl.execute("INSERT INTO " + name + " VALUES (1, 'a', 1, 'x'), (2, 'a', 2, 'y'), (3, 'b', 3, 'z')");
        engine.createStreamTable(StreamTableSpec.builder(name + "_st", query(name)).mode(RefreshMode.DIFFERENTIAL)
                .build());
    }

    /** Refreshes, expecting a permanent failure whose message contains {@code reason}, and status ERROR after. */
    static void assertRefusedFor(Trickle engine, String streamTable, String reason) {
        assertThatThrownBy(() -> engine.refresh(streamTable))
                .isInstanceOfSatisfying(RefreshException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("cannot be refreshed")
                .hasMessageContaining(reason)
                .hasMessageContaining("reinitialize");
        assertThat(engine.streamTable(streamTable).orElseThrow().status()).isEqualTo(StreamTableStatus.ERROR);
        assertThat(engine.streamTable(streamTable).orElseThrow().lastError()).contains(reason);
        // a manual resume does not make it current: the next refresh finds the same cause
        engine.resume(streamTable);
        assertThatThrownBy(() -> engine.refresh(streamTable)).hasMessageContaining(reason);
    }

    @Test
    void refresh_sourceDropped_errorNamesTheSource(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "dropped");
        dsl.execute("DROP TABLE dropped");

        assertRefusedFor(engine, "dropped_st", "source 'public.dropped'");
        assertThatThrownBy(() -> engine.refresh("dropped_st")).hasMessageContaining("was dropped");
    }

    @Test
    void refresh_sourceDroppedAndCreatedAgain_errorThenReinitializeReadsTheNewTable(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "recreated");
        dsl.execute("DROP TABLE recreated");
        dsl.execute("CREATE TABLE recreated (id int PRIMARY KEY, grp text, v int, note text)");
        dsl.execute("INSERT INTO recreated VALUES (7, 'c', 70, 'new')");

        assertRefusedFor(engine, "recreated_st", "was dropped and created again");

        assertThat(engine.reinitialize("recreated_st").action()).isEqualTo(RefreshAction.FULL);
        assertThat(engine.streamTable("recreated_st").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.recreated_st", query("recreated"));
        dsl.execute("INSERT INTO recreated VALUES (8, 'c', 80, 'newer')");
        assertThat(engine.refresh("recreated_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.recreated_st", query("recreated"));
    }

    @Test
    void refresh_sourceSchemaDropped_errorNamesTheSource(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE SCHEMA doomed");
        setUp(engine, dsl, "doomed.t");
        dsl.execute("DROP SCHEMA doomed CASCADE");

        assertRefusedFor(engine, "doomed.t_st", "source 'doomed.t'");
    }

    @Test
    void refresh_captureTriggersDisabled_errorUntilReinitialized(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "muted");
        dsl.execute("ALTER TABLE muted DISABLE TRIGGER USER");
        dsl.execute("INSERT INTO muted VALUES (4, 'b', 4, 'missed')");

        assertRefusedFor(engine, "muted_st", "is disabled");

        // enabled again: the changes made meanwhile are lost to the buffer, so it stays in ERROR
        dsl.execute("ALTER TABLE muted ENABLE TRIGGER USER");
        assertRefusedFor(engine, "muted_st", "was disabled, replaced or altered");

        engine.reinitialize("muted_st");
        StreamTableOracle.assertMatchesRecompute(dsl, "public.muted_st", query("muted"));
        dsl.execute("DELETE FROM muted WHERE id = 4");
        engine.refresh("muted_st");
        StreamTableOracle.assertMatchesRecompute(dsl, "public.muted_st", query("muted"));
    }

    @Test
    void refresh_captureTriggerDropped_errorNamesTheTrigger(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "detached");
        dsl.execute("DROP TRIGGER __pgt_capture_upd ON detached");
        dsl.execute("UPDATE detached SET v = 100 WHERE id = 1");

        assertRefusedFor(engine, "detached_st", "trigger __pgt_capture_upd on source 'public.detached' was dropped");

        engine.reinitialize("detached_st");
        StreamTableOracle.assertMatchesRecompute(dsl, "public.detached_st", query("detached"));
    }

    @Test
    void refresh_primaryKeyDroppedAndDuplicateInserted_errorNamesTheKey(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "keyless");
        dsl.execute("ALTER TABLE keyless DROP CONSTRAINT keyless_pkey");
        dsl.execute("INSERT INTO keyless VALUES (1, 'a', 1, 'duplicate')");

        assertRefusedFor(engine, "keyless_st", "primary key of source 'public.keyless' changed from (id) to (none)");
    }

    @Test
    void refresh_primaryKeyMovedToAnotherColumn_errorThenReinitializeUsesTheNewKey(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "rekeyed");
        dsl.execute("ALTER TABLE rekeyed DROP CONSTRAINT rekeyed_pkey, ADD PRIMARY KEY (v)");
        dsl.execute("INSERT INTO rekeyed VALUES (1, 'c', 10, 'same id, new key')");

        assertRefusedFor(engine, "rekeyed_st", "changed from (id) to (v)");

        engine.reinitialize("rekeyed_st");
        StreamTableOracle.assertMatchesRecompute(dsl, "public.rekeyed_st", query("rekeyed"));
        dsl.execute("UPDATE rekeyed SET grp = 'd' WHERE v = 10");
        assertThat(engine.refresh("rekeyed_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.rekeyed_st", query("rekeyed"));
    }

    @Test
    void refresh_sourceSetUnlogged_errorSaysWhy(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "volatile_src");
        dsl.execute("ALTER TABLE volatile_src SET UNLOGGED");

        assertRefusedFor(engine, "volatile_src_st", "became UNLOGGED");
    }

    @Test
    void refresh_unusedColumnAddedAndDropped_staysCurrent(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "widened");
        dsl.execute("ALTER TABLE widened ADD COLUMN extra int");
        dsl.execute("ALTER TABLE widened DROP COLUMN note");
        dsl.execute("INSERT INTO widened VALUES (4, 'b', 4, 40)");

        assertThat(engine.refresh("widened_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.widened_st", query("widened"));
        assertThat(engine.streamTable("widened_st").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        dsl.execute("UPDATE widened SET v = 41 WHERE id = 4");
        assertThat(engine.refresh("widened_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.widened_st", query("widened"));
    }

    @Test
    void refresh_storageTableDropped_errorThenReinitializeRebuildsIt(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "unstored");
        dsl.execute("DROP TABLE unstored_st");

        assertRefusedFor(engine, "unstored_st", "storage table 'public.unstored_st'");

        engine.reinitialize("unstored_st");
        StreamTableOracle.assertMatchesRecompute(dsl, "public.unstored_st", query("unstored"));
    }

    @Test
    void refresh_readColumnDropped_errorNamesTheColumn(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "shrunk");
        dsl.execute("ALTER TABLE shrunk DROP COLUMN v");

        assertRefusedFor(engine, "shrunk_st", "column 'v' of source 'public.shrunk' was dropped");
    }

    @Test
    void refresh_readColumnRenamed_errorNamesBothNames(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "relabelled");
        dsl.execute("ALTER TABLE relabelled RENAME COLUMN v TO value");

        assertRefusedFor(engine, "relabelled_st", "column 'v' of source 'public.relabelled' was renamed to 'value'");
    }

    @Test
    void refresh_readColumnRetyped_errorThenReinitializeRebuildsWithTheNewType(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "retyped");
        dsl.execute("ALTER TABLE retyped ALTER COLUMN v TYPE bigint");

        assertRefusedFor(engine, "retyped_st", "column 'v' of source 'public.retyped' changed its type from integer"
                + " to bigint");

        engine.reinitialize("retyped_st");
        assertThat(dsl.fetchValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'retyped_st'::regclass AND attname = 'v'")).isEqualTo("bigint");
        dsl.execute("INSERT INTO retyped VALUES (4, 'b', 5000000000, 'big')");
        assertThat(engine.refresh("retyped_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.retyped_st", query("retyped"));
    }

    @Test
    void refresh_sourceRenamed_errorNamesTheNewName(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "moved");
        dsl.execute("ALTER TABLE moved RENAME TO moved_away");

        assertRefusedFor(engine, "moved_st", "source 'public.moved' was renamed to 'public.moved_away'");
    }

    @Test
    void create_unloggedSource_differentialRefusedAndAutoRecomputesAtEveryRefresh(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE UNLOGGED TABLE scratch (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO scratch VALUES (1, 1)");

        assertThatThrownBy(() -> engine.createStreamTable(StreamTableSpec.builder("scratch_diff",
                "SELECT id, v FROM scratch").mode(RefreshMode.DIFFERENTIAL).build()))
                .isInstanceOf(dev.trickle.UnsupportedQueryException.class)
                .hasMessageContaining("unlogged table");
        var st = engine.createStreamTable("scratch_st", "SELECT id, v FROM scratch");
        assertThat(st.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(st.fallbackReason()).contains("a crash empties it without notice");

        // a crash empties an unlogged table without firing a trigger: no refresh may trust "nothing changed"
        assertThat(engine.refresh("scratch_st").action()).isEqualTo(RefreshAction.FULL);
        dsl.execute("INSERT INTO scratch VALUES (2, 2)");
        assertThat(engine.refresh("scratch_st").action()).isEqualTo(RefreshAction.FULL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.scratch_st", "SELECT id, v FROM scratch");
    }

    @Test
    void create_overTricklesOwnCatalogOrChangeBuffers_isRefused(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "watched");
        long oid = ((Number) dsl.fetchValue("SELECT 'watched'::regclass::oid")).longValue();

        assertThatThrownBy(() -> engine.createStreamTable("catalog_copy",
                "SELECT pgt_id, status FROM pgtrickle.pgt_stream_tables"))
                .isInstanceOf(dev.trickle.InvalidQueryException.class)
                .hasMessageContaining("Trickle's own catalog and change buffers cannot be sources");
        assertThatThrownBy(() -> engine.createStreamTable("buffer_copy",
                "SELECT id, v FROM pgtrickle_changes.changes_" + oid))
                .isInstanceOf(dev.trickle.InvalidQueryException.class)
                .hasMessageContaining("pgtrickle_changes.changes_" + oid);
        assertThat(engine.streamTable("catalog_copy")).isEmpty();
        assertThat(engine.streamTable("buffer_copy")).isEmpty();
    }
}

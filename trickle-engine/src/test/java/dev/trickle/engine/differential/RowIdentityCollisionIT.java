package dev.trickle.engine.differential;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.TrickleExtension;
import dev.trickle.testkit.TrickleFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Row identities: equal keys share a storage row, unequal keys never do. Found by {@code
 * AggregatePropertyIT.groupByNumericValue} (seed 7206).
 *
 * <p>A stream table's {@code __pgt_row_id} hashes its keys (group keys, or the primary keys of the source rows), and
 * PostgreSQL's own per-type hashes, made for hash tables, collide systematically: {@code numeric} ignores the sign,
 * so {@code x} and {@code -x} collided; {@code bigint} folds the value to 32 bits (low half XOR high half) before
 * hashing, so {@code 1} and {@code 4294967296} collided, and among bigint keys beyond 2^32 (the row ids of an upstream
 * stream table, for one) collisions were likely from about 77,000 keys on; {@code timestamp}, {@code timestamptz},
 * {@code time}, {@code money} and {@code interval} hash as a {@code bigint}. Two groups or two source rows then shared
 * one storage row: a refresh overwrote one with the other, silently, or failed on the unique row-id index. Each test
 * is a minimal reproduction; the row identity now hashes such keys in a lossless form.
 */
class RowIdentityCollisionIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(1e9));

    /** The shrunk sample of seed 7206: two new groups 2 and -2 in one refresh collide on insert. */
    @Test
    void groupByNumeric_valueAndItsNegationInOneBatch_areTwoGroups(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_both", "SELECT v, count(*) AS cnt FROM both_signs"
                + " GROUP BY v")) {
            s.step("CREATE TABLE both_signs (id int PRIMARY KEY, v numeric)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO both_signs VALUES (1, 0)").refresh().assertMatchesRecompute()
                    // was: refresh fails, duplicate key value violates unique constraint "st_both___pgt_row_id_idx"
                    .step("INSERT INTO both_signs VALUES (2, -2), (3, 2)").refresh()
                    .assertLastAction(RefreshAction.DIFFERENTIAL).assertMatchesRecompute();
        }
    }

    @Test
    void groupByNumeric_negationOfAnExistingGroup_isANewGroup(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_neg", "SELECT v, count(*) AS cnt FROM neg GROUP BY v")) {
            s.step("CREATE TABLE neg (id int PRIMARY KEY, v numeric)", "INSERT INTO neg VALUES (1, 2)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO neg VALUES (2, -2)")
                    // was: one row (v=-2, cnt=2) instead of (2, 1) and (-2, 1)
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    void groupByNumeric_createOverBothSigns_isDifferential(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_create", "SELECT v, count(*) AS cnt FROM created"
                + " GROUP BY v")) {
            s.step("CREATE TABLE created (id int PRIMARY KEY, v numeric)", "INSERT INTO created VALUES (1, 2), (2, -2)")
                    // was: UnsupportedQueryException "the recomputed query fails: ERROR: could not create unique
                    // index" (and AUTO silently falls back to FULL with that reason)
                    .create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
        }
    }

    @Test
    void numericPrimaryKey_negatedIdInserted_addsARow(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_pk", "SELECT id, x FROM pk")) {
            s.step("CREATE TABLE pk (id numeric PRIMARY KEY, x int)", "INSERT INTO pk VALUES (2, 1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO pk VALUES (-2, 1)")
                    // was: DIFFERENTIAL (+0 ~1 -0), the row of id 2 is overwritten by id -2
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    void numericPrimaryKeyInAJoin_negatedIdInserted_addsAPair(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_join", "SELECT a.id, b.k FROM pa a JOIN pb b"
                + " ON a.x = b.x")) {
            s.step("CREATE TABLE pa (id numeric PRIMARY KEY, x int)", "CREATE TABLE pb (k int PRIMARY KEY, x int)",
                            "INSERT INTO pa VALUES (3, 1)", "INSERT INTO pb VALUES (1, 1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO pa VALUES (-3, 1)")
                    // was: the pair (3, 1) is replaced by (-3, 1)
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    void bigintPrimaryKey_idsThatFoldAlike_areTwoRows(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_big", "SELECT id, x FROM big")) {
            s.step("CREATE TABLE big (id bigint PRIMARY KEY, x int)", "INSERT INTO big VALUES (1, 1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO big VALUES (4294967296, 2)")
                    // was: DIFFERENTIAL (+0 ~1 -0), the row of id 1 is overwritten by id 4294967296
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    void groupByBigint_keysThatFoldAlike_areTwoGroups(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_bg", "SELECT g, count(*) AS cnt FROM bg GROUP BY g")) {
            s.step("CREATE TABLE bg (id int PRIMARY KEY, g bigint)", "INSERT INTO bg VALUES (1, -1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO bg VALUES (2, 4294967295)")
                    // was: one row (4294967295, 2) instead of (-1, 1) and (4294967295, 1)
                    .refresh().assertMatchesRecompute();
        }
    }

    /** Timestamps are microseconds since 2000-01-01; 4294967297 µs (2^32 + 1) folds to 0 like the epoch itself. */
    @Test
    void groupByTimestamp_instantsThatFoldAlike_areTwoGroups(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_ts", "SELECT at, count(*) AS cnt FROM ts GROUP BY at")) {
            s.step("CREATE TABLE ts (id int PRIMARY KEY, at timestamp)",
                            "INSERT INTO ts VALUES (1, '2000-01-01 00:00:00')")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO ts VALUES (2, '2000-01-01 01:11:34.967297')")
                    // was: one row instead of two groups
                    .refresh().assertMatchesRecompute();
        }
    }

    /** Equal keys at different scales are one group, whichever arrives first. */
    @Test
    void groupByNumeric_equalValuesAtOtherScales_stayOneGroup(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_scale", "SELECT v, count(*) AS cnt FROM scales"
                + " GROUP BY v")) {
            s.step("CREATE TABLE scales (id int PRIMARY KEY, v numeric)", "INSERT INTO scales VALUES (1, 2.0)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO scales VALUES (2, 2.00), (3, 2)").refresh()
                    .assertLastAction(RefreshAction.DIFFERENTIAL).assertMatchesRecompute()
                    .step("DELETE FROM scales WHERE id = 1").refresh().assertMatchesRecompute();
        }
    }

    /** 4294967297 µs (2^32 + 1) folds to 0 like the zero interval; equal spans are one group. */
    @Test
    void groupByInterval_spansThatFoldAlikeApart_equalSpansTogether(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_iv", "SELECT d, count(*) AS cnt FROM iv GROUP BY d")) {
            s.step("CREATE TABLE iv (id int PRIMARY KEY, d interval)", "INSERT INTO iv VALUES (1, '0'), (2, '1 day')")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO iv VALUES (3, '01:11:34.967297'), (4, '24 hours'), (5, '1 mon'),"
                            + " (6, '30 days'), (7, '-1 day 3 hours')")
                    .refresh().assertLastAction(RefreshAction.DIFFERENTIAL).assertMatchesRecompute()
                    .step("DELETE FROM iv WHERE id IN (2, 5)").refresh().assertMatchesRecompute();
        }
    }

    /** A domain key hashes as the type it is over. */
    @Test
    void domainOverBigintPrimaryKey_idsThatFoldAlike_areTwoRows(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_dom", "SELECT id, x FROM dom")) {
            s.step("CREATE DOMAIN big_id AS bigint CHECK (VALUE >= 0)",
                            "CREATE TABLE dom (id big_id PRIMARY KEY, x int)", "INSERT INTO dom VALUES (1, 1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO dom VALUES (4294967296, 2)").refresh().assertMatchesRecompute();
        }
    }

    /** Stream tables read by others are keyed by their 64-bit row ids, which must not fold. */
    @Test
    void streamTableOnStreamTable_upstreamRowIdsThatFoldAlike_areTwoRows(TrickleFixture fixture) {
        try (ChangeScenario up = ChangeScenario.of(fixture, "st_up", "SELECT id, x FROM up_src");
                ChangeScenario down = ChangeScenario.of(fixture, "st_down", "SELECT id, x FROM st_up")) {
            up.step("CREATE TABLE up_src (id bigint PRIMARY KEY, x int)", "INSERT INTO up_src VALUES (1, 1)")
                    .create(RefreshMode.DIFFERENTIAL);
            down.create(RefreshMode.DIFFERENTIAL);
            up.step("INSERT INTO up_src VALUES (4294967296, 2), (-1, 3), (4294967295, 4)").refresh()
                    .assertMatchesRecompute();
            down.refresh().assertLastAction(RefreshAction.DIFFERENTIAL).assertMatchesRecompute();
        }
    }
}

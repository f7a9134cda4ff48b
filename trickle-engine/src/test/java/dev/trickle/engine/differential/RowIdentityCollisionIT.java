package dev.trickle.engine.differential;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.TrickleExtension;
import dev.trickle.testkit.TrickleFixture;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression tests for a row identity bug found by {@code AggregatePropertyIT.groupByNumericValue} (seed 7206).
 *
 * <p>A stream table's {@code __pgt_row_id} is {@code hash_record_extended(ROW(keys), 0)} (group keys in
 * {@code AggregateDeltaRule.rowId}, source primary keys in {@code TermSql.rowId}), used as if it were injective.
 * PostgreSQL's per-type hashes are made for hash tables, not identities, and collide systematically:
 * <ul>
 *   <li>{@code numeric}: the hash ignores the sign ({@code hash_numeric} hashes digits and weight only), so
 *       {@code x} and {@code -x} share a row id;
 *   <li>{@code bigint}: the hash folds the value to 32 bits first ({@code hashint8extended}: low half XOR high half),
 *       so {@code 1} and {@code 4294967296}, or {@code -1} and {@code 4294967295}, share a row id; among bigint keys
 *       beyond 2^32 collisions are likely from about 77,000 distinct keys on (the birthday bound of 32 bits);
 *       {@code timestamp}, {@code timestamptz}, {@code time} and {@code money} hash as {@code bigint} and collide
 *       the same way.
 * </ul>
 * Two groups, or two source rows, then map to one storage row: a refresh overwrites one with the other (silently
 * wrong contents) or fails on the unique row-id index, and creating the stream table over data holding both fails
 * (DIFFERENTIAL) or falls back to FULL (AUTO).
 *
 * <p>Disabled until the row identity is fixed; each test is a minimal reproduction and should pass once it is.
 */
class RowIdentityCollisionIT {
    private static final String BUG = "BUG: numeric x and -x share a row id (hash_numeric ignores the sign)";
    private static final String BIGINT_BUG = "BUG: bigint keys share a row id when low XOR high halves agree"
            + " (hashint8extended folds to 32 bits)";

    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(1e9));

    /** The shrunk sample of seed 7206: two new groups 2 and -2 in one refresh collide on insert. */
    @Test
    @Disabled(BUG)
    void groupByNumeric_valueAndItsNegationInOneBatch_areTwoGroups(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_both", "SELECT v, count(*) AS cnt FROM both_signs"
                + " GROUP BY v")) {
            s.step("CREATE TABLE both_signs (id int PRIMARY KEY, v numeric)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO both_signs VALUES (1, 0)").refresh().assertMatchesRecompute()
                    // actual: refresh fails, duplicate key value violates unique constraint "st_both___pgt_row_id_idx"
                    .step("INSERT INTO both_signs VALUES (2, -2), (3, 2)").refresh()
                    .assertLastAction(RefreshAction.DIFFERENTIAL).assertMatchesRecompute();
        }
    }

    @Test
    @Disabled(BUG)
    void groupByNumeric_negationOfAnExistingGroup_isANewGroup(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_neg", "SELECT v, count(*) AS cnt FROM neg GROUP BY v")) {
            s.step("CREATE TABLE neg (id int PRIMARY KEY, v numeric)", "INSERT INTO neg VALUES (1, 2)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO neg VALUES (2, -2)")
                    // actual: one row (v=-2, cnt=2) instead of (2, 1) and (-2, 1)
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    @Disabled(BUG)
    void groupByNumeric_createOverBothSigns_isDifferential(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_create", "SELECT v, count(*) AS cnt FROM created"
                + " GROUP BY v")) {
            s.step("CREATE TABLE created (id int PRIMARY KEY, v numeric)", "INSERT INTO created VALUES (1, 2), (2, -2)")
                    // actual: UnsupportedQueryException "the recomputed query fails: ERROR: could not create unique
                    // index" (and AUTO silently falls back to FULL with that reason)
                    .create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
        }
    }

    @Test
    @Disabled(BUG)
    void numericPrimaryKey_negatedIdInserted_addsARow(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_pk", "SELECT id, x FROM pk")) {
            s.step("CREATE TABLE pk (id numeric PRIMARY KEY, x int)", "INSERT INTO pk VALUES (2, 1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO pk VALUES (-2, 1)")
                    // actual: DIFFERENTIAL (+0 ~1 -0), the row of id 2 is overwritten by id -2
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    @Disabled(BUG)
    void numericPrimaryKeyInAJoin_negatedIdInserted_addsAPair(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_join", "SELECT a.id, b.k FROM pa a JOIN pb b"
                + " ON a.x = b.x")) {
            s.step("CREATE TABLE pa (id numeric PRIMARY KEY, x int)", "CREATE TABLE pb (k int PRIMARY KEY, x int)",
                            "INSERT INTO pa VALUES (3, 1)", "INSERT INTO pb VALUES (1, 1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO pa VALUES (-3, 1)")
                    // actual: the pair (3, 1) is replaced by (-3, 1)
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    @Disabled(BIGINT_BUG)
    void bigintPrimaryKey_idsThatFoldAlike_areTwoRows(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_big", "SELECT id, x FROM big")) {
            s.step("CREATE TABLE big (id bigint PRIMARY KEY, x int)", "INSERT INTO big VALUES (1, 1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO big VALUES (4294967296, 2)")
                    // actual: DIFFERENTIAL (+0 ~1 -0), the row of id 1 is overwritten by id 4294967296
                    .refresh().assertMatchesRecompute();
        }
    }

    @Test
    @Disabled(BIGINT_BUG)
    void groupByBigint_keysThatFoldAlike_areTwoGroups(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_bg", "SELECT g, count(*) AS cnt FROM bg GROUP BY g")) {
            s.step("CREATE TABLE bg (id int PRIMARY KEY, g bigint)", "INSERT INTO bg VALUES (1, -1)")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO bg VALUES (2, 4294967295)")
                    // actual: one row (4294967295, 2) instead of (-1, 1) and (4294967295, 1)
                    .refresh().assertMatchesRecompute();
        }
    }

    /** Timestamps are microseconds since 2000-01-01; 4294967297 µs (2^32 + 1) folds to 0 like the epoch itself. */
    @Test
    @Disabled(BIGINT_BUG)
    void groupByTimestamp_instantsThatFoldAlike_areTwoGroups(TrickleFixture fixture) {
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_ts", "SELECT at, count(*) AS cnt FROM ts GROUP BY at")) {
            s.step("CREATE TABLE ts (id int PRIMARY KEY, at timestamp)",
                            "INSERT INTO ts VALUES (1, '2000-01-01 00:00:00')")
                    .create(RefreshMode.DIFFERENTIAL)
                    .step("INSERT INTO ts VALUES (2, '2000-01-01 01:11:34.967297')")
                    // actual: one row instead of two groups
                    .refresh().assertMatchesRecompute();
        }
    }
}

package dev.trickle.engine.refresh;

import static dev.trickle.testkit.StreamTableOracle.assertMatchesRecompute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * AUTO's cost guard ({@link RefreshCosts}) on a case where a differential refresh really is dearer than a full one:
 * a small table churned hard between refreshes (each of its 1,000 rows updated 300 times: 600,000 change rows to
 * net, against 1,000 rows to recompute), with the changed-fraction threshold switched off so that only the guard decides.
 * The AUTO stream table measures two differential refreshes, then recomputes in full, measures again after
 * {@value RefreshCosts#FIRST_PROBE} full refreshes, and refreshes a small change differentially; the DIFFERENTIAL
 * stream table over the same query always refreshes differentially. Both equal their query after every refresh.
 */
class AutoCostGuardIT {
    private static final String QUERY = "SELECT g, sum(v) AS s, count(*) AS n FROM t GROUP BY g";
    private static final String GUARD = "AUTO cost guard: ";

    @Test
    void refresh_autoWhoseDifferentialRefreshesCostMore_recomputesInFullAndMeasuresAgainLater() {
        try (TestDatabase db = TestPostgres.createDatabase()) {
            DSLContext dsl = table(db);
            try (Trickle engine = engine(db)) {
                engine.createStreamTable(StreamTableSpec.builder("auto_st", QUERY).mode(RefreshMode.AUTO).build());
                engine.createStreamTable(StreamTableSpec.builder("diff_st", QUERY)
                        .mode(RefreshMode.DIFFERENTIAL).build());

                for (int i = 0; i < 2; i++) {
                    churn(dsl);
                    assertThat(refresh(engine, dsl, "auto_st").action()).as("the first two are measured")
                            .isEqualTo(RefreshAction.DIFFERENTIAL);
                }
                for (int i = 0; i < RefreshCosts.FIRST_PROBE; i++) {
                    churn(dsl);
                    RefreshResult full = refresh(engine, dsl, "auto_st");
                    assertThat(full.action()).as("full refresh %d", i).isEqualTo(RefreshAction.FULL);
                    assertThat(full.reason()).startsWith(GUARD).contains("600,000 change rows");
                    assertThat(refresh(engine, dsl, "diff_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
                }
                churn(dsl);
                assertThat(refresh(engine, dsl, "auto_st").action()).as("measured again")
                        .isEqualTo(RefreshAction.DIFFERENTIAL);

                dsl.execute("UPDATE t SET v = v + 1 WHERE id = 1");
                RefreshResult small = refresh(engine, dsl, "auto_st");
                assertThat(small.action()).as("2 change rows are estimated far below a full refresh")
                        .isEqualTo(RefreshAction.DIFFERENTIAL);
                assertThat(refresh(engine, dsl, "diff_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
                assertThat(dsl.fetchValue("SELECT count(*) FROM pgtrickle.pgt_refresh_history h"
                        + " JOIN pgtrickle.pgt_stream_tables s USING (pgt_id) WHERE s.pgt_name = 'auto_st'"
                        + " AND h.reason LIKE 'AUTO cost guard: %'", Long.class))
                        .as("the history says why").isEqualTo((long) RefreshCosts.FIRST_PROBE);
            }
        }
    }

    @Test
    void refresh_newEngine_takesTheFullRefreshCostFromTheHistory() {
        try (TestDatabase db = TestPostgres.createDatabase()) {
            DSLContext dsl = table(db);
            try (Trickle engine = engine(db)) {
                engine.createStreamTable(StreamTableSpec.builder("auto_st", QUERY).mode(RefreshMode.AUTO).build());
            }
            try (Trickle restarted = engine(db)) {
                for (int i = 0; i < 2; i++) {
                    churn(dsl);
                    assertThat(refresh(restarted, dsl, "auto_st").action()).as("measured")
                            .isEqualTo(RefreshAction.DIFFERENTIAL);
                }
                churn(dsl);
                RefreshResult full = refresh(restarted, dsl, "auto_st");

                assertThat(full.action()).as("against the initial load in the history").isEqualTo(RefreshAction.FULL);
                assertThat(full.reason()).startsWith(GUARD);
            }
        }
    }

    private static DSLContext table(TestDatabase db) {
        DSLContext dsl = db.dsl();
        dsl.execute("CREATE TABLE t (id int PRIMARY KEY, g int NOT NULL, v int NOT NULL)");
        dsl.execute("INSERT INTO t SELECT i, i % 50, i FROM generate_series(1, 1000) i");
        dsl.execute("ANALYZE t");
        return dsl;
    }

    private static Trickle engine(TestDatabase db) {
        return Trickle.builder(db.dataSource()).fullRefreshThreshold(1e9).build();
    }

    /**
     * Updates every row 300 times: 600,000 change rows (an UPDATE counts twice). The guard compares measured
     * durations: a differential refresh this much dearer than a full one stays dearer when load on a shared machine
     * slows one full refresh down (100 times, 200,000 change rows, flipped once under load 4-5).
     */
    private static void churn(DSLContext dsl) {
        for (int i = 0; i < 300; i++) {
            dsl.execute("UPDATE t SET v = v + 1");
        }
    }

    private static RefreshResult refresh(Trickle engine, DSLContext dsl, String name) {
        RefreshResult r = engine.refresh(name);
        assertMatchesRecompute(dsl, name, QUERY);
        return r;
    }
}

package dev.trickle.engine.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RefreshCostsTest {
    private static final long MS = 1_000_000L;
    private static final long ID = 7;
    private static final long GEN = 1;

    private final RefreshCosts costs = new RefreshCosts();

    private void full(long nanos, boolean byCost) {
        costs.record(ID, GEN, false, byCost, 0, nanos, "st");
    }

    private void differential(long changes, long nanos) {
        costs.record(ID, GEN, true, false, changes, nanos, "st");
    }

    /** Two differential refreshes alike: the guard switches only on two. */
    private void differentialTwice(long changes, long nanos) {
        differential(changes, nanos);
        differential(changes, nanos);
    }

    @Test
    void fullRefreshReason_nothingMeasured_refreshesDifferentially() {
        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
    }

    @Test
    void fullRefreshReason_onlyAFullRefreshMeasured_refreshesDifferentially() {
        full(10 * MS, false);

        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
    }

    @Test
    void fullRefreshReason_differentialCheaperThanFull_refreshesDifferentially() {
        full(100 * MS, false);
        differentialTwice(1_000, 20 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
    }

    @Test
    void fullRefreshReason_differentialDearerThanTwiceFull_recomputesInFullAndSaysWhy() {
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN, 1_000))
                .isEqualTo("AUTO cost guard: a differential refresh of 1,000 change rows is estimated at 100.0 ms (the"
                        + " last two took 100.0 ms for 1,000 and 100.0 ms for 1,000), a full one at 10.0 ms");
    }

    @Test
    void fullRefreshReason_scalesTheEstimateByThePendingChanges() {
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);

        // 100 ms for 1,000 rows: 150 rows are estimated at 15 ms, under twice the full refresh
        assertThat(costs.fullRefreshReason(ID, GEN, 150)).isNull();
        assertThat(costs.fullRefreshReason(ID, GEN, 300)).contains("estimated at 30.0 ms");
    }

    @Test
    void fullRefreshReason_dearerButByLessThanTheLeastGain_refreshesDifferentially() {
        full(1 * MS, false);
        differentialTwice(10, 4 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN, 10)).isNull();
    }

    @Test
    void fullRefreshReason_afterFirstProbeFullRefreshes_measuresDifferentiallyAgain() {
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);
        for (int i = 0; i < RefreshCosts.FIRST_PROBE; i++) {
            assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).as("full refresh %d", i).isNotNull();
            full(10 * MS, true);
        }

        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
    }

    @Test
    void record_probeStillDearer_doublesTheFullRefreshesBeforeTheNextProbe() {
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);
        for (int i = 0; i < RefreshCosts.FIRST_PROBE; i++) {
            full(10 * MS, true);
        }
        differentialTwice(1_000, 100 * MS);

        for (int i = 0; i < 2 * RefreshCosts.FIRST_PROBE; i++) {
            assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).as("full refresh %d", i).isNotNull();
            full(10 * MS, true);
        }
        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
    }

    @Test
    void record_probesNeverFurtherApartThanTheMaximum() {
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);
        int run = 0;
        for (int probes = 0; probes < 10; probes++) {
            run = 0;
            while (costs.fullRefreshReason(ID, GEN, 1_000) != null) {
                full(10 * MS, true);
                run++;
            }
            differentialTwice(1_000, 100 * MS);
        }

        assertThat(run).isEqualTo(RefreshCosts.MAX_PROBE);
    }

    @Test
    void record_probeCheaperNow_refreshesDifferentiallyFromThen() {
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);
        for (int i = 0; i < RefreshCosts.FIRST_PROBE; i++) {
            full(10 * MS, true);
        }
        differential(1_000, 5 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
        assertThat(costs.fullRefreshReason(ID, GEN, 10_000)).as("a batch ten times larger, 50 ms").isNotNull();
    }

    @Test
    void record_fullRefreshCost_isTheMeanWeightedToTheNewest() {
        full(40 * MS, false);
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).endsWith("a full one at 25.0 ms");
    }

    @Test
    void fullRefreshReason_anotherGeneration_startsOver() {
        full(10 * MS, false);
        differentialTwice(1_000, 100 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN + 1, 1_000)).isNull();
        assertThat(costs.needsFullCost(ID, GEN + 1)).isFalse();
    }

    @Test
    void needsFullCost_onlyAfterADearDifferentialRefreshAndOnlyOnce() {
        differential(10, 1 * MS);
        assertThat(costs.needsFullCost(ID, GEN)).as("a cheap differential refresh").isFalse();

        differentialTwice(1_000, 100 * MS);
        assertThat(costs.needsFullCost(ID, GEN)).isTrue();

        costs.fullLookedUp(ID, GEN, OptionalLong.empty());
        assertThat(costs.needsFullCost(ID, GEN)).as("looked up, none in the history").isFalse();
        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
    }

    @Test
    void fullLookedUp_takesTheHistorysFullRefreshAsItsCost() {
        differentialTwice(1_000, 100 * MS);
        costs.fullLookedUp(ID, GEN, OptionalLong.of(10 * MS));

        assertThat(costs.needsFullCost(ID, GEN)).isFalse();
        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).endsWith("a full one at 10.0 ms");
    }

    @Test
    void fullRefreshReason_oneSlowDifferentialRefresh_doesNotSwitch() {
        full(2 * MS, false);
        differential(1, 33 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN, 1)).as("the first plans its statement").isNull();
    }

    @Test
    void fullRefreshReason_estimatesFromTheCheaperOfTheLastTwo() {
        full(10 * MS, false);
        differential(1_000, 100 * MS);
        differential(1_000, 15 * MS);

        assertThat(costs.fullRefreshReason(ID, GEN, 1_000)).isNull();
        assertThat(costs.fullRefreshReason(ID, GEN, 2_000)).contains("estimated at 30.0 ms");
    }
}

package dev.trickle.samples.docs;

import dev.trickle.RefreshMode;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import dev.trickle.testkit.TrickleFixture;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

// tag::oracle[]
/** The test kit's generators and oracle: any rows, any transactions of changes, refresh, compare. */
class TeamTotalsOraclePropertyIT {
    static final TableSpec STAFF = TableSpec.of("staff").key("id", 30)
            .intColumn("team", 1, 4).nullable()
            .numericColumn("salary", 0, 9);
    static final String QUERY = "SELECT team, count(*) AS headcount, sum(salary) AS payroll FROM staff GROUP BY team";
    static TrickleFixture trickle;

    @BeforeContainer
    static void start() {
        trickle = TrickleFixture.postgres().start();
    }

    @AfterContainer
    static void stop() {
        trickle.close();
    }

    @Property(tries = 25, seed = "42")
    void refresh_afterAnyBatches_matchesRecompute(@ForAll("staff") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        try (ChangeScenario scenario = ChangeScenario.of(trickle, "team_totals", QUERY)) {
            scenario.load(STAFF, rows).create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
            for (DmlBatch batch : batches) {
                scenario.apply(batch).refresh().assertMatchesRecompute();
            }
        } // drops the stream table; the next try loads the table afresh
    }

    @Provide
    Arbitrary<List<Row>> staff() {
        return STAFF.rows(15);
    }

    @Provide
    Arbitrary<List<DmlBatch>> batches() {
        return DmlArbitraries.batches(STAFF).list().ofSize(3);
    }
}
// end::oracle[]

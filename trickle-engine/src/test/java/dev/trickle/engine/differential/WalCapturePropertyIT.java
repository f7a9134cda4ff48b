package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.CaptureMode;
import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TrickleFixture;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The differential properties with change capture from the WAL: random batches of INSERT, UPDATE and DELETE (keys
 * moved, NULLs, duplicates, rolled-back transactions and savepoints, a last transaction held open across the refresh
 * and committed after it) on sources captured from the WAL, then a refresh, which drains the slot: the stream table
 * must equal its query recomputed after every batch. Two stream tables read the same sources and are refreshed at
 * different times. Each try creates the slot (its first stream table) and drops it (its last).
 */
class WalCapturePropertyIT {
    static final int TRIES = DifferentialProperties.TRIES;
    static final int BATCHES = DifferentialProperties.BATCHES;

    static TrickleFixture trickle;

    @BeforeContainer
    static void start() {
        trickle = TrickleFixture.postgres()
                .withEngine(b -> b.fullRefreshThreshold(1e9).changeCapture(CaptureMode.WAL)).start();
    }

    @AfterContainer
    static void stop() {
        trickle.close();
    }

    @Provide
    Arbitrary<List<Row>> orders() {
        return ORDERS.rows(10);
    }

    @Provide
    Arbitrary<List<Row>> customers() {
        return CUSTOMERS.rows(5);
    }

    @Provide
    Arbitrary<List<DmlBatch>> twoTables() {
        return DmlArbitraries.batches(ORDERS, CUSTOMERS).list().ofSize(BATCHES);
    }

    @Property(tries = TRIES, seed = "9101", shrinking = ShrinkingMode.OFF)
    void joinThenGroupBy_walCapture_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        twoReaders("""
                SELECT c.region, count(*) AS cnt, sum(o.amount) AS total, avg(o.amount) AS mean,
                       count(o.status) AS with_status
                  FROM orders o JOIN customers c ON o.customer_id = c.id
                 GROUP BY c.region""", PROJECT, orders, customers, batches);
    }

    @Property(tries = TRIES, seed = "9102", shrinking = ShrinkingMode.OFF)
    void filterProject_walCapture_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        twoReaders("""
                SELECT o.id, c.name, o.amount * 2 AS doubled FROM orders o LEFT JOIN customers c ON o.customer_id = c.id
                 WHERE o.status IS NULL OR o.amount > 4""", """
                SELECT o.status, count(*) AS cnt, sum(o.amount) AS total FROM orders o GROUP BY o.status""",
                orders, customers, batches);
    }

    static final String PROJECT = """
            SELECT o.id, o.customer_id, o.amount * 2 AS doubled, o.status
              FROM orders o WHERE o.status IS NULL OR o.amount > 4""";

    /**
     * One try with two stream tables over the same sources (the first reads every table a batch writes, so each of
     * its refreshes after a batch is differential), the second refreshed after every other batch only: each
     * refresh drains the slot for both, so the second one's windows hold transactions that the first one's
     * refreshes wrote into the buffers.
     */
    private static void twoReaders(String first, String second, List<Row> orders, List<Row> customers,
            List<DmlBatch> batches) {
        try (ChangeScenario a = ChangeScenario.of(trickle, "st_a", first);
                ChangeScenario b = ChangeScenario.of(trickle, "st_b", second)) {
            a.load(ORDERS, orders).load(CUSTOMERS, customers).create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
            b.create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
            for (int i = 0; i < batches.size(); i++) {
                a.apply(batches.get(i)).refresh().assertDifferential().assertMatchesRecompute();
                if (i % 2 == 1) {
                    b.refresh().assertDifferential().assertMatchesRecompute();
                }
            }
            a.refresh().assertLastAction(RefreshAction.NO_DATA);
            a.apply(DmlBatch.of()).refresh().assertDifferential().assertMatchesRecompute();
            b.refresh().assertDifferential().assertMatchesRecompute();
        }
    }
}

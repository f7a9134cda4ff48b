package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;
import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.CaptureMode;
import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TrickleFixture;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The differential properties with change capture from the WAL: random batches of INSERT, UPDATE and DELETE (keys
 * moved, NULLs, duplicates, rolled-back transactions and savepoints, a last transaction held open across the refresh
 * and committed after it) on sources captured from the WAL, then a refresh, which drains the slot: the stream table
 * must equal its query recomputed after every batch. Each try creates the slot (its first stream table) and drops it
 * (its last).
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
    Arbitrary<List<DmlBatch>> oneTable() {
        return DmlArbitraries.batches(ORDERS).list().ofSize(BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> twoTables() {
        return DmlArbitraries.batches(ORDERS, CUSTOMERS).list().ofSize(BATCHES);
    }

    @Property(tries = TRIES, seed = "9101")
    void joinThenGroupBy_walCapture_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, count(*) AS cnt, sum(o.amount) AS total, avg(o.amount) AS mean,
                       count(o.status) AS with_status
                  FROM orders o JOIN customers c ON o.customer_id = c.id
                 GROUP BY c.region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "9102")
    void filterProject_walCapture_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("oneTable") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.customer_id, o.amount * 2 AS doubled, o.status
                  FROM orders o WHERE o.status IS NULL OR o.amount > 4""",
                List.of(new Source(ORDERS, orders)), batches);
    }
}

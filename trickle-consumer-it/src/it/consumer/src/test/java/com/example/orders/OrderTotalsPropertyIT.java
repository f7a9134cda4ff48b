package com.example.orders;

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

/** For any orders and any transactions changing them, order_totals refreshed equals its query recomputed. */
class OrderTotalsPropertyIT {
    static final TableSpec ORDERS = TableSpec.of("orders").key("id", 40)
            .intColumn("customer_id", 1, 5).nullable()
            .numericColumn("amount", 0, 99).nullable();
    static TrickleFixture trickle;

    @BeforeContainer
    static void start() {
        trickle = TrickleFixture.postgres().start();
    }

    @AfterContainer
    static void stop() {
        trickle.close();
    }

    @Property(tries = 15)
    void refresh_afterAnyChanges_matchesRecompute(@ForAll("orders") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        try (ChangeScenario scenario = ChangeScenario.of(trickle, "order_totals", OrderTotals.query())) {
            scenario.load(ORDERS, rows).create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
            for (DmlBatch batch : batches) {
                scenario.apply(batch).refresh().assertMatchesRecompute();
            }
        } // drops the stream table; the next try loads the orders afresh
    }

    @Provide
    Arbitrary<List<Row>> orders() {
        return ORDERS.rows(20);
    }

    @Provide
    Arbitrary<List<DmlBatch>> batches() {
        return DmlArbitraries.batches(ORDERS).list().ofSize(3);
    }
}

package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** order_totals on a fresh database and engine of this class's own. */
class OrderTotalsTest {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void refresh_afterNewOrders_updatesTheTotals(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount numeric)");
        OrderTotals.define(engine);
        OrderTotals.define(engine); // as on the application's next start: nothing to do

        dsl.execute("INSERT INTO orders VALUES (1, 7, 10.50), (2, 7, 5), (3, 8, 1)");
        engine.refresh("order_totals");

        assertThat(dsl.fetchValue("SELECT total FROM order_totals WHERE customer_id = 7")).hasToString("15.50");
        StreamTableOracle.assertMatchesRecompute(dsl, "order_totals", OrderTotals.query());
    }
}

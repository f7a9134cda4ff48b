package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;
import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ITEMS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Inner joins: equi, theta, self, cross with a filter, and three-way. Batches change both sides in the same
 * transactions, move rows across join keys (value and key updates) and leave rows dangling.
 */
class JoinPropertyIT extends ShopProperties {
    /** No keys in the output: equal rows repeat, and only row identities tell them apart. */
    @Property(tries = TRIES, seed = "7101")
    void equiJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, c.name, o.amount, o.status
                  FROM orders o JOIN customers c ON o.customer_id = c.id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "7102")
    void thetaJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, c.id AS customer_id, o.amount
                  FROM orders o JOIN customers c ON o.customer_id < c.region * 2""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "7103")
    void selfJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("oneTable") List<DmlBatch> batches) {
        check(trickle, """
                SELECT a.id AS first_id, b.id AS second_id, a.customer_id, b.amount
                  FROM orders a JOIN orders b ON a.customer_id = b.customer_id AND a.id <= b.id""",
                List.of(new Source(ORDERS, orders)), batches);
    }

    @Property(tries = TRIES, seed = "7104")
    void crossJoinWithFilter_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, c.id AS customer_id, c.name
                  FROM orders o CROSS JOIN customers c
                 WHERE o.customer_id = c.region + 1 OR o.status = c.name""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "7105")
    void threeWayJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, c.name, i.id AS item_id, i.qty * o.amount AS line_value
                  FROM orders o, customers c, items i
                 WHERE o.customer_id = c.id AND i.order_id = o.id AND i.qty > 0""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }
}

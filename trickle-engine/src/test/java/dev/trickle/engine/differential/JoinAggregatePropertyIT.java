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
 * Aggregates over joins: a change on either side moves join results between groups (a customer changing region
 * moves all its orders at once).
 */
class JoinAggregatePropertyIT extends ShopProperties {
    @Property(tries = TRIES, seed = "7301")
    void joinThenGroupBy_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, count(*) AS cnt, sum(o.amount) AS total, avg(o.amount) AS mean,
                       count(o.status) AS with_status
                  FROM orders o JOIN customers c ON o.customer_id = c.id
                 GROUP BY c.region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "7302")
    void threeWayJoinThenGroupBy_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id AS customer, count(*) AS lines, sum(i.qty) AS qty, sum(i.qty * o.amount) AS value,
                       avg(i.qty) AS avg_qty
                  FROM orders o
                  JOIN customers c ON o.customer_id = c.id
                  JOIN items i ON i.order_id = o.id
                 GROUP BY c.id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    @Property(tries = TRIES, seed = "7303")
    void joinThenScalarAggregate_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT count(*) AS cnt, sum(o.amount) AS total, avg(c.region) AS avg_region, count(c.region) AS regions
                  FROM orders o JOIN customers c ON o.customer_id = c.id
                 WHERE o.status IS DISTINCT FROM 'a'""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

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
 * Aggregation inside the body: a grouped derived table joined and aggregated above, and scalar subqueries
 * (uncorrelated in WHERE and HAVING, correlated by an equality in WHERE and in the select list). Orders move between
 * customers (a key move touches two groups), {@code customer_id} is NULL or dangling, and batches delete the current
 * extremum of a group.
 */
class GroupedBodyPropertyIT extends ShopProperties {

    /** TPC-H Q13's shape: the distribution of customers by their number of orders, an outer join inside. */
    @Property(tries = TRIES, seed = "7801")
    void countOfCounts_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT s.n, count(*) AS customers
                  FROM (SELECT c.id, count(o.id)
                          FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.status IS DISTINCT FROM 'a'
                         GROUP BY c.id) AS s (id, n)
                 GROUP BY s.n""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * MIN and MAX per group joined to a keyed table, under a HAVING inside the subquery; NULL group keys stay
     * unmatched, padded by the LEFT JOIN.
     */
    @Property(tries = TRIES, seed = "7802")
    void groupedExtremaJoined_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT s.customer_id, s.lo, s.hi, s.total, c.name
                  FROM (SELECT customer_id, min(amount) AS lo, max(amount) AS hi, sum(amount) AS total
                          FROM orders GROUP BY customer_id HAVING count(*) > 1 OR max(amount) > 5) s
                  LEFT JOIN customers c ON c.id = s.customer_id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /** An uncorrelated scalar subquery in WHERE: every order is compared with the average, which any change moves. */
    @Property(tries = TRIES, seed = "7803")
    void uncorrelatedScalarInWhere_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("oneTable") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.amount FROM orders o WHERE o.amount > (SELECT avg(amount) FROM orders)""",
                List.of(new Source(ORDERS, orders)), batches);
    }

    /** An uncorrelated scalar subquery in HAVING (TPC-H Q11's shape), reading another table. */
    @Property(tries = TRIES, seed = "7804")
    void uncorrelatedScalarInHaving_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.customer_id, sum(o.amount) AS total
                  FROM orders o
                 GROUP BY o.customer_id
                HAVING sum(o.amount) > (SELECT count(*) + 3 FROM customers c WHERE c.region IS NOT NULL)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /** TPC-H Q17's shape: a correlated scalar subquery in WHERE, and the aggregate above. */
    @Property(tries = TRIES, seed = "7805")
    void correlatedScalarInWhere_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT sum(o.amount) AS total, count(*) AS n
                  FROM orders o, customers c
                 WHERE c.id = o.customer_id
                   AND o.amount < (SELECT 0.8 * avg(o2.amount) FROM orders o2 WHERE o2.customer_id = c.id)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * Correlated scalar subqueries in the select list: an order whose {@code customer_id} is NULL or dangling matches
     * no customer and reads COUNT as 0, not NULL (the count bug), and MAX as NULL.
     */
    @Property(tries = TRIES, seed = "7806")
    void correlatedCountInSelectList_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.customer_id,
                       (SELECT count(*) FROM customers c WHERE c.id = o.customer_id AND c.region IS NOT NULL) AS n,
                       (SELECT max(o2.amount) FROM orders o2 WHERE o2.customer_id = o.customer_id) AS top
                  FROM orders o""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * TPC-H Q2's shape: a comma join of three tables (a many-way join, differentiated by levels) whose conditions sit
     * in the same WHERE as a correlated scalar subquery, so they are moved below the subquery's LEFT JOIN
     * ({@code FilterPushdown}) into the levels.
     */
    @Property(tries = TRIES, seed = "7807")
    void commaJoinUnderCorrelatedScalar_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, c.name, i.qty
                  FROM orders o, customers c, items i
                 WHERE c.id = o.customer_id AND i.order_id = o.id AND c.region IS DISTINCT FROM 2
                   AND i.qty = (SELECT max(i2.qty) FROM items i2, orders o2
                                 WHERE i2.order_id = o2.id AND o2.customer_id = c.id)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }
}

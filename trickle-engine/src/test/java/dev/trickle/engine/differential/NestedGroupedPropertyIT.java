package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;
import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A grouped relation over a body that holds a grouped relation: a scalar subquery whose FROM is a grouped CTE or
 * derived table (TPC-H Q15's {@code total_revenue = (SELECT max(total_revenue) FROM revenue0)}), uncorrelated and
 * correlated by an equality, and a grouped derived table over a grouped derived table. The inner relation's change
 * (a group's old row out, its new row in) is the outer aggregate's input change: batches move orders between
 * customers (two inner groups change), delete the order that made a customer the top one (the MAX leaves), make
 * totals tie, and empty the inner relation (MAX over no rows is NULL, so no row matches).
 */
class NestedGroupedPropertyIT extends ShopProperties {

    /** TPC-H Q15's shape: the customers whose total is the largest, the CTE joined and read by the subquery. */
    @Property(tries = TRIES, seed = "8501")
    void maxOfGroupedCte_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                WITH rev (cid, total) AS (
                  SELECT customer_id, sum(amount) FROM orders WHERE status IS DISTINCT FROM 'a' GROUP BY customer_id)
                SELECT c.id, c.name, total
                  FROM customers c, rev
                 WHERE c.id = cid AND total = (SELECT max(total) FROM rev)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * MIN, SUM and COUNT of a grouped CTE in two scalar subqueries, compared with {@code >=}; the inner relation has
     * a NULL group key.
     */
    @Property(tries = TRIES, seed = "8502")
    void minSumCountOfGroupedCte_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("oneTable") List<DmlBatch> batches) {
        check(trickle, """
                WITH rev AS (SELECT customer_id AS cid, count(*) AS n, sum(amount) AS total FROM orders
                              GROUP BY customer_id)
                SELECT r.cid, r.n, r.total
                  FROM rev r
                 WHERE r.total >= (SELECT min(total) FROM rev) + 2
                   AND r.n * (SELECT count(*) FROM rev) >= (SELECT sum(n) FROM rev)""",
                List.of(new Source(ORDERS, orders)), batches);
    }

    /**
     * The grouped derived table without its group key, under HAVING: its rows are identified by content, so two
     * customers with the same total are two equal rows, and the MIN is over a multiset that HAVING thins.
     */
    @Property(tries = TRIES, seed = "8503")
    void minOfGroupedRowsByContent_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("oneTable") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.amount
                  FROM orders o
                 WHERE o.amount * 2 >= (SELECT min(t.total)
                                          FROM (SELECT sum(amount) AS total FROM orders GROUP BY customer_id
                                                HAVING count(*) > 1) t)""",
                List.of(new Source(ORDERS, orders)), batches);
    }

    /**
     * The top customer of each region, by a scalar subquery correlated by an equality: a NULL region matches no
     * group, whose MAX over no rows is NULL; customers move between regions (the group key of the inner relation).
     */
    @Property(tries = TRIES, seed = "8504")
    void correlatedMaxOfGroupedCte_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                WITH rev AS (SELECT o.customer_id AS cid, c.region, sum(o.amount) AS total
                               FROM orders o JOIN customers c ON c.id = o.customer_id
                              GROUP BY o.customer_id, c.region)
                SELECT r.cid, r.region, r.total
                  FROM rev r
                 WHERE r.total = (SELECT max(r2.total) FROM rev r2 WHERE r2.region = r.region)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /** A grouped derived table over a grouped derived table, aggregated above: how many regions share a top total. */
    @Property(tries = TRIES, seed = "8505")
    void groupedOverGroupedDerivedTable_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT m.hi, count(*) AS regions
                  FROM (SELECT c.region, max(t.total) AS hi
                          FROM (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) t
                          JOIN customers c ON c.id = t.customer_id
                         GROUP BY c.region) m
                 GROUP BY m.hi""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

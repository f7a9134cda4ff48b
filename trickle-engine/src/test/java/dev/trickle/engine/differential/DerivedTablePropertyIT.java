package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;
import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ITEMS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * What the rewrite before translation inlines ({@code dev.trickle.jooq.translate.Inliner}): a CTE read twice, a
 * subquery in FROM flattened under an inner join and on the nullable side of a LEFT JOIN (its WHERE moved into the
 * ON), a subquery in FROM whose WHERE has subqueries (TPC-H Q22's shape: they move into the outer query, the bare
 * names of a subquery over the same table staying its own), and a view over a join read as a source (expanded, so
 * capture sits on its tables). Each is maintained as the
 * plan of the flattened query, and must equal the original query recomputed.
 */
class DerivedTablePropertyIT extends ShopProperties {

    @Property(tries = TRIES, seed = "8801")
    void cteReadTwice_matchesRecompute(@ForAll("orders") List<Row> orders, @ForAll("oneTable") List<DmlBatch> batches) {
        check(trickle, """
                WITH paid AS (SELECT id, customer_id, amount FROM orders WHERE status IS NOT NULL)
                SELECT a.id, b.id AS other, a.amount + b.amount AS total
                  FROM paid a JOIN paid b ON a.customer_id = b.customer_id AND a.id <> b.id""",
                List.of(new Source(ORDERS, orders)), batches);
    }

    @Property(tries = TRIES, seed = "8802")
    void subqueryUnderJoinWithAggregate_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, count(*) AS n, sum(s.doubled) AS total
                  FROM customers c
                  JOIN (SELECT o.customer_id AS cid, o.amount * 2 AS doubled FROM orders o WHERE o.amount > 2) s
                    ON s.cid = c.id
                 GROUP BY c.region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "8803")
    void subqueryOnNullableSideOfLeftJoin_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id, c.name, s.oid, s.amount
                  FROM customers c
                  LEFT JOIN (SELECT id AS oid, customer_id, amount FROM orders WHERE status IS NULL OR amount > 4) s
                    ON s.customer_id = c.id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "8804")
    void viewOverJoin_matchesRecompute(@ForAll("orders") List<Row> orders, @ForAll("items") List<Row> items,
            @ForAll("customers") List<Row> customers, @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT v.region, v.qty, c.name
                  FROM order_items v JOIN customers c ON c.id = v.customer_id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                Map.of("order_items", """
                        SELECT o.id, o.customer_id, i.qty, cu.region
                          FROM orders o JOIN items i ON i.order_id = o.id
                          LEFT JOIN customers cu ON cu.id = o.customer_id
                         WHERE i.qty > 0"""), batches);
    }

    @Property(tries = TRIES, seed = "8805")
    void subqueryWithSubqueriesInItsWhere_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT region, count(*) AS n, sum(total) AS total
                  FROM (SELECT region, amount AS total
                          FROM orders JOIN customers ON customers.id = orders.customer_id
                         WHERE amount > (SELECT avg(amount) FROM orders WHERE status IS NOT NULL)
                           AND NOT EXISTS (SELECT * FROM orders o2
                                            WHERE o2.customer_id = customers.id AND o2.status = status
                                              AND o2.amount > orders.amount)) s
                 GROUP BY region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

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
 * Quantified comparisons ({@code x op ANY (q)}, {@code x op ALL (q)}, scalar and row operands, correlated and not) and
 * subquery predicates under {@code OR} and {@code NOT} (mark joins): each property combines several forms, 200 random
 * batches each. {@code customer_id}, {@code region} and {@code
 * order_id} are nullable and few customers have {@code id > 3}, so operands and subquery rows are NULL and subqueries
 * become empty and non-empty again within a batch (inserts, deletes, updates of keys and compared columns, held and
 * rolled-back transactions).
 */
class SubqueryPredicatePropertyIT extends ShopProperties {

    /**
     * Uncorrelated: {@code >= ALL} keeps every order while the subquery is empty (a NULL {@code customer_id} too) and
     * none once it holds a NULL {@code region}; {@code > ANY} keeps an order above some non-NULL {@code region}.
     */
    @Property(tries = TRIES, seed = "7701")
    void uncorrelatedAnyAndAll_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.customer_id, o.amount
                  FROM orders o
                 WHERE o.customer_id >= ALL (SELECT c.region FROM customers c WHERE c.id > 3)
                   AND o.amount > ANY (SELECT c.region + 4 FROM customers c WHERE c.name <> 'a')""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * Correlated by the customer: {@code < ANY} over its orders' amounts (no orders, no row), {@code = ALL} over its
     * items' quantities (no items, the customer stays; a NULL {@code region} with items, it goes), and {@code <> ALL},
     * which is {@code NOT IN}, of a key column against values that may be NULL (then no customer stays).
     */
    @Property(tries = TRIES, seed = "7702")
    void correlatedAnyAndAll_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id, c.name
                  FROM customers c
                 WHERE c.id < ANY (SELECT o.amount FROM orders o WHERE o.customer_id = c.id)
                   AND c.region = ALL (SELECT i.qty FROM items i WHERE i.order_id = c.id)
                   AND c.id <> ALL (SELECT i.order_id - 6 FROM items i WHERE i.qty = 3)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /**
     * Row operands: {@code (x, y) <> ALL} matches column by column with NULLs ({@code NOT IN}), {@code (x, y) > ANY}
     * compares the rows in order, NULL (no match) at the first NULL pair.
     */
    @Property(tries = TRIES, seed = "7703")
    void rowOperands_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.status
                  FROM orders o
                 WHERE (o.customer_id, o.amount) <> ALL (SELECT i.order_id, i.qty FROM items i WHERE i.qty > 0)
                   AND (o.customer_id, o.id) > ANY (SELECT c.region, c.id FROM customers c)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /**
     * {@code OR} of a row condition, a correlated {@code EXISTS} and a correlated {@code IN}: an order enters and
     * leaves as its amount, its customer's region or its items change, one disjunct replacing another.
     */
    @Property(tries = TRIES, seed = "7704")
    void existsAndInUnderOr_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.amount
                  FROM orders o
                 WHERE o.amount > 7
                    OR EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.region = 1)
                    OR o.customer_id IN (SELECT i.qty FROM items i WHERE i.order_id = o.id)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /**
     * Three-valued logic under {@code NOT}: {@code NOT (p AND x IN (q))} keeps a row whose {@code IN} is NULL only if
     * {@code p} is false, and {@code OR} of {@code > ALL}, {@code NOT EXISTS} and a row condition, each NULL with NULL
     * {@code customer_id} or {@code region}, empty subqueries keeping every row.
     */
    @Property(tries = TRIES, seed = "7705")
    void nullsUnderNotAndOr_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.customer_id
                  FROM orders o
                 WHERE NOT (o.status IS NOT NULL AND o.customer_id IN (SELECT c.region FROM customers c WHERE c.id > 2))
                   AND (o.amount < 3
                        OR o.customer_id > ALL (SELECT c.region FROM customers c WHERE c.name = 'a')
                        OR NOT EXISTS (SELECT 1 FROM items i WHERE i.order_id = o.id AND i.qty > 1))""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /**
     * A mark join over an inner join, under an aggregate: the join's key updates move rows between groups while
     * their marks flip.
     */
    @Property(tries = TRIES, seed = "7706")
    void markJoinOverJoinUnderAggregate_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, count(*) AS n, sum(o.amount) AS total
                  FROM customers c JOIN orders o ON o.customer_id = c.id
                 WHERE EXISTS (SELECT 1 FROM items i WHERE i.order_id = o.id AND i.qty > 1)
                    OR NOT (c.id IN (SELECT o2.customer_id FROM orders o2 WHERE o2.amount > 5))
                 GROUP BY c.region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }
}

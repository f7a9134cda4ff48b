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
 * Semi and anti joins: {@code EXISTS}, {@code NOT EXISTS}, {@code IN} and {@code NOT IN (subquery)}, correlated and
 * not, over an inner join, with a join inside the subquery, nested, under an aggregate, over a grouped subquery, around a scalar subquery (seven properties of 200 batches;
 * each construct is in at least one). Small key domains make left rows gain
 * their first match and lose their last one within a batch (inserts, deletes, updates moving a join key or a primary
 * key on either side, held and rolled-back transactions); {@code customer_id} and {@code region} are nullable, so
 * {@code NOT IN} meets NULLs on both sides and subqueries that become empty.
 */
class SemiJoinPropertyIT extends ShopProperties {

    /** No key in the output: equal rows repeat, and only the left rows' identities tell them apart. */
    @Property(tries = TRIES, seed = "7601")
    void correlatedExists_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.amount, o.status
                  FROM orders o
                 WHERE EXISTS (SELECT 1 FROM customers c
                                WHERE c.id = o.customer_id AND c.region IS DISTINCT FROM 1)
                   AND o.amount > 1""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * NULL on both sides: a NULL {@code region} in the subquery drops every order without an equal one, a NULL {@code
     * customer_id} is dropped unless the subquery is empty (few customers have {@code id > 3}).
     */
    @Property(tries = TRIES, seed = "7604")
    void notInWithNulls_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.customer_id
                  FROM orders o
                 WHERE o.customer_id NOT IN (SELECT c.region FROM customers c WHERE c.id > 3)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = TRIES, seed = "7605")
    void existsOverInnerJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, i.id AS item_id, i.qty
                  FROM orders o JOIN items i ON i.order_id = o.id
                 WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.region IS NOT NULL)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /**
     * A semi and an anti join under an aggregate: {@code EXISTS} of a subquery joining two tables and {@code NOT
     * EXISTS}, both correlated to the outer table.
     */
    @Property(tries = TRIES, seed = "7606")
    void semiAndAntiJoinUnderAggregate_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, count(*) AS n
                  FROM customers c
                 WHERE EXISTS (SELECT 1 FROM orders o JOIN items i ON i.order_id = o.id
                                WHERE o.customer_id = c.id AND i.qty > 0)
                   AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status IS NULL)
                 GROUP BY c.region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /**
     * {@code IN} whose subquery reads the outer query's table (under the same name) and nests a {@code NOT IN}; {@code
     * customer_id} repeats and may be NULL, so a row has several matches or none.
     */
    @Property(tries = TRIES, seed = "7607")
    void inOverTheSameTableWithNestedNotIn_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT id, amount
                  FROM orders
                 WHERE customer_id IN (SELECT customer_id FROM orders
                                        WHERE amount > 4
                                          AND status NOT IN (SELECT name FROM customers WHERE region = 0))""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * {@code IN} over a grouped subquery with {@code HAVING} (TPC-H Q18's shape), whose groups enter and leave the
     * subquery as orders move between customers, and {@code NOT IN} over a global aggregate, NULL when no item has
     * {@code order_id > 6} (then it keeps no row).
     */
    @Property(tries = TRIES, seed = "7608")
    void inOverGroupedSubqueryWithHaving_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id, c.region
                  FROM customers c
                 WHERE c.id IN (SELECT o.customer_id FROM orders o GROUP BY o.customer_id HAVING sum(o.amount) > 8)
                   AND c.region NOT IN (SELECT max(i.qty) FROM items i WHERE i.order_id > 6)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /**
     * A correlated scalar subquery inside an {@code IN} subquery (TPC-H Q20's shape): the subquery's rows depend on
     * the items of their customer, NULL (no match) when it has none.
     */
    @Property(tries = TRIES, seed = "7609")
    void scalarSubqueryInsideInSubquery_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, o.amount
                  FROM orders o
                 WHERE o.customer_id IN (SELECT c.id FROM customers c
                                          WHERE c.name IS NOT NULL
                                            AND (SELECT 0.5 * sum(i.qty) FROM items i WHERE i.order_id = c.id)
                                                > c.region)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }
}

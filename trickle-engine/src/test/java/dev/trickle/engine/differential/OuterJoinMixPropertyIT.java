package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;
import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ITEMS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Outer joins in larger queries: a chain of LEFT JOINs, a LEFT JOIN under an inner join, LEFT JOINs under GROUP BY
 * (the tutorial's {@code department_stats}). Rows gain their first match and lose their last one within a batch, and
 * a group must survive its last matched row. A class of its own, so its database is not the two-table one's.
 */
class OuterJoinMixPropertyIT extends ShopProperties {
    /** The tutorial's department tree, as a table: departments with their path and depth. */
    static final TableSpec DEPARTMENT_TREE = TableSpec.of("department_tree").key("id", 6)
            .textColumn("name", 2)
            .textColumn("path", 2).nullable()
            .intColumn("depth", 0, 2);
    /** Employees; {@code department_id} 7 has no department. */
    static final TableSpec EMPLOYEES = TableSpec.of("employees").key("id", 10)
            .intColumn("department_id", 1, 7).nullable()
            .numericColumn("salary", 0, 9);

    /** The second join's condition reads the first join's padded side: a padded order matches no item. */
    @Property(tries = OuterJoinPropertyIT.OUTER_TRIES, seed = "7505")
    void chainOfLeftJoins_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id AS customer_id, o.id AS order_id, i.id AS item_id, i.qty
                  FROM customers c
                  LEFT JOIN orders o ON o.customer_id = c.id
                  LEFT JOIN items i ON i.order_id = o.id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    @Property(tries = OuterJoinPropertyIT.OUTER_TRIES, seed = "7506")
    void leftJoinUnderInnerJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, c.name, i.id AS item_id, i.qty * o.amount AS line_value
                  FROM orders o
                  LEFT JOIN customers c ON o.customer_id = c.id
                  JOIN items i ON i.order_id = o.id AND i.qty > 0""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /** The padded side is an inner join: its condition belongs inside the outer join, not after it. */
    @Property(tries = OuterJoinPropertyIT.OUTER_TRIES / 2, seed = "7509")
    void leftJoinOfInnerJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id AS customer_id, c.region, o.id AS order_id, i.qty
                  FROM customers c
                  LEFT JOIN (orders o JOIN items i ON i.order_id = o.id AND i.qty > 0)
                    ON o.customer_id = c.id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /** A customer without orders counts 0 and sums NULL; its group must not vanish with its last order. */
    @Property(tries = OuterJoinPropertyIT.OUTER_TRIES, seed = "7507")
    void leftJoinThenGroupBy_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id, c.name, count(o.id) AS orders, count(*) AS rows_, sum(o.amount) AS total,
                       coalesce(sum(o.amount), 0) AS total0
                  FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
                 GROUP BY c.id, c.name""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /** The tutorial's department_stats, over a table standing in for its department_tree. */
    @Property(tries = OuterJoinPropertyIT.OUTER_TRIES, seed = "7508")
    void departmentStats_anyBatches_matchesRecompute(@ForAll("departments") List<Row> departments,
            @ForAll("employees") List<Row> employees, @ForAll("staff") List<DmlBatch> batches) {
        check(trickle, """
                SELECT
                    t.id          AS department_id,
                    t.name        AS department_name,
                    t.path        AS full_path,
                    t.depth,
                    COUNT(e.id)                  AS headcount,
                    COALESCE(SUM(e.salary), 0)   AS total_salary,
                    COALESCE(AVG(e.salary), 0)   AS avg_salary
                FROM department_tree t
                LEFT JOIN employees e ON e.department_id = t.id
                GROUP BY t.id, t.name, t.path, t.depth""",
                List.of(new Source(DEPARTMENT_TREE, departments), new Source(EMPLOYEES, employees)), batches);
    }

    @Provide
    Arbitrary<List<Row>> departments() {
        return DEPARTMENT_TREE.rows(5);
    }

    @Provide
    Arbitrary<List<Row>> employees() {
        return EMPLOYEES.rows(10);
    }

    @Provide
    Arbitrary<List<DmlBatch>> staff() {
        return DmlArbitraries.batches(DEPARTMENT_TREE, EMPLOYEES).list().ofSize(BATCHES);
    }
}

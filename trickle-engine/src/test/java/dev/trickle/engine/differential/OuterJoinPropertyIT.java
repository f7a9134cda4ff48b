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
 * Outer joins of two tables: LEFT (equi with one-sided predicates, and theta), RIGHT and FULL. Small key domains
 * make rows gain their first match and lose their last one within a batch (inserts, deletes, updates moving a join
 * key or a primary key on either side); {@code customer_id} 0 never matches and NULL never joins, so some rows stay
 * padded.
 */
class OuterJoinPropertyIT extends ShopProperties {
    /** 25 tries of {@link #BATCHES} (8) batches: 200 random batches per property. */
    static final int OUTER_TRIES = 25;

    /** The padded rows repeat equal contents (no keys in the output): only row identities tell them apart. */
    @Property(tries = OUTER_TRIES, seed = "7501")
    void leftJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.amount, o.status, c.name, c.region
                  FROM orders o LEFT JOIN customers c
                    ON o.customer_id = c.id AND c.region IS DISTINCT FROM 1 AND o.amount > 2""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = OUTER_TRIES, seed = "7502")
    void leftThetaJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, c.id AS customer_id, c.region
                  FROM orders o LEFT JOIN customers c ON o.customer_id < c.region * 2""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = OUTER_TRIES, seed = "7503")
    void rightJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, o.amount, c.id AS customer_id, c.name
                  FROM orders o RIGHT JOIN customers c ON o.customer_id = c.id
                 WHERE c.region IS DISTINCT FROM 2""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = OUTER_TRIES, seed = "7504")
    void fullJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id AS order_id, o.status, c.id AS customer_id, c.region
                  FROM orders o FULL JOIN customers c ON o.customer_id = c.id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * WHERE over a LEFT JOIN reading both sides: the kept side's condition is applied below the join, the padded
     * side's stays above it, where it drops padded rows ({@code o.id IS NULL} keeps them).
     */
    @Property(tries = OUTER_TRIES, seed = "7520")
    void leftJoinWhereOnBothSides_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.id AS customer_id, c.region, o.id AS order_id, o.amount
                  FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
                 WHERE c.region IS DISTINCT FROM 2 AND (o.amount > 3 OR o.id IS NULL)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

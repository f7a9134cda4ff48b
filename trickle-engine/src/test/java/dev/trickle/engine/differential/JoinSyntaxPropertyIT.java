package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;
import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ITEMS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code JOIN ... USING} and {@code NATURAL JOIN}, inner, {@code LEFT}/{@code RIGHT} and {@code FULL} (whose merged
 * column is {@code coalesce(left, right)}): joins on the equality of their common columns, whose merged column {@code *} lists once and first (the oracle compares by position, so the order is checked too), over a keyed
 * and a keyless table.
 */
class JoinSyntaxPropertyIT extends ShopProperties {
    /** Tries per property: 25 tries of {@link #BATCHES} (8) batches are 200 random batches. */
    static final int SYNTAX_TRIES = 25;

    @Provide
    Arbitrary<List<Row>> keyless() {
        return KeylessPropertyIT.K.rows(12);
    }

    @Provide
    Arbitrary<List<DmlBatch>> keylessAndCustomers() {
        return DmlArbitraries.batches(KeylessPropertyIT.K, CUSTOMERS).list().ofSize(BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> keylessAndCustomersLong() {
        return DmlArbitraries.batches(KeylessPropertyIT.K, CUSTOMERS).list().ofSize(LONG_BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> twoTablesLong() {
        return DmlArbitraries.batches(ORDERS, CUSTOMERS).list().ofSize(LONG_BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> threeTablesLong() {
        return DmlArbitraries.batches(ORDERS, CUSTOMERS, ITEMS).list().ofSize(LONG_BATCHES);
    }

    @Property(tries = SYNTAX_TRIES, seed = "7701")
    void usingStar_matchesRecompute(@ForAll("orders") List<Row> orders, @ForAll("customers") List<Row> customers,
            @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, "SELECT * FROM orders JOIN customers USING (id) WHERE region IS DISTINCT FROM 1",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = SYNTAX_TRIES, seed = "7702")
    void naturalJoinOfKeylessAndKeyed_matchesRecompute(@ForAll("keyless") List<Row> rows,
            @ForAll("customers") List<Row> customers, @ForAll("keylessAndCustomers") List<DmlBatch> batches) {
        check(trickle, "SELECT id, g, name, region FROM k NATURAL JOIN customers",
                List.of(new Source(KeylessPropertyIT.K, rows), new Source(CUSTOMERS, customers)), batches);
    }

    /** The merged column of a LEFT JOIN is the left one, never NULL-padded; unmatched orders keep theirs. */
    @Property(tries = SYNTAX_TRIES, seed = "7703")
    void leftJoinUsingStar_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, "SELECT * FROM orders LEFT JOIN customers USING (id)",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /** The merged column of a RIGHT JOIN is the right one; grouped by it, with the padded side's values. */
    @Property(tries = SYNTAX_TRIES, seed = "7704")
    void rightJoinUsingUnderAggregate_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT id, count(*) AS n, count(region) AS regions, sum(amount) AS total
                  FROM customers RIGHT JOIN orders USING (id) GROUP BY id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = SYNTAX_TRIES, seed = "7705")
    void naturalLeftJoinOfKeylessAndKeyed_matchesRecompute(@ForAll("keyless") List<Row> rows,
            @ForAll("customers") List<Row> customers, @ForAll("keylessAndCustomers") List<DmlBatch> batches) {
        check(trickle, "SELECT * FROM k NATURAL LEFT JOIN customers",
                List.of(new Source(KeylessPropertyIT.K, rows), new Source(CUSTOMERS, customers)), batches);
    }

    /**
     * The merged column of a FULL JOIN is {@code coalesce(left, right)}: the id of an order without a customer and of
     * a customer without an order; key updates move rows between matched and padded.
     */
    @Property(tries = LONG_TRIES, seed = "7706")
    void fullJoinUsingStar_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTablesLong") List<DmlBatch> batches) {
        check(trickle, "SELECT *, orders.id AS oid, customers.id AS cid FROM orders FULL JOIN customers USING (id)",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    /** Grouped and filtered by the merged column, which is never NULL though either side may be. */
    @Property(tries = LONG_TRIES, seed = "7707")
    void fullJoinUsingUnderAggregate_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTablesLong") List<DmlBatch> batches) {
        check(trickle, """
                SELECT id, count(*) AS n, count(region) AS regions, sum(amount) AS total
                  FROM customers FULL JOIN orders USING (id) WHERE id <> 2 GROUP BY id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = LONG_TRIES, seed = "7708")
    void naturalFullJoinOfKeylessAndKeyed_matchesRecompute(@ForAll("keyless") List<Row> rows,
            @ForAll("customers") List<Row> customers, @ForAll("keylessAndCustomersLong") List<DmlBatch> batches) {
        check(trickle, "SELECT * FROM k NATURAL FULL JOIN customers",
                List.of(new Source(KeylessPropertyIT.K, rows), new Source(CUSTOMERS, customers)), batches);
    }

    /** A join USING the merged column of a FULL JOIN joins on its coalesce, and merges it again. */
    @Property(tries = LONG_TRIES, seed = "7709")
    void leftJoinUsingTheMergedColumnOfAFullJoin_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTablesLong") List<DmlBatch> batches) {
        check(trickle, """
                SELECT id, o.status, c.name, i.qty, i.id AS iid
                  FROM orders o FULL JOIN customers c USING (id) LEFT JOIN items i USING (id)""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }
}

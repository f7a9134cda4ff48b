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
 * Set operations: {@code UNION ALL} keeps every branch's rows apart (a row of each branch, even when equal), {@code
 * UNION} keeps a row while any branch gives it, {@code INTERSECT} while both sides do, {@code EXCEPT} while the left
 * does and the right does not; {@code INTERSECT ALL} keeps {@code min(a, b)} copies, {@code EXCEPT ALL} {@code
 * max(a − b, 0)}, {@code UNION ALL} over a set adds the set's one; NULLs compare equal. The keyless table {@link #K} makes duplicates come and go;
 * updates move rows between branches and keys; batches roll back and stay open across refreshes.
 */
class SetOperationPropertyIT extends ShopProperties {
    /** A keyless table whose few values repeat and meet those of {@link Sources#ORDERS} and the customers. */
    static final TableSpec K = TableSpec.of("k").key("id", 3)
            .intColumn("g", 0, 3).nullable()
            .numericColumn("v", 0, 2).nullable()
            .textColumn("s", 1).nullable()
            .withoutPrimaryKey();

    /** A second keyless table over the same few values as {@link #K}: equal rows on both sides of a set operation. */
    static final TableSpec K2 = TableSpec.of("k2").key("id", 3)
            .intColumn("g", 0, 3).nullable()
            .textColumn("s", 1).nullable()
            .withoutPrimaryKey();

    @Provide
    Arbitrary<List<Row>> keyless2() {
        return K2.rows(10);
    }

    @Provide
    Arbitrary<List<DmlBatch>> twoKeyless() {
        return DmlArbitraries.batches(K, K2).list().ofSize(LONG_BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> twoKeylessAndOrders() {
        return DmlArbitraries.batches(K, K2, ORDERS).list().ofSize(LONG_BATCHES);
    }

    @Provide
    Arbitrary<List<Row>> keyless() {
        return K.rows(10);
    }

    @Provide
    Arbitrary<List<DmlBatch>> keylessAndOrders() {
        return DmlArbitraries.batches(K, ORDERS).list().ofSize(BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> keylessCustomersOrders() {
        return DmlArbitraries.batches(K, CUSTOMERS, ORDERS).list().ofSize(BATCHES);
    }

    /** One table read twice: a row passing both filters is in the stream table twice. */
    @Property(tries = TRIES, seed = "8101")
    void unionAllOfTwoFilteredScansOfOneTable_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("oneTable") List<DmlBatch> batches) {
        check(trickle, """
                SELECT id, customer_id, amount FROM orders WHERE amount > 4
                UNION ALL
                SELECT id, customer_id, amount * 2 FROM orders o WHERE status IS NULL OR customer_id = 1
                UNION ALL
                SELECT id, customer_id, amount FROM orders o
                 WHERE EXISTS (SELECT 1 FROM orders o2 WHERE o2.customer_id = o.customer_id AND o2.id <> o.id)""",
                List.of(new Source(ORDERS, orders)), batches);
    }

    /** Two tables, one without a key: its duplicates are counted within its branch. */
    @Property(tries = TRIES, seed = "8102")
    void unionAllOfAKeylessAndAKeyedTable_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("orders") List<Row> orders, @ForAll("keylessAndOrders") List<DmlBatch> batches) {
        check(trickle, """
                SELECT g, v, s FROM k WHERE g IS DISTINCT FROM 1
                UNION ALL
                SELECT customer_id, amount, status FROM orders""",
                List.of(new Source(K, k), new Source(ORDERS, orders)), batches);
    }

    /** A row stays while either join gives it; changes on any of the three tables add and remove its sources. */
    @Property(tries = TRIES, seed = "8103")
    void unionOfTwoJoins_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, o.status FROM orders o JOIN customers c ON o.customer_id = c.id
                UNION
                SELECT o.customer_id % 3, c.name FROM items i JOIN orders o ON o.id = i.order_id
                  JOIN customers c ON c.id = i.qty""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /** Duplicates on either side count once; NULLs meet NULLs. */
    @Property(tries = TRIES, seed = "8104")
    void intersectWithDuplicatesAndNulls_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("orders") List<Row> orders, @ForAll("keylessAndOrders") List<DmlBatch> batches) {
        check(trickle, """
                SELECT g, s FROM k
                INTERSECT
                SELECT customer_id % 4, status FROM orders WHERE amount < 8""",
                List.of(new Source(K, k), new Source(ORDERS, orders)), batches);
    }

    /** The left side is a UNION ALL of two tables; a row leaves when the right side gains it and returns. */
    @Property(tries = TRIES, seed = "8105")
    void exceptOfAUnionWithDuplicatesAndNulls_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("customers") List<Row> customers, @ForAll("orders") List<Row> orders,
            @ForAll("keylessCustomersOrders") List<DmlBatch> batches) {
        check(trickle, """
                (SELECT g, s FROM k UNION ALL SELECT region, name FROM customers)
                EXCEPT
                SELECT customer_id % 4, status FROM orders""",
                List.of(new Source(K, k), new Source(CUSTOMERS, customers), new Source(ORDERS, orders)), batches);
    }

    /**
     * {@code INTERSECT ALL}: a row {@code a} times in one keyless table and {@code b} times in the other is there
     * {@code min(a, b)} times; deleting one of several equal rows lowers the count by one; NULLs meet NULLs.
     */
    @Property(tries = LONG_TRIES, seed = "8106")
    void intersectAllOfTwoKeylessTables_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("keyless2") List<Row> k2, @ForAll("twoKeyless") List<DmlBatch> batches) {
        check(trickle, """
                SELECT g, s FROM k
                INTERSECT ALL
                SELECT g, s FROM k2""",
                List.of(new Source(K, k), new Source(K2, k2)), batches);
    }

    /**
     * {@code EXCEPT ALL}: {@code max(a − b, 0)} copies; updates of {@code amount} move an order between the two
     * sides, and the left side adds the duplicates of a keyless table.
     */
    @Property(tries = LONG_TRIES, seed = "8107")
    void exceptAllWithRowsMovingBetweenSides_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("keyless2") List<Row> k2, @ForAll("orders") List<Row> orders,
            @ForAll("twoKeylessAndOrders") List<DmlBatch> batches) {
        check(trickle, """
                (SELECT g, s FROM k UNION ALL SELECT customer_id % 4, status FROM orders WHERE amount > 4)
                EXCEPT ALL
                (SELECT customer_id % 4, status FROM orders WHERE amount < 6 UNION ALL SELECT g, s FROM k2)""",
                List.of(new Source(K, k), new Source(K2, k2), new Source(ORDERS, orders)), batches);
    }

    /** The ALL operators nested: an {@code EXCEPT ALL} intersected with a {@code UNION ALL}, to its multiplicity. */
    @Property(tries = LONG_TRIES, seed = "8108")
    void nestedIntersectAllOfExceptAll_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("keyless2") List<Row> k2, @ForAll("orders") List<Row> orders,
            @ForAll("twoKeylessAndOrders") List<DmlBatch> batches) {
        check(trickle, """
                (SELECT g, s FROM k EXCEPT ALL SELECT customer_id % 4, status FROM orders WHERE amount > 4)
                INTERSECT ALL
                (SELECT g, s FROM k2 UNION ALL SELECT customer_id % 4, status FROM orders WHERE amount <= 4)""",
                List.of(new Source(K, k), new Source(K2, k2), new Source(ORDERS, orders)), batches);
    }

    /**
     * {@code UNION ALL} over sets and a {@code DISTINCT} branch: an {@code INTERSECT} and a {@code SELECT DISTINCT}
     * give each row at most once, an {@code EXCEPT ALL} its difference, summed.
     */
    @Property(tries = LONG_TRIES, seed = "8109")
    void unionAllOverSetsAndADistinctBranch_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("keyless2") List<Row> k2, @ForAll("orders") List<Row> orders,
            @ForAll("twoKeylessAndOrders") List<DmlBatch> batches) {
        check(trickle, """
                (SELECT g, s FROM k INTERSECT SELECT g, s FROM k2)
                UNION ALL
                SELECT DISTINCT customer_id % 4, status FROM orders
                UNION ALL
                (SELECT g, s FROM k2 EXCEPT ALL SELECT g, s FROM k)""",
                List.of(new Source(K, k), new Source(K2, k2), new Source(ORDERS, orders)), batches);
    }

    /** An {@code EXCEPT ALL} under a {@code UNION}: a row is there once while its difference is positive. */
    @Property(tries = LONG_TRIES, seed = "8110")
    void unionOfAnExceptAll_anyBatches_matchesRecompute(@ForAll("keyless") List<Row> k,
            @ForAll("keyless2") List<Row> k2, @ForAll("orders") List<Row> orders,
            @ForAll("twoKeylessAndOrders") List<DmlBatch> batches) {
        check(trickle, """
                (SELECT g, s FROM k EXCEPT ALL SELECT g, s FROM k2)
                UNION
                SELECT customer_id % 4, status FROM orders WHERE amount > 6""",
                List.of(new Source(K, k), new Source(K2, k2), new Source(ORDERS, orders)), batches);
    }
}

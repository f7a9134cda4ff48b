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
 * {@code ORDER BY ... LIMIT n [OFFSET m]}: rows enter the window, leave it (deleted, or their sort key moved either
 * way), ties are broken by the key the order ends with, NULL sort keys go first or last, an {@code OFFSET} shifts the
 * window when rows before it come and go, and an aggregate over a join is ranked as TPC-H Q3 ranks it. The tables are
 * small, so every batch touches the window or its boundary; the stream table must equal the query recomputed.
 */
class TopKPropertyIT extends AggregateProperties {

    /** Top 4 by a value with few distinct values: ties everywhere, broken by the key. */
    @Property(tries = TRIES, seed = "9101")
    void topOfProjection_tiesBrokenByKey_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT id, v, g FROM t WHERE g IS DISTINCT FROM 3 ORDER BY v DESC, id LIMIT 4",
                List.of(new Source(T, rows)), batches);
    }

    /** NULL sort keys first, then last under DESC, a NULL-able text key in between. */
    @Property(tries = TRIES, seed = "9102")
    void topOfProjection_nullSortKeys_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT id, n, s, g FROM t
                 ORDER BY n NULLS FIRST, s DESC NULLS LAST, g DESC, id DESC
                 LIMIT 3""", List.of(new Source(T, rows)), batches);
    }

    /** An OFFSET: a change before the window shifts it, which the refresh re-reads. */
    @Property(tries = TRIES, seed = "9103")
    void topOfProjection_withOffset_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT id, v, n FROM t ORDER BY n DESC NULLS LAST, v, id LIMIT 3 OFFSET 2",
                List.of(new Source(T, rows)), batches);
    }

    /**
     * TPC-H Q3's shape: a sum per order over a three-table join, the top 2 by it, ties broken by the group key. The
     * join leaves few groups, so the window is often full and a group that sinks or leaves must be replaced from
     * outside it.
     */
    @Property(tries = TRIES, seed = "9104")
    void topOfAggregateOverJoin_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("items") List<Row> items,
            @ForAll("threeTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT o.id, sum(i.qty) AS revenue, o.status
                  FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id
                 WHERE c.region IS DISTINCT FROM 2
                 GROUP BY o.id, o.status
                 ORDER BY revenue DESC, id
                 LIMIT 2""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers), new Source(ITEMS, items)),
                batches);
    }

    /** An aggregate with MIN and HAVING under an OFFSET, NULL group key first. */
    @Property(tries = TRIES, seed = "9105")
    void topOfAggregate_withOffsetHavingAndNulls_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT g, count(*) AS cnt, min(v) AS lo FROM t
                 GROUP BY g HAVING count(*) > 1
                 ORDER BY cnt DESC, lo, g NULLS FIRST
                 LIMIT 2 OFFSET 1""", List.of(new Source(T, rows)), batches);
    }
}

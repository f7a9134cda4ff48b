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
 * HAVING: groups cross the threshold both ways (a group enters when its condition becomes true, leaves when it becomes
 * false or NULL, is updated while it holds), over aggregates that are not in the select list, over group keys, on a
 * scalar aggregate and over a join. A group that fails HAVING has no stored row, so when a change touches it, it is
 * recomputed from the sources.
 */
class HavingPropertyIT extends AggregateProperties {
    /**
     * A count threshold over a NULL-able group key, and aggregates only in HAVING (they become hidden state):
     * {@code sum(n)} is NULL in a group of NULLs, so the condition is NULL there.
     */
    @Property(tries = TRIES, seed = "7501")
    void havingThresholdHiddenAggregatesNullsAndGroupKeys_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT g, count(*) AS cnt, sum(v) AS sum_v
                  FROM t GROUP BY g
                HAVING count(*) >= 3 AND (sum(n) > 4 OR avg(v) < 2) AND g IS DISTINCT FROM 2""",
                List.of(new Source(T, rows)), batches);
    }

    @Property(tries = TRIES, seed = "7503")
    void scalarHaving_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT count(*) AS cnt, sum(v) AS sum_v FROM t WHERE g = 1 HAVING count(*) BETWEEN 2 AND 3",
                List.of(new Source(T, rows)), batches);
    }

    @Property(tries = TRIES, seed = "7504")
    void joinThenHaving_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, count(*) AS cnt, sum(o.amount) AS total
                  FROM orders o JOIN customers c ON o.customer_id = c.id
                 GROUP BY c.region
                HAVING sum(o.amount) > 8 AND count(o.status) >= 1""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

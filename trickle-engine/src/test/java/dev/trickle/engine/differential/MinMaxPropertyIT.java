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
 * MIN and MAX merge new values into the stored extremum and recompute a group when a row holding it leaves; NULLs are
 * ignored, and a group left with only NULLs has a NULL extremum. With few rows per group, deletes and updates of the
 * current extremum are frequent. {@code FILTER (WHERE ...)} rides along, on extrema and on COUNT and SUM.
 */
class MinMaxPropertyIT extends AggregateProperties {
    @Property(tries = TRIES, seed = "7601")
    void minMaxWithNullsAndFilter_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT g, min(v) AS lo, max(v) AS hi, min(n) AS min_n, max(s) AS max_s, max(n) - min(v) AS spread,
                       max(v) FILTER (WHERE n > 1) AS hi_f, count(*) FILTER (WHERE s IS NULL) AS no_s,
                       sum(v) FILTER (WHERE n IS NOT NULL) AS sum_f
                  FROM t GROUP BY g""",
                List.of(new Source(T, rows)), batches);
    }

    /** An extremum under HAVING on a scalar aggregate: the row appears and disappears with the extremum. */
    @Property(tries = TRIES, seed = "7602")
    void scalarMinMaxUnderHaving_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT min(n) AS lo, max(v) AS hi, count(*) AS cnt FROM t WHERE s IS NOT NULL HAVING max(v) > 3",
                List.of(new Source(T, rows)), batches);
    }

    /** MIN/MAX over an inner join: a customer changing region moves its orders' values between groups. */
    @Property(tries = TRIES, seed = "7603")
    void minMaxOverJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, min(o.amount) AS lo, max(o.amount) AS hi, max(c.name) AS last_name,
                       min(o.status) AS first_status, count(*) AS cnt
                  FROM orders o JOIN customers c ON o.customer_id = c.id
                 GROUP BY c.region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

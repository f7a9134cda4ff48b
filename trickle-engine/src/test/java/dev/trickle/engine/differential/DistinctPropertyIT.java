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
 * {@code SELECT DISTINCT}: a row is in the stream table while at least one input row gives it, whatever the number of
 * duplicates that come and go, with NULLs equal to each other; over one table with few distinct values, and over a
 * join, where a change on either side adds or removes duplicates.
 */
class DistinctPropertyIT extends AggregateProperties {
    @Property(tries = TRIES, seed = "7801")
    void distinctNullableColumnsOfFewValues_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT DISTINCT g, n, s IS NULL AS no_s FROM t WHERE v > -2",
                List.of(new Source(T, rows)), batches);
    }

    @Property(tries = TRIES, seed = "7802")
    void distinctOverJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT DISTINCT c.region, o.status
                  FROM orders o JOIN customers c ON o.customer_id = c.id""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

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
 * Aggregates without running state ({@code COUNT(DISTINCT x)}, {@code STRING_AGG} with {@code ORDER BY} inside,
 * {@code ARRAY_AGG}, {@code BOOL_AND}/{@code BOOL_OR}, {@code JSON[B]_AGG}, statistical and bit aggregates): every group a change touches is
 * recomputed from the sources, the others are left alone; invertible calls of the same query keep their state.
 */
class RecomputedAggregatePropertyIT extends AggregateProperties {
    @Property(tries = TRIES, seed = "7701")
    void distinctOrderedAndBooleanAggregates_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT g, count(DISTINCT n) AS dn, sum(DISTINCT v) AS sv, string_agg(s, ',' ORDER BY s, id) AS list,
                       array_agg(v ORDER BY id) AS vs, bool_and(n > 1) AS all_big, every(s IS NOT NULL) AS all_s,
                       bool_or(s IS NULL) FILTER (WHERE v > 0) AS any_null, count(*) AS cnt, sum(v) AS sum_v,
                       stddev_samp(v) AS sd, var_pop(n) AS vp, bit_or(n) AS bo, bit_and(id) FILTER (WHERE n > 0) AS ba,
                       bit_xor(n) AS bx, stddev(v) AS sd_v, variance(n) AS var_n
                  FROM t GROUP BY g""",
                List.of(new Source(T, rows)), batches);
    }

    /** JSON aggregates (json has no equality: compared as text), a scalar aggregate, HAVING over a recomputed call. */
    @Property(tries = TRIES, seed = "7702")
    void jsonAggregatesOnScalarWithHaving_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT json_agg(n ORDER BY id)::text AS j, jsonb_agg(s ORDER BY id) FILTER (WHERE v > 0) AS jb,
                       jsonb_object_agg(id, g) AS by_id, string_agg(DISTINCT s, '|') AS ss, count(DISTINCT g) AS dg
                  FROM t HAVING bool_or(n IS NULL) OR count(*) > 8""",
                List.of(new Source(T, rows)), batches);
    }

    @Property(tries = TRIES, seed = "7703")
    void recomputedAggregatesOverJoin_anyBatches_matchesRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("twoTables") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c.region, count(DISTINCT o.customer_id) AS buyers,
                       string_agg(c.name || ':' || o.id, ',' ORDER BY o.id) AS names,
                       array_agg(DISTINCT o.status) AS statuses, max(o.amount) AS hi, count(*) AS cnt
                  FROM orders o JOIN customers c ON o.customer_id = c.id
                 GROUP BY c.region""",
                List.of(new Source(ORDERS, orders), new Source(CUSTOMERS, customers)), batches);
    }
}

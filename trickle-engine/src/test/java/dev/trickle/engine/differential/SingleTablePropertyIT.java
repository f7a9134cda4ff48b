package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;

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
 * Scan, filter and project over one table: for any contents and any batches of changes (in committed, rolled back,
 * savepoint and held transactions), each differential refresh leaves the stream table equal to its query
 * recomputed.
 */
class SingleTablePropertyIT extends DifferentialProperties {
    static final TableSpec T = TableSpec.of("t").key("id", 12)
            .intColumn("g", 0, 3).nullable()
            .numericColumn("v", -3, 6)
            .intColumn("n", 0, 5).nullable()
            .textColumn("s", 2).nullable();
    @Provide
    Arbitrary<List<Row>> rows() {
        return T.rows(10);
    }

    @Provide
    Arbitrary<List<DmlBatch>> batches() {
        return DmlArbitraries.batches(T).list().ofSize(BATCHES);
    }

    @Property(tries = TRIES, seed = "7001")
    void scan_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows, @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT * FROM t", List.of(new Source(T, rows)), batches);
    }

    @Property(tries = TRIES, seed = "7002")
    void filter_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT id, g, v, s FROM t WHERE g >= 1 AND (n IS NULL OR n < 3) AND v > 0",
                List.of(new Source(T, rows)), batches);
    }

    @Property(tries = TRIES, seed = "7003")
    void projectExpressions_anyBatches_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT id,
                       g * 10 + coalesce(n, -1) AS code,
                       v * 2 - 1 AS v2,
                       CASE WHEN g IS NULL THEN 'none' WHEN g > 1 THEN 'high' ELSE 'low' END AS band,
                       coalesce(s, '?') || '-' || g AS label,
                       n IS NULL AS n_missing
                  FROM t""", List.of(new Source(T, rows)), batches);
    }
}

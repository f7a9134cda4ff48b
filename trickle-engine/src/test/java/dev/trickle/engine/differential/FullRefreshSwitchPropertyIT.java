package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.jooq.sql.SqlNames;
import dev.trickle.testkit.BatchShape;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import dev.trickle.testkit.TrickleFixture;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.jooq.DSLContext;

/**
 * The engine's default full refresh threshold (0.5): a DIFFERENTIAL stream table recomputes in full when a source's
 * pending change rows exceed half its estimated row count, or when it was truncated, and is correct either way.
 * Large batches (with TRUNCATE) and small ones alternate, so both paths run, one after the other.
 *
 * <p>The estimate is {@code pg_class.reltuples}, set by {@code ANALYZE} after loading; autovacuum is off for the
 * source so the estimate stays put and the expected action can be computed before each refresh.
 */
class FullRefreshSwitchPropertyIT {
    static final TableSpec T = TableSpec.of("t").key("id", 30)
            .intColumn("g", 0, 3).nullable()
            .numericColumn("v", -3, 6);
    static final String QUERY = "SELECT g, count(*) AS cnt, sum(v) AS total, avg(v) AS mean FROM t GROUP BY g";
    static final double THRESHOLD = 0.5;
    static final int TRIES = 75;
    static final int BATCHES = 4;

    static TrickleFixture trickle;

    @BeforeContainer
    static void start() {
        trickle = TrickleFixture.postgres().start();
    }

    @AfterContainer
    static void stop() {
        trickle.close();
    }

    @Provide
    Arbitrary<List<Row>> rows() {
        return T.rows(20);
    }

    /** Small batches and big ones, some with TRUNCATE. */
    @Provide
    Arbitrary<List<DmlBatch>> batches() {
        BatchShape big = BatchShape.DEFAULT.withStatements(10).withInsertRows(5);
        return Arbitraries.frequencyOf(
                        Tuple.of(3, DmlArbitraries.batches(T)),
                        Tuple.of(2, DmlArbitraries.batches(big, T)),
                        Tuple.of(1, DmlArbitraries.batches(big.withTruncates(true), T)))
                .list().ofSize(BATCHES);
    }

    @Property(tries = TRIES, seed = "7401")
    void defaultThreshold_bigAndSmallBatches_switchesAndMatchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        DSLContext dsl = trickle.dsl();
        try (ChangeScenario s = ChangeScenario.of(trickle, DifferentialRun.STREAM_TABLE, QUERY)) {
            s.load(T, rows).step("ALTER TABLE t SET (autovacuum_enabled = off)", "ANALYZE t")
                    .create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
            long oid = dsl.fetchOne("SELECT 't'::regclass::oid::bigint").get(0, Long.class);
            for (DmlBatch batch : batches) {
                s.apply(batch);
                RefreshAction expected = expectedAction(dsl, oid);
                RefreshResult result = s.refresh().assertLastAction(expected).assertMatchesRecompute().lastRefresh();
                assertThat(result.reason() != null).as("a full refresh says why: %s", result)
                        .isEqualTo(result.action() == RefreshAction.FULL);
                assertThat(result.action() != RefreshAction.NO_DATA || !s.sourcesChanged())
                        .as("NO_DATA although the source changed:\n%s", s.history()).isTrue();
                Statistics.label("action").collect(result.action());
            }
        }
        Statistics.label("action").coverage(c -> {
            c.check(RefreshAction.FULL).percentage(p -> p >= 10);
            c.check(RefreshAction.DIFFERENTIAL).percentage(p -> p >= 10);
        });
    }

    /**
     * What the refresh should do, from the committed change rows in the buffer (a refresh deletes those it consumed,
     * and no transaction runs between it and the next batch) and the planner's row estimate.
     */
    private static RefreshAction expectedAction(DSLContext dsl, long oid) {
        var pending = dsl.fetchOne("SELECT count(*) FILTER (WHERE b.__pgt_w <> 0), count(*) FILTER"
                + " (WHERE b.__pgt_w = 0), (SELECT c.reltuples::bigint FROM pg_class c WHERE c.oid = " + oid
                + "::oid) FROM " + SqlNames.changeBuffer(oid) + " b");
        long changes = pending.get(0, Long.class);
        long truncations = pending.get(1, Long.class);
        long estimate = pending.get(2, Long.class);
        Statistics.label("reason").collect(truncations > 0 ? "truncated"
                : estimate > 0 && changes > THRESHOLD * estimate ? "threshold" : "none");
        if (truncations > 0 || estimate > 0 && changes > THRESHOLD * estimate) {
            return RefreshAction.FULL;
        }
        return changes == 0 ? RefreshAction.NO_DATA : RefreshAction.DIFFERENTIAL;
    }
}

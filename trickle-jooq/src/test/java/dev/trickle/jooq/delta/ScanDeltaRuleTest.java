package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.DeltaPlans.body;
import static dev.trickle.jooq.delta.DeltaPlans.ctx;
import static dev.trickle.jooq.delta.DeltaPlans.delta;
import static dev.trickle.jooq.delta.DeltaPlans.describe;
import static dev.trickle.jooq.delta.DeltaPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Scan;
import org.junit.jupiter.api.Test;

/** {@link ScanDeltaRule}: {@code Δ(R) = ΔR}, read from the source's change buffer. */
class ScanDeltaRuleTest {
    private final Plan orders = plan("select id, amount from orders", "id", "amount");

    @Test
    void apply_scan_isOnePositiveTermReadingTheDelta() {
        DeltaQuery delta = new ScanDeltaRule().apply((Scan) body(orders), new Differentiator());

        assertThat(delta.terms()).singleElement().satisfies(t -> {
            assertThat(t.sign()).isEqualTo(1);
            assertThat(t.sources()).containsExactly(new Source((Scan) body(orders), Version.DELTA));
            assertThat(t.conditions()).isEmpty();
        });
    }

    @Test
    void delta_scan_dispatchesToScanRule() {
        assertThat(describe(delta(orders), orders)).containsExactly("+1 Δorders");
    }

    @Test
    void scan_isLinear() {
        assertThat(body(orders).linear()).isTrue();
    }

    @Test
    void weight_deltaScan_isTheBufferRowWeight() {
        assertThat(dev.trickle.jooq.sql.Sql.render(TermSql.weight(delta(orders).terms().get(0)))).isEqualTo("\"orders\".\"__pgt_w\"");
    }

    @Test
    void fromWhere_deltaScan_readsBufferWindowOfScanColumnsUnderQueryAlias() {
        Golden.assertSql(TermSql.sql(delta(orders).terms().get(0), ctx(orders)));
    }

    @Test
    void fromWhere_postScan_readsTableUnderQueryAlias() {
        Plan aliased = plan("select o.id from orders o", "id");

        assertThat(TermSql.sql(new Differentiator().post(body(aliased)), ctx(aliased)))
                .isEqualTo("SELECT 1 AS \"__pgt_w\" FROM \"public\".\"orders\" AS \"o\"");
    }

    @Test
    void fromWhere_deltaScanOfStreamTable_readsRowIdFromBuffer() {
        Plan st = plan("select total from order_totals", "total");

        assertThat(TermSql.sql(delta(st).terms().get(0), ctx(st)))
                .isEqualTo("SELECT \"order_totals\".\"__pgt_w\" AS \"__pgt_w\" FROM \"__pgt_changes_16409\" AS"
                        + " \"order_totals\"");
        assertThat(Differentiator.changedSources(st)).containsExactly(
                new dev.trickle.jooq.sql.ApplyStatement.ChangedSource(16409, java.util.List.of("total", "__pgt_row_id")));
    }

    @Test
    void window_source_boundsBufferByThisStreamTablesFrontier() {
        assertThat(new dev.trickle.jooq.sql.XidWindow(7).contains(16401, "b")).isEqualTo(
                "\"b\".\"__pgt_xid\" >= pg_snapshot_xmin((SELECT f.frontier FROM"
                        + " pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid))"
                        + " AND NOT pg_visible_in_snapshot(\"b\".\"__pgt_xid\", (SELECT f.frontier FROM"
                        + " pgtrickle.pgt_dependencies f WHERE f.pgt_id = 7 AND f.source_relid = 16401::oid))");
    }

    @Test
    void changesQuery_twoSources_countsChangesAndTruncatesPerSource() {
        Golden.assertSql(new dev.trickle.jooq.sql.XidWindow(7).pendingChanges(java.util.List.of(16401L, 16402L)));
    }

    @Test
    void changesQuery_noSources_isNull() {
        assertThat(new dev.trickle.jooq.sql.XidWindow(7).pendingChanges(java.util.List.of())).isNull();
    }
}

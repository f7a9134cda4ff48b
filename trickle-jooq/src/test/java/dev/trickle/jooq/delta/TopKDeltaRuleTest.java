package dev.trickle.jooq.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.jooq.Catalog;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.Golden;
import dev.trickle.jooq.Shop;
import dev.trickle.jooq.model.OutputColumn;
import org.junit.jupiter.api.Test;

/**
 * {@link TopKDeltaRule}: the window of a top-k is the first {@code n} of the stored rows with the inner changes
 * applied when no row can enter from outside them, else the bounded re-read. Goldens hold the storage query and the
 * differential statements of a top-k of a projection, of an aggregate over a join (TPC-H Q3's shape), and with an
 * {@code OFFSET}.
 */
class TopKDeltaRuleTest {
    private static final Catalog.Query PROJECTION = Shop.query(
                    "select id, amount from orders where status <> 'x' order by amount desc nulls last, id limit 5")
            .outputs("id integer", "amount numeric(12,2)");
    private static final Catalog.Query AGGREGATE = Shop.query("""
                    select o.customer_id, sum(o.amount) as total, c.name
                      from orders o join customers c on c.id = o.customer_id
                     group by o.customer_id, c.name
                     order by total desc, customer_id limit 10""")
            .outputs("customer_id integer", "total numeric", "name text");
    private static final Catalog.Query OFFSET = Shop.query(
                    "select id, amount from orders order by amount, id limit 3 offset 2")
            .outputs("id integer", "amount numeric(12,2)");

    @Test
    void explain_projection_printsTheTopKOverItsProjection() {
        assertThat(PROJECTION.explain()).isEqualTo("""
                TopK(order=[amount DESC NULLS LAST, id ASC NULLS LAST], limit=5)
                  Project(id="orders"."id", amount="orders"."amount")
                    Filter("orders"."status" <> 'x')
                      Scan(public.orders AS orders, key=[id], columns=[id, amount, status])""");
    }

    @Test
    void storageQuery_projection_ordersByTheKeysThenTheRowIdentity() {
        assertThat(PROJECTION.compile().storageQuery()).endsWith(
                "ORDER BY \"amount\" DESC NULLS LAST, \"id\" ASC NULLS LAST, \"__pgt_row_id\""
                        + " OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY");
        Golden.assertSql(PROJECTION.compile().storageQuery());
    }

    @Test
    void differentialSql_projection_mergesTheWindowWithTheChangesOrReReads() {
        Golden.assertSql(PROJECTION.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_aggregateOverJoin_recomputesTouchedGroupsOutsideTheWindow() {
        String sql = AGGREGATE.differentialSql(DeltaPlans.ID);

        // a group without a stored row is outside the window: its state is recomputed from the post-state
        assertThat(sql).contains("\"o\".\"__pgt_row_id\" IS NULL AS \"__pgt_rescan\"");
        Golden.assertSql(AGGREGATE.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_offset_checksTheRowsBeforeTheWindow() {
        String sql = OFFSET.differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("\"__pgt_l\"").contains("OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY");
        Golden.assertSql(OFFSET.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_noOffset_skipsTheLowerBoundCheck() {
        assertThat(PROJECTION.differentialSql(DeltaPlans.ID)).doesNotContain("\"__pgt_l\"");
    }

    @Test
    void compile_aggregate_keepsTheGroupStateOfTheWindowsRows() {
        CompiledStreamTable c = AGGREGATE.compile();

        assertThat(c.storageColumns()).extracting(OutputColumn::name)
                .containsExactly("customer_id", "total", "name", "__pgt_count", "__pgt_nn_1", "__pgt_sum_1");
        assertThat(c.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
    }

    @Test
    void compile_projectionUnderTopK_listsEveryTouchedIdentity() {
        String windowed = PROJECTION.differentialSql(DeltaPlans.ID);
        String plain = Shop.query("select id, amount from orders where status <> 'x'")
                .outputs("id integer", "amount numeric(12,2)").differentialSql(DeltaPlans.ID);

        // a row that left the query without a stored row is in the top-k's input, not in a plain projection's
        assertThat(plain).contains("WHERE (\"n\".\"__pgt_net\" > 0 OR \"o\".\"__pgt_row_id\" IS NOT NULL)");
        assertThat(windowed).doesNotContain("\"n\".\"__pgt_net\" > 0 OR");
    }
}

package dev.trickle.jooq.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Catalog;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.Golden;
import dev.trickle.jooq.Shop;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.RowIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AggregateDeltaRule}: COUNT/SUM/AVG maintained from hidden state columns ({@code __pgt_count}, {@code
 * __pgt_nn_j}, {@code __pgt_sum_j}), one set per distinct argument. Goldens hold the storage query and the
 * differential refresh statement.
 */
class AggregateDeltaRuleTest {
    private static final Catalog.Query BY_REGION = Shop.query("""
                    select c.region_id, count(*) as orders, count(o.amount) as priced, sum(o.amount) as total,
                           avg(o.amount) as mean, coalesce(sum(o.amount), 0) + 1 as total_plus_one
                      from orders o join customers c on c.id = o.customer_id
                     group by c.region_id""")
            .outputs("region_id integer", "orders bigint", "priced bigint", "total numeric", "mean numeric",
                    "total_plus_one numeric");
    private static final Catalog.Query SCALAR = Shop.query("select count(*) as n, sum(amount) as s from orders")
            .outputs("n bigint", "s numeric");

    private static List<String> hidden(String sql, String... outputs) {
        CompiledStreamTable c = Shop.query(sql).outputs(outputs).compile();
        return c.storageColumns().subList(c.outputCount(), c.storageColumns().size()).stream()
                .map(OutputColumn::name).toList();
    }

    @Test
    void storageQuery_groupedJoin_computesOutputsStateAndGroupHash() {
        Golden.assertSql(BY_REGION.compile().storageQuery());
    }

    @Test
    void differentialSql_groupedJoin_addsDeltaSumsToStoredState() {
        Golden.assertSql(BY_REGION.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void storageQuery_scalar_hasConstantRowIdAndNoGroupBy() {
        Golden.assertSql(SCALAR.compile().storageQuery());
    }

    @Test
    void differentialSql_scalar_neverDeletesItsRow() {
        String sql = SCALAR.differentialSql(DeltaPlans.ID);

        Golden.assertSql(SCALAR.formattedDifferentialSql(DeltaPlans.ID));
        assertThat(sql).contains("CASE WHEN \"__pgt_s\".\"__pgt_old\" IS NULL THEN 'I' ELSE 'U' END")
                .doesNotContain("THEN 'D'");
    }

    @Test
    void differentialSql_groupByExpression_replacesKeyInOutputs() {
        String sql = Shop.query("select lower(status) || '!' as s, count(*) as n from orders group by lower(status)")
                .outputs("s text", "n bigint").differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("lower(\"orders\".\"status\") AS \"__pgt_g1\"")
                .contains("(\"__pgt_s\".\"__pgt_g1\" || '!') AS \"s\"")
                .contains("\"__pgt_s\".\"__pgt_count\" AS \"n\"");
    }

    @Test
    void differentialSql_twoGroupKeys_hashesBothInOrder() {
        String sql = Shop.query("select customer_id, status, count(*) as n from orders group by status, customer_id")
                .outputs("customer_id integer", "status text", "n bigint").differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("hash_record_extended(ROW(x.\"__pgt_g1\", x.\"__pgt_g2\"), 0)")
                .contains("\"orders\".\"status\" AS \"__pgt_g1\", \"orders\".\"customer_id\" AS \"__pgt_g2\"");
    }

    @Test
    void compile_groupedAggregate_appendsHiddenStateAfterOutputs() {
        CompiledStreamTable c = BY_REGION.compile();

        assertThat(c.storageColumns()).extracting(OutputColumn::name).containsExactly("region_id", "orders", "priced",
                "total", "mean", "total_plus_one", "__pgt_count", "__pgt_nn_1", "__pgt_sum_1");
        assertThat(c.outputCount()).isEqualTo(6);
        assertThat(c.rowIdentity()).isEqualTo(RowIdentity.KEY);
    }

    @Test
    void hiddenColumns_countStarOnly_isJustTheCount() {
        assertThat(hidden("select status, count(*) as n from orders group by status", "status", "n bigint"))
                .containsExactly("__pgt_count");
    }

    @Test
    void hiddenColumns_countOfArgument_needsNoSum() {
        assertThat(hidden("select count(amount) as n from orders", "n bigint"))
                .containsExactly("__pgt_count", "__pgt_nn_1");
    }

    @Test
    void hiddenColumns_sumAvgAndCountOfOneArgument_shareOneState() {
        assertThat(hidden("select sum(amount) as s, avg(amount) as a, count(amount) as c, sum(o.amount) as t"
                + " from orders o", "s numeric", "a numeric", "c bigint", "t numeric"))
                .containsExactly("__pgt_count", "__pgt_nn_1", "__pgt_sum_1");
    }

    @Test
    void hiddenColumns_twoArguments_haveOneStateEach() {
        assertThat(hidden("select count(amount) as c, avg(customer_id) as a from orders", "c bigint", "a numeric"))
                .containsExactly("__pgt_count", "__pgt_nn_1", "__pgt_nn_2", "__pgt_sum_2");
    }

    @Test
    void differentialSql_avg_dividesSharedSumByNonNullCount() {
        String sql = Shop.query("select avg(amount) as a, sum(amount) as s from orders").outputs("a", "s")
                .differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("(\"__pgt_s\".\"__pgt_sum_1\" / \"__pgt_s\".\"__pgt_nn_1\"::numeric) AS \"a\"")
                .contains("\"__pgt_s\".\"__pgt_sum_1\" AS \"s\"")
                .contains("sum((\"x\".\"__pgt_w\" * \"x\".\"__pgt_a1\")) AS \"__pgt_dsum_1\"");
    }

    @Test
    void differentialSql_groupedAggregate_deletesGroupsWhoseCountReachesZero() {
        assertThat(BY_REGION.differentialSql(DeltaPlans.ID))
                .contains("CASE WHEN \"__pgt_s\".\"__pgt_count\" = 0 THEN 'D' WHEN \"__pgt_s\".\"__pgt_old\" IS NULL"
                        + " THEN 'I' ELSE 'U' END AS \"__pgt_action\"")
                .contains(" WHERE (\"__pgt_s\".\"__pgt_count\" > 0 OR \"__pgt_s\".\"__pgt_old\" IS NOT NULL)");
    }

    private static final Catalog.Query HAVING = Shop.query("""
                    select c.region_id, count(*) as orders
                      from orders o join customers c on c.id = o.customer_id
                     group by c.region_id
                    having sum(o.amount) > 100 and c.region_id is not null""")
            .outputs("region_id integer", "orders bigint");

    @Test
    void storageQuery_having_keepsOnlyGroupsWhereItHolds() {
        assertThat(HAVING.compile().storageQuery())
                .endsWith("GROUP BY \"c\".\"region_id\" HAVING ((sum(\"o\".\"amount\") > 100"
                        + " and \"c\".\"region_id\" is not null))");
    }

    @Test
    void differentialSql_having_recomputesGroupsWithoutStoredRow() {
        Golden.assertSql(HAVING.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_having_deletesGroupsWhereItFailsAndKeepsHiddenCallState() {
        String sql = HAVING.differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("\"o\".\"__pgt_row_id\" IS NULL AS \"__pgt_rescan\"")
                .contains("coalesce(((\"__pgt_s\".\"__pgt_sum_1\" > 100 and \"__pgt_s\".\"__pgt_g1\" is not null)),"
                        + " false)")
                .contains("CASE WHEN NOT (\"__pgt_s\".\"__pgt_count\" > 0 AND (coalesce(")
                .contains("WHERE ((\"__pgt_s\".\"__pgt_count\" > 0 AND (coalesce(");
        assertThat(HAVING.compile().storageColumns()).extracting(OutputColumn::name)
                .containsExactly("region_id", "orders", "__pgt_count", "__pgt_nn_1", "__pgt_sum_1");
    }

    @Test
    void differentialSql_scalarWithHaving_deletesItsRowWhenItFails() {
        String sql = Shop.query("select count(*) as n from orders having count(*) > 2").outputs("n bigint")
                .differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("CASE WHEN NOT (coalesce((\"__pgt_s\".\"__pgt_count\" > 2), false)) THEN 'D'")
                .contains("EXISTS (SELECT 1 FROM \"__pgt_s0\" AS \"f\" WHERE \"f\".\"__pgt_rescan\")");
    }

    @Test
    void differentialSql_havingOverGroupKey_findsGroupsByEqualityAndNullKeysApart() {
        String sql = Shop.query("select status, count(*) as n from orders group by status having status > 'a'")
                .outputs("status text", "n bigint").differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("WHERE \"f\".\"__pgt_rescan\" AND (\"orders\".\"status\") = \"f\".\"__pgt_g1\")")
                .contains("GROUP BY \"orders\".\"status\" UNION ALL SELECT")
                .contains("((\"orders\".\"status\") IS NULL) AND EXISTS (SELECT 1 FROM \"__pgt_s0\" AS \"f\" WHERE"
                        + " \"f\".\"__pgt_rescan\" AND (\"f\".\"__pgt_g1\" IS NULL))")
                .contains("((\"orders\".\"status\") = \"f\".\"__pgt_g1\" OR ((\"orders\".\"status\") IS NULL"
                        + " AND \"f\".\"__pgt_g1\" IS NULL))");
    }

    @Test
    void differentialSql_noHaving_readsNoSource() {
        assertThat(BY_REGION.differentialSql(DeltaPlans.ID)).doesNotContain("__pgt_rescan").doesNotContain("__pgt_r\"");
    }

    private static final Catalog.Query EXTREMA = Shop.query("""
                    select c.region_id, min(o.amount) as lo, max(o.amount) as hi, max(c.name) as last_name
                      from orders o join customers c on c.id = o.customer_id
                     group by c.region_id""")
            .outputs("region_id integer", "lo numeric", "hi numeric", "last_name text");

    @Test
    void hiddenColumns_minAndMax_keepTheExtremaOfTheirArgument() {
        assertThat(EXTREMA.compile().storageColumns()).extracting(OutputColumn::name).containsExactly("region_id", "lo",
                "hi", "last_name", "__pgt_count", "__pgt_nn_1", "__pgt_min_1", "__pgt_max_1", "__pgt_nn_2",
                "__pgt_max_2");
    }

    @Test
    void differentialSql_minMax_mergesNewValuesAndRecomputesGroupsWhoseExtremumLeft() {
        Golden.assertSql(EXTREMA.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_min_comparesWhatLeftWithTheMergedCandidate() {
        String sql = EXTREMA.differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("min(\"x\".\"__pgt_a1\") FILTER (WHERE \"x\".\"__pgt_w\" > 0) AS \"__pgt_imin_1\"")
                .contains("least(\"o\".\"__pgt_min_1\", \"a\".\"__pgt_imin_1\") AS \"__pgt_min_1\"")
                .contains("(\"a\".\"__pgt_dmin_1\" IS NOT NULL AND (least(\"o\".\"__pgt_min_1\", \"a\".\"__pgt_imin_1\")"
                        + " IS NULL OR \"a\".\"__pgt_dmin_1\" <= least(\"o\".\"__pgt_min_1\", \"a\".\"__pgt_imin_1\")))")
                .contains("\"a\".\"__pgt_dmax_2\" >= greatest(")
                .doesNotContain("\"o\".\"__pgt_row_id\" IS NULL OR");
    }

    private static final Catalog.Query RECOMPUTED = Shop.query("""
                    select customer_id, count(*) as n, count(distinct status) as statuses,
                           string_agg(status, ',' order by id) as list, sum(amount) as total
                      from orders group by customer_id""")
            .outputs("customer_id integer", "n bigint", "statuses bigint", "list text", "total numeric");

    @Test
    void differentialSql_nonInvertibleCall_recomputesEveryTouchedGroup() {
        Golden.assertSql(RECOMPUTED.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_nonInvertibleCall_keepsNoStateAndReadsTheRecomputedValue() {
        String sql = RECOMPUTED.differentialSql(DeltaPlans.ID);

        assertThat(RECOMPUTED.compile().storageColumns()).extracting(OutputColumn::name).containsExactly(
                "customer_id", "n", "statuses", "list", "total", "__pgt_count", "__pgt_nn_1", "__pgt_sum_1");
        assertThat(sql).contains("true AS \"__pgt_rescan\"")
                .contains("count(distinct \"orders\".\"status\") AS \"__pgt_r_1\"")
                .contains("\"__pgt_s\".\"__pgt_r_1\" AS \"statuses\"")
                .contains("\"__pgt_s\".\"__pgt_r_2\" AS \"list\"");
    }

    @Test
    void hiddenColumns_filteredCount_countsTheCase() {
        assertThat(Shop.query("select count(*) filter (where amount > 1) as n from orders").outputs("n bigint")
                .differentialSql(DeltaPlans.ID))
                .contains("case when \"orders\".\"amount\" > 1 then 1 end AS \"__pgt_a1\"")
                .doesNotContain("__pgt_rescan");
    }

    @Test
    void differentialSql_expressionsOverAndInsideCalls_readTheState() {
        String sql = Shop.query("select sum(amount) / count(*) as mean, sum(case when status = 'a' then amount end)"
                + " as a_total, case when count(*) > 2 then 'many' end as size from orders")
                .outputs("mean numeric", "a_total numeric", "size text").differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("(\"__pgt_s\".\"__pgt_sum_1\" / \"__pgt_s\".\"__pgt_count\") AS \"mean\"")
                .contains("case when \"orders\".\"status\" = 'a' then \"orders\".\"amount\" end AS \"__pgt_a2\"")
                .contains("\"__pgt_s\".\"__pgt_sum_2\" AS \"a_total\"")
                .contains("case when \"__pgt_s\".\"__pgt_count\" > 2 then 'many' end AS \"size\"");
    }
}

package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.DeltaPlans.body;
import static dev.trickle.jooq.delta.DeltaPlans.ctx;
import static dev.trickle.jooq.delta.DeltaPlans.delta;
import static dev.trickle.jooq.delta.DeltaPlans.describe;
import static dev.trickle.jooq.delta.DeltaPlans.differentialSql;
import static dev.trickle.jooq.delta.DeltaPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.sql.Sql;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupedDeltaRule}: a grouped relation's change is one term, the touched groups' old rows at −1 and new rows at
 * +1, read by the rules above like a changed table; its post-state is the grouped query.
 */
class GroupedDeltaRuleTest {
    private static final Plan COUNT_OF_COUNTS = plan("""
            select s.n, count(*) as customers
              from (select c.id, count(o.id) from customers c left join orders o on o.customer_id = c.id
                     group by c.id) as s (id, n)
             group by s.n""", "n", "customers");
    private static final Plan JOINED = plan("""
            select c.name, s.lo, s.hi from customers c
              join (select customer_id, min(amount) as lo, max(amount) as hi from orders group by customer_id) s
                on s.customer_id = c.id""", "name", "lo", "hi");
    private static final Plan SCALAR = plan("select id from orders where amount > (select avg(amount) from orders)",
            "id");
    /** TPC-H Q15's shape: a scalar MAX over the grouped CTE that the query also joins. */
    private static final Plan NESTED = plan("""
            with rev (cid, total) as (select customer_id, sum(amount) from orders group by customer_id)
            select c.id, total from customers c, rev where c.id = cid and total = (select max(total) from rev)""",
            "id", "total");
    private static final Plan CORRELATED = plan("""
            select c.id, (select count(*) from orders o where o.customer_id = c.id) as n from customers c""",
            "id", "n");

    @Test
    void apply_groupedRelation_isOneChangedSource() {
        assertThat(describe(delta(COUNT_OF_COUNTS), COUNT_OF_COUNTS)).containsExactly("+1 Δγs");
    }

    @Test
    void apply_joinedGroupedRelation_joinsLikeATable() {
        assertThat(describe(delta(JOINED), JOINED)).containsExactly(
                "+1 Δc × γs | \"s\".\"customer_id\" = \"c\".\"id\"",
                "+1 c × Δγs | \"s\".\"customer_id\" = \"c\".\"id\"",
                "-1 Δc × Δγs | \"s\".\"customer_id\" = \"c\".\"id\"");
    }

    @Test
    void apply_correlatedScalar_padsTheGroupedRelation() {
        assertThat(describe(delta(CORRELATED), CORRELATED)).contains("+1 Δc × ⊥γ__pgt_sq2 | none-before(__pgt_sq2)",
                "+1 c × ⊥γ__pgt_sq2 | lost-last(__pgt_sq2)");
    }

    @Test
    void post_groupedRelation_isTheGroupedQuery() {
        // as the storage query reads it: a query that stands alone
        String sql = TermSql.sql(new Differentiator().post(body(JOINED)), ctx(JOINED).unshared());

        assertThat(sql).contains("(SELECT \"orders\".\"customer_id\" AS \"customer_id\", min(\"orders\".\"amount\")"
                + " AS \"lo\", max(\"orders\".\"amount\") AS \"hi\" FROM \"public\".\"orders\" AS \"orders\" GROUP BY"
                + " \"orders\".\"customer_id\") AS \"s\"");
    }

    @Test
    void post_joinedToAChange_computesOnlyTheGroupsTheChangeJoins() {
        String sql = TermSql.sql(delta(JOINED).terms().get(0), ctx(JOINED));

        assertThat(sql).contains("FROM \"public\".\"orders\" AS \"orders\" WHERE ((((\"orders\".\"customer_id\")) IN"
                + " (SELECT (\"c\".\"id\") AS \"__pgt_k1\" FROM \"__pgt_changes_")
                .contains(" AS \"c\"))) GROUP BY \"orders\".\"customer_id\") AS \"s\"");
    }

    @Test
    void post_probedForOneRow_computesThatRowsGroupOnly() {
        // the outer join's probes: does customer c have a group, before and after
        assertThat(differentialSql(CORRELATED)).contains("EXISTS (SELECT 1 FROM (SELECT \"o\".\"customer_id\" AS"
                + " \"__pgt_k1\", count(*) AS \"__pgt_v\" FROM \"public\".\"orders\" AS \"o\" WHERE (((\"o\".\"customer_id\")"
                + " = (\"c\".\"id\"))) GROUP BY \"o\".\"customer_id\") AS \"__pgt_sq2\" WHERE (\"__pgt_sq2\".\"__pgt_k1\" ="
                + " \"c\".\"id\"))");
    }

    @Test
    void post_ofAScalarAggregate_isNeverRestricted() {
        String sql = change(SCALAR, 0);

        assertThat(sql).contains("FROM \"__pgt_changes_16401\" AS \"orders\", \"__pgt_gp1\" AS \"__pgt_sq2\"")
                .contains(" __pgt_gp1 AS (SELECT avg(\"orders\".\"amount\") AS \"__pgt_v\" FROM \"public\".\"orders\""
                        + " AS \"orders\")");
    }

    @Test
    void post_readWholeByATerm_isOneSharedCteButFilteredItIsPushedIntoTheGroupedQuery() {
        Plan filtered = plan("""
                select c.name, s.n from customers c
                  join (select customer_id, count(*) as n from orders group by customer_id) s on s.n > c.region_id
                 where s.customer_id > 2""", "name", "n");

        // Δc × γs on the key: the groups the change joins only, not shared
        assertThat(change(JOINED, 0)).doesNotContain("__pgt_gp");
        // Δc × γs on a theta condition reads γs whole, but the query filters it, which the server pushes into its
        // GROUP BY subquery
        assertThat(change(filtered, 0)).doesNotContain("__pgt_gp").contains("AND (\"s\".\"customer_id\" > 2)");
        Plan theta = plan("""
                select c.name, s.n from customers c
                  join (select customer_id, count(*) as n from orders group by customer_id) s on s.n > c.region_id""",
                "name", "n");
        assertThat(change(theta, 0)).contains("FROM \"__pgt_changes_16402\" AS \"c\", \"__pgt_gp1\" AS \"s\"")
                .contains(" __pgt_gp1 AS (SELECT \"orders\".\"customer_id\" AS \"customer_id\", count(*) AS \"n\""
                        + " FROM \"public\".\"orders\" AS \"orders\" GROUP BY \"orders\".\"customer_id\")");
    }

    @Test
    void weight_groupedChange_readsItsWeightColumn() {
        assertThat(Sql.render(TermSql.weight(delta(COUNT_OF_COUNTS).terms().get(0)))).isEqualTo("\"s\".\"__pgt_w\"");
    }

    @Test
    void change_groupedByKey_readsOnlyTouchedGroupsAndNetsOnlyTheChange() {
        String sql = change(JOINED, 1);

        assertThat(sql).contains("\"__pgt_t\" AS (SELECT DISTINCT (\"__pgt_x\".\"orders.customer_id\") AS \"__pgt_g1\"")
                .contains("((\"orders\".\"customer_id\")) IN (SELECT \"__pgt_g1\" FROM \"__pgt_t\")")
                .contains("IS NOT DISTINCT FROM")
                .contains("\"__pgt_dn\" AS (SELECT \"__pgt_dn\".\"orders.id\"")
                .contains(" EXCEPT ALL SELECT ")
                .contains("generate_series(1, \"__pgt_dn\".\"__pgt_n\")")
                .contains("generate_series(1, -\"__pgt_dn\".\"__pgt_n\")");
    }

    @Test
    void change_scalar_keepsItsOneRowOnlyWhenSomethingChanged() {
        String sql = change(SCALAR, 1);

        assertThat(sql).contains("HAVING (EXISTS (SELECT 1 FROM \"__pgt_dr\"))").doesNotContain("__pgt_t");
    }

    @Test
    void change_readByEveryTerm_isOneSharedCte() {
        String sql = differentialSql(JOINED);

        // c × Δγs and Δc × Δγs read the one CTE
        assertThat(sql).containsOnlyOnce("\"__pgt_gd1\" AS MATERIALIZED (").doesNotContain("__pgt_gd2");
        assertThat(sql.split("\"__pgt_gd1\" AS \"s\"", -1)).hasSize(3);
    }

    @Test
    void rowId_groupedRelation_hashesItsGroupKey() {
        assertThat(TermSql.rowId(Leaves.of(body(JOINED)), ctx(JOINED)))
                .isEqualTo("hash_record_extended(ROW(\"c\".\"id\", \"s\".\"customer_id\"), 0)");
    }

    @Test
    void apply_groupedOverGrouped_theOuterReadsTheInnersChangeAsItsInputsChange() {
        GroupedBody max = (GroupedBody) Leaves.of(body(NESTED)).get(2);
        GroupedSource change = (GroupedSource) new Differentiator().delta(max).terms().get(0).sources().get(0);

        assertThat(max.alias()).isEqualTo("__pgt_sq3");
        assertThat(change.version()).isEqualTo(Version.DELTA);
        // Δγ_max(rev) = −γ(rev_pre) + γ(rev_post), rev_pre = rev_post − Δrev: the inner relation at its change and
        // at its post-state
        assertThat(change.delta()).map(t -> describe(t, ctx(NESTED).expressions())).containsExactly("+1 Δγrev");
        assertThat(describe(change.post(), ctx(NESTED).expressions())).isEqualTo("+1 γrev");
    }

    @Test
    void change_groupedOverGrouped_netsTheInnerRowsByContentFromTheInnersSharedChange() {
        String sql = differentialSql(NESTED);

        // the inner relation's change is computed once, read by the join's terms and by the outer relation's change
        assertThat(sql).containsOnlyOnce("\"__pgt_gd1\" AS MATERIALIZED (").containsOnlyOnce(
                " AS MATERIALIZED (\nWITH \"__pgt_dr\" AS (SELECT \"rev\".\"__pgt_w\" AS"
                        + " \"__pgt_w\", \"rev\".\"cid\" AS \"rev.cid\", \"rev\".\"total\" AS \"rev.total\""
                        + " FROM \"__pgt_gd1\" AS \"rev\")")
                // the inner relation's current rows, read whole by the MAX's old and new value, by the MAX's current
                // value and by the join's term that reads the MAX's change, are grouped once
                .containsOnlyOnce("AS \"total\" FROM \"public\".\"orders\" AS \"orders\" GROUP BY")
                // old MAX over the old rows of the inner relation: its current rows less what the change added
                .contains("SELECT max(\"__pgt_x\".\"rev.total\") AS \"__pgt_v\", -1 AS \"__pgt_w\"")
                .contains(" EXCEPT ALL SELECT \"__pgt_dn\".\"rev.cid\", \"__pgt_dn\".\"rev.total\"");
    }

    @Test
    void differentialSql_scalarOverGroupedCte_matchesGolden() {
        Golden.assertSql(differentialSql(NESTED));
    }

    /** A term as SQL, followed by the shared relations it reads (the change of a grouped relation). */
    private static String change(Plan plan, int term) {
        DeltaContext ctx = ctx(plan);
        String sql = TermSql.sql(delta(plan).terms().get(term), ctx);
        NetChange shared = ctx.shared().first(new NetChange(DSL.selectOne(), List.of(), List.of()));
        return sql + shared.ctes().stream().map(c -> " " + c.name() + " AS (" + Sql.render(c.body()) + ")")
                .collect(Collectors.joining());
    }

    @Test
    void differentialSql_countOfCounts_matchesGolden() {
        Golden.assertSql(differentialSql(COUNT_OF_COUNTS));
    }

    @Test
    void differentialSql_correlatedScalar_matchesGolden() {
        Golden.assertSql(differentialSql(CORRELATED));
    }
}

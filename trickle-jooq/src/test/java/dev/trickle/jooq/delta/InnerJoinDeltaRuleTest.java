package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.DeltaPlans.body;
import static dev.trickle.jooq.delta.DeltaPlans.ctx;
import static dev.trickle.jooq.delta.DeltaPlans.delta;
import static dev.trickle.jooq.delta.DeltaPlans.describe;
import static dev.trickle.jooq.delta.DeltaPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link InnerJoinDeltaRule}: {@code Δ(L ⋈ R) = ΔL ⋈ R_post + L_post ⋈ ΔR - ΔL ⋈ ΔR}, and for three inputs or more the
 * same level by level, {@code D_m = ΔR_m ⋈ S₍ₘ₊₁₎_post + R_m_post ⋈ D₍ₘ₊₁₎ − ΔR_m ⋈ D₍ₘ₊₁₎}.
 */
class InnerJoinDeltaRuleTest {
    private static final String ON = "\"c\".\"id\" = \"o\".\"customer_id\"";
    private static final String ON2 = "\"r\".\"id\" = \"c\".\"region_id\"";

    private final Plan twoWay = plan("select o.id, c.name from orders o join customers c on c.id = o.customer_id",
            "id", "name");
    private final Plan threeWay = plan("select o.id, r.name from orders o join customers c on c.id = o.customer_id"
            + " join sales.regions r on r.id = c.region_id", "id", "name");

    @Test
    void apply_twoWayJoin_isThreeTermsWithSignsAndVersions() {
        DeltaQuery delta = new InnerJoinDeltaRule().apply((InnerJoin) body(twoWay), new Differentiator());

        assertThat(describe(delta, twoWay)).containsExactly(
                "+1 Δo × c | " + ON,
                "+1 o × Δc | " + ON,
                "-1 Δo × Δc | " + ON);
    }

    @Test
    void apply_threeWayJoin_isOneTermOverTheJoinsChangeCarryingEveryCondition() {
        List<Term> terms = delta(threeWay).terms();

        assertThat(describe(delta(threeWay), threeWay)).containsExactly("+1 Δ⋈(o c r)");
        JoinChange j = (JoinChange) terms.get(0).sources().get(0);
        assertThat(j.conditions()).hasSize(2);
        assertThat(j.inputs()).extracting(i -> describe(i.post(), new Expressions(threeWay.columns())))
                .containsExactly("+1 o", "+1 c", "+1 r");
        assertThat(j.inputs()).extracting(i -> describe(new DeltaQuery(i.delta()), threeWay))
                .containsExactly(List.of("+1 Δo"), List.of("+1 Δc"), List.of("+1 Δr"));
    }

    @Test
    void differentialSql_threeWayJoin_computesEachLevelOnceFromTheLastTable() {
        String sql = TermSql.sql(delta(threeWay).terms().get(0), ctx(threeWay));

        // level 2: Δr; level 1: Δc ⋈ r, c ⋈ level 2, -Δc ⋈ level 2; level 0 likewise over o, read by the term
        assertThat(sql).contains("WITH \"__pgt_j_o_2\" AS (SELECT \"r\".\"__pgt_w\" AS \"__pgt_w\"")
                .contains("\"__pgt_j_o_1\" AS (SELECT \"c\".\"__pgt_w\" AS \"__pgt_w\"")
                .contains(" AS \"__pgt_j_o\" CROSS JOIN LATERAL (SELECT \"__pgt_j_o\".\"__pgt_c1\" AS \"id\", ")
                .startsWith("SELECT \"__pgt_j_o\".\"__pgt_w\" AS \"__pgt_w\" FROM (WITH ");
        Golden.assertSql(sql);
    }

    @Test
    void delta_commaJoinWithWhere_appliesEachConditionAtTheLevelsInsideTheJoinsChange() {
        Plan p = plan("select o.id from orders o, customers c, sales.regions r"
                + " where c.id = o.customer_id and r.id = c.region_id and r.name = 'x'", "id");

        List<Term> terms = delta(p).terms();
        String sql = TermSql.sql(terms.get(0), ctx(p));

        assertThat(terms).hasSize(1);
        assertThat(terms.get(0).conditions()).isEmpty();
        // the comma joins' empty conditions and the WHERE
        assertThat(((JoinChange) terms.get(0).sources().get(0)).conditions()).hasSize(3);
        // the last level reads r alone, with its own condition; the next joins c to it
        assertThat(sql).contains("FROM \"__pgt_changes_16405\" AS \"r\" WHERE (\"r\".\"name\" = 'x')")
                .contains("WHERE (\"r\".\"id\" = \"c\".\"region_id\")");
    }

    @Test
    void differentialSql_filteredTable_isTheLastLevelSoItsFilterCutsTheLevelsAbove() {
        Plan p = plan("select o.id from orders o join customers c on c.id = o.customer_id"
                + " join sales.regions r on r.id = c.region_id where o.amount > 10", "id");

        assertThat(TermSql.sql(delta(p).terms().get(0), ctx(p))).contains("WITH \"__pgt_j_o_2\" AS (SELECT"
                + " \"o\".\"__pgt_w\" AS \"__pgt_w\", \"o\".\"id\" AS \"__pgt_c1\", \"o\".\"customer_id\" AS"
                + " \"__pgt_c2\", \"o\".\"amount\" AS \"__pgt_c3\" FROM \"__pgt_changes_16401\" AS \"o\" WHERE"
                + " (\"o\".\"amount\" > 10)");
    }

    @Test
    void apply_tenWayJoin_isOneTermOfTenInputs() {
        Plan p = plan("select o.id from orders o, customers c, products p, order_lines l, sales.regions r,"
                + " orders o2, customers c2, products p2, order_lines l2, sales.regions r2", "id");

        assertThat(describe(delta(p), p)).containsExactly("+1 Δ⋈(o c p l r o2 c2 p2 l2 r2)");
        assertThat(TermSql.sql(delta(p).terms().get(0), ctx(p))).contains("\"__pgt_j_o_9\" AS (")
                .doesNotContain("\"__pgt_j_o_10\"");
    }

    @Test
    void apply_threeInputsOneAnOuterJoin_exposesBothSidesOfTheOuterJoin() {
        Plan p = plan("select o.id from orders o left join customers c on c.id = o.customer_id"
                + " join order_lines l on l.order_id = o.id join products p on p.id = l.product_id", "id");

        Term t = delta(p).terms().get(0);

        assertThat(describe(delta(p), p)).containsExactly("+1 Δ⋈(o c l p)");
        JoinChange j = (JoinChange) t.sources().get(0);
        assertThat(describe(new DeltaQuery(j.inputs().get(0).delta()), p)).hasSize(6);
        assertThat(TermSql.sql(t, ctx(p))).contains(") AS \"c\" CROSS JOIN LATERAL (SELECT ");
    }

    @Test
    void apply_twoGroupedRelationsAndAScan_readsEachGroupedRelationsPostStateAndChange() {
        Plan p = plan("select o.id from orders o"
                + " join (select customer_id, count(*) as n from orders group by customer_id) s on s.customer_id = o.customer_id"
                + " join (select order_id, sum(qty) as q from order_lines group by order_id) t on t.order_id = o.id",
                "id");

        JoinChange j = (JoinChange) delta(p).terms().get(0).sources().get(0);

        assertThat(describe(delta(p), p)).containsExactly("+1 Δ⋈(o s t)");
        assertThat(j.inputs()).extracting(i -> describe(i.post(), new Expressions(p.columns())))
                .containsExactly("+1 o", "+1 γs", "+1 γt");
        assertThat(TermSql.sql(delta(p).terms().get(0), ctx(p))).contains("AS \"n\"").contains("AS \"q\"");
    }

    @Test
    void apply_selfJoin_readsOneBufferUnderBothAliases() {
        Plan p = plan("select a.id, b.id as other from orders a join orders b on a.customer_id = b.customer_id",
                "id", "other");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 Δa × b | \"a\".\"customer_id\" = \"b\".\"customer_id\"",
                "+1 a × Δb | \"a\".\"customer_id\" = \"b\".\"customer_id\"",
                "-1 Δa × Δb | \"a\".\"customer_id\" = \"b\".\"customer_id\"");
        assertThat(TermSql.sql(delta(p).terms().get(2), ctx(p)))
                .contains("FROM \"__pgt_changes_16401\" AS \"a\", \"__pgt_changes_16401\" AS \"b\"");
        assertThat(Differentiator.changedSources(p)).containsExactly(
                new dev.trickle.jooq.sql.ApplyStatement.ChangedSource(16401, List.of("id", "customer_id")));
    }

    @Test
    void apply_crossJoin_carriesNoConditionThatRenders() {
        Plan p = plan("select p.id from products p cross join customers c", "id");

        assertThat(delta(p).terms()).hasSize(3).allSatisfy(t ->
                assertThat(TermSql.sql(t, ctx(p))).doesNotContain("WHERE \"").doesNotContain("\n WHERE"));
    }

    @Test
    void weight_termsOfTwoWayJoin_multiplyDeltaWeightsAndNegateTheLast() {
        assertThat(delta(twoWay).terms()).extracting(t -> dev.trickle.jooq.sql.Sql.render(TermSql.weight(t))).containsExactly(
                "\"o\".\"__pgt_w\"",
                "\"c\".\"__pgt_w\"",
                "-(\"o\".\"__pgt_w\" * \"c\".\"__pgt_w\")");
    }

    @Test
    void post_threeWayJoin_isOneTermOfAllPostScansAndConditions() {
        Term post = new Differentiator().post(body(threeWay));

        assertThat(describe(post, new Expressions(threeWay.columns())))
                .isEqualTo("+1 o × c × r | " + ON + " and " + ON2);
    }

    @Test
    void join_isNotLinear() {
        assertThat(body(twoWay).linear()).isFalse();
    }

    @Test
    void fromWhere_everyTermOfTwoWayJoin_matchesGolden() {
        Golden.assertSql(everyTerm(twoWay));
    }

    @Test
    void weight_termOfThreeWayJoin_isTheWeightOfTheJoinsChange() {
        assertThat(delta(threeWay).terms()).extracting(t -> dev.trickle.jooq.sql.Sql.render(TermSql.weight(t)))
                .containsExactly("\"__pgt_j_o\".\"__pgt_w\"");
    }

    private static String everyTerm(Plan p) {
        StringBuilder sql = new StringBuilder();
        for (Term t : delta(p).terms()) {
            sql.append("-- weight ").append(dev.trickle.jooq.sql.Sql.render(TermSql.weight(t))).append('\n')
                    .append(TermSql.sql(t, ctx(p))).append("\n\n");
        }
        return sql.toString();
    }

    @Test
    void rowId_join_hashesEveryScanKeyInPlanOrder() {
        Plan p = plan("select o.id from orders o join order_lines l on l.order_id = o.id", "id");

        assertThat(TermSql.rowId(p.scans(), ctx(p)))
                .isEqualTo("hash_record_extended(ROW(\"o\".\"id\", \"l\".\"order_id\", \"l\".\"line_no\"), 0)");
    }

    @Test
    void rowId_keysOfKnownTypes_hashesEachInItsLosslessForm() {
        Plan p = plan("select o.id from orders o join order_lines l on l.order_id = o.id", "id");
        DeltaContext typed = new DeltaContext(DeltaPlans.ctx(p).storage(), new Expressions(p.columns()),
                List.of("bigint", "integer", "numeric"));

        assertThat(TermSql.rowId(p.scans(), typed)).isEqualTo("hash_record_extended(ROW(int8send(\"o\".\"id\"),"
                + " \"l\".\"order_id\", \"l\".\"line_no\", \"l\".\"line_no\" < 0), 0)");
    }
}

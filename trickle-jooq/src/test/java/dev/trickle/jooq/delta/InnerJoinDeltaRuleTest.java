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
 * {@link InnerJoinDeltaRule}: {@code Δ(L ⋈ R) = ΔL ⋈ R_post + L_post ⋈ ΔR - ΔL ⋈ ΔR}, and for three inputs or more
 * {@code Σᵢ R₁_post ⋈ … ⋈ ΔRᵢ ⋈ … ⋈ Rₙ_pre}.
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
    void apply_threeWayJoin_isThreeTermsPostBeforeTheDeltaAndPreAfter() {
        assertThat(describe(delta(threeWay), threeWay)).containsExactly(
                "+1 Δo × pre(c) × pre(r) | " + ON + " and " + ON2,
                "+1 o × Δc × pre(r) | " + ON + " and " + ON2,
                "+1 o × c × Δr | " + ON + " and " + ON2);
    }

    @Test
    void apply_tenWayJoin_isOneTermPerTableWithOneDeltaSource() {
        Plan p = plan("select o.id from orders o, customers c, products p, order_lines l, sales.regions r,"
                + " orders o2, customers c2, products p2, order_lines l2, sales.regions r2", "id");

        List<Term> terms = delta(p).terms();

        assertThat(terms).hasSize(10);
        for (int i = 0; i < terms.size(); i++) {
            List<Version> versions = terms.get(i).sources().stream().map(f -> ((Source) f).version()).toList();
            assertThat(terms.get(i).sign()).isEqualTo(1);
            for (int j = 0; j < versions.size(); j++) {
                assertThat(versions.get(j)).as("term %s, source %s", i, j)
                        .isEqualTo(j < i ? Version.POST : j == i ? Version.DELTA : Version.PRE);
            }
        }
    }

    @Test
    void apply_threeInputsOneAnOuterJoin_readsTheOuterJoinFirstAndAtItsPostStateInTheScansTerms() {
        Plan p = plan("select o.id from orders o left join customers c on c.id = o.customer_id"
                + " join order_lines l on l.order_id = o.id join products p on p.id = l.product_id", "id");
        String on = " | \"c\".\"id\" = \"o\".\"customer_id\" and \"l\".\"order_id\" = \"o\".\"id\" and"
                + " \"p\".\"id\" = \"l\".\"product_id\"";

        List<String> terms = describe(delta(p), p);

        // the outer join's six terms (its inner join's three, its padded rows' three) over the scans' pre-states
        assertThat(terms).hasSize(8);
        assertThat(terms.subList(0, 6)).allSatisfy(t -> assertThat(t).contains(" × pre(l) × pre(p) | "));
        assertThat(terms.get(0)).isEqualTo("+1 Δo × c × pre(l) × pre(p)" + on);
        assertThat(terms.subList(6, 8)).containsExactly(
                "+1 (o ⟕ c) × Δl × pre(p)" + on.replace(" \"c\".\"id\" = \"o\".\"customer_id\" and", ""),
                "+1 (o ⟕ c) × l × Δp" + on.replace(" \"c\".\"id\" = \"o\".\"customer_id\" and", ""));
    }

    @Test
    void apply_twoGroupedRelationsAndAScan_readsTheLaterGroupedRelationsPreStateAsPostMinusDelta() {
        Plan p = plan("select o.id from orders o"
                + " join (select customer_id, count(*) as n from orders group by customer_id) s on s.customer_id = o.customer_id"
                + " join (select order_id, sum(qty) as q from order_lines group by order_id) t on t.order_id = o.id",
                "id");
        String on = " | \"s\".\"customer_id\" = \"o\".\"customer_id\" and \"t\".\"order_id\" = \"o\".\"id\"";

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 pre(o) × Δγs × γt" + on,
                "-1 pre(o) × Δγs × Δγt" + on,
                "+1 pre(o) × γs × Δγt" + on,
                "+1 Δo × γs × γt" + on);
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
    void fromWhere_everyTermOfThreeWayJoin_readsPreStatesAsTableAndNegatedChangesAndMatchesGolden() {
        assertThat(everyTerm(threeWay)).contains("(SELECT \"r\".\"id\", \"r\".\"name\", CAST(1 AS smallint) AS"
                + " \"__pgt_w\" FROM \"sales\".\"regions\" AS \"r\" UNION ALL SELECT \"r\".\"id\", \"r\".\"name\","
                + " -\"r\".\"__pgt_w\" AS \"__pgt_w\" FROM \"__pgt_changes_16405\" AS \"r\") AS \"r\"");
        Golden.assertSql(everyTerm(threeWay));
    }

    @Test
    void weight_termsOfThreeWayJoin_multiplyTheDeltaAndPreStateWeights() {
        assertThat(delta(threeWay).terms()).extracting(t -> dev.trickle.jooq.sql.Sql.render(TermSql.weight(t)))
                .containsExactly(
                        "\"o\".\"__pgt_w\" * \"c\".\"__pgt_w\" * \"r\".\"__pgt_w\"",
                        "\"c\".\"__pgt_w\" * \"r\".\"__pgt_w\"",
                        "\"r\".\"__pgt_w\"");
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

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link InnerJoinDeltaRule}: {@code Δ(L ⋈ R) = ΔL ⋈ R_post + L_post ⋈ ΔR - ΔL ⋈ ΔR}. */
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
    void apply_threeWayJoin_isSevenTermsCarryingBothConditions() {
        assertThat(describe(delta(threeWay), threeWay)).containsExactly(
                "+1 Δo × c × r | " + ON + " and " + ON2,
                "+1 o × Δc × r | " + ON + " and " + ON2,
                "-1 Δo × Δc × r | " + ON + " and " + ON2,
                "+1 o × c × Δr | " + ON + " and " + ON2,
                "-1 Δo × c × Δr | " + ON + " and " + ON2,
                "-1 o × Δc × Δr | " + ON + " and " + ON2,
                "+1 Δo × Δc × Δr | " + ON + " and " + ON2);
    }

    @Test
    void apply_threeWayJoin_hasEveryNonEmptyDeltaSubsetOnceWithInclusionExclusionSign() {
        Set<List<Version>> seen = new HashSet<>();
        for (Term t : delta(threeWay).terms()) {
            List<Version> versions = t.sources().stream().map(f -> ((Source) f).version()).toList();
            long deltas = versions.stream().filter(v -> v == Version.DELTA).count();
            assertThat(deltas).isPositive();
            assertThat(t.sign()).as("sign of %s", versions).isEqualTo(deltas % 2 == 1 ? 1 : -1);
            assertThat(seen.add(versions)).as("duplicate term %s", versions).isTrue();
        }
        assertThat(seen).hasSize(7);
    }

    @Test
    void apply_fourWayJoin_isFifteenTerms() {
        Plan p = plan("select o.id from orders o, customers c, products p, order_lines l", "id");

        assertThat(delta(p).terms()).hasSize(15);
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
        StringBuilder sql = new StringBuilder();
        for (Term t : delta(twoWay).terms()) {
            sql.append("-- weight ").append(dev.trickle.jooq.sql.Sql.render(TermSql.weight(t))).append('\n').append(TermSql.sql(t, ctx(twoWay)))
                    .append("\n\n");
        }
        Golden.assertSql(sql.toString());
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

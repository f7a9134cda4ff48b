package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.DeltaPlans.body;
import static dev.trickle.jooq.delta.DeltaPlans.ctx;
import static dev.trickle.jooq.delta.DeltaPlans.delta;
import static dev.trickle.jooq.delta.DeltaPlans.describe;
import static dev.trickle.jooq.delta.DeltaPlans.differentialSql;
import static dev.trickle.jooq.delta.DeltaPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.OuterJoin;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.sql.Sql;
import org.junit.jupiter.api.Test;

/**
 * {@link OuterJoinDeltaRule}: {@code Δ(L ⟕ R) = Δ(L ⋈ R) + (ΔL ▷ R_pre) × N_R + σ[lost last](L_post) × N_R -
 * σ[gained first](L_post) × N_R}, mirrored for RIGHT, both for FULL.
 */
class OuterJoinDeltaRuleTest {
    private static final String ON = "\"c\".\"id\" = \"o\".\"customer_id\"";

    private final Plan left = plan("select o.id, c.name from orders o left join customers c on c.id = o.customer_id",
            "id", "name");

    @Test
    void apply_leftJoin_isInnerJoinTermsThenThreePaddingTerms() {
        DeltaQuery delta = new OuterJoinDeltaRule().apply((OuterJoin) body(left), new Differentiator());

        assertThat(describe(delta, left)).containsExactly(
                "+1 Δo × c | " + ON,
                "+1 o × Δc | " + ON,
                "-1 Δo × Δc | " + ON,
                "+1 Δo × ⊥c | none-before(c)",
                "+1 o × ⊥c | lost-last(c)",
                "-1 o × ⊥c | gained-first(c)");
    }

    @Test
    void apply_rightJoin_padsTheLeftSide() {
        Plan p = plan("select o.id, c.name from orders o right join customers c on c.id = o.customer_id",
                "id", "name");

        assertThat(describe(delta(p), p)).endsWith(
                "+1 ⊥o × Δc | none-before(o)",
                "+1 ⊥o × c | lost-last(o)",
                "-1 ⊥o × c | gained-first(o)");
        assertThat(delta(p).terms()).hasSize(6);
    }

    @Test
    void apply_fullJoin_padsBothSides() {
        Plan p = plan("select o.id, c.name from orders o full join customers c on c.id = o.customer_id",
                "id", "name");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 Δo × c | " + ON,
                "+1 o × Δc | " + ON,
                "-1 Δo × Δc | " + ON,
                "+1 Δo × ⊥c | none-before(c)",
                "+1 o × ⊥c | lost-last(c)",
                "-1 o × ⊥c | gained-first(c)",
                "+1 ⊥o × Δc | none-before(o)",
                "+1 ⊥o × c | lost-last(o)",
                "-1 ⊥o × c | gained-first(o)");
    }

    @Test
    void apply_chainOfLeftJoins_padsTheOuterRightSideOverTheInnerJoinTree() {
        Plan p = plan("select o.id, r.name from orders o left join customers c on c.id = o.customer_id"
                + " left join sales.regions r on r.id = c.region_id", "id", "name");

        assertThat(describe(delta(p), p)).contains(
                "+1 (o ⟕ c) × Δr | \"r\".\"id\" = \"c\".\"region_id\"",
                "+1 (o ⟕ c) × ⊥r | lost-last(r)",
                "-1 (o ⟕ c) × ⊥r | gained-first(r)",
                "+1 Δo × ⊥c × ⊥r | none-before(c) and none-before(r)");
        assertThat(delta(p).terms()).hasSize(6 + 1 + 6 + 6 + 2);
    }

    @Test
    void post_leftJoinOverInnerJoin_isOneJoinTreeWithTheInnerConditionInsideItsOn() {
        Plan p = plan("select o.id from orders o left join (customers c join sales.regions r on r.id = c.region_id)"
                + " on c.id = o.customer_id", "id");
        Term post = new Differentiator().post(body(p));

        assertThat(describe(post, new Expressions(p.columns()))).isEqualTo("+1 (o ⟕ c × r)");
        assertThat(TermSql.sql(post, ctx(p))).contains("FROM \"public\".\"orders\" AS \"o\" LEFT OUTER JOIN"
                + " (\"public\".\"customers\" AS \"c\" JOIN \"sales\".\"regions\" AS \"r\" ON (\"r\".\"id\" ="
                + " \"c\".\"region_id\")) ON (\"c\".\"id\" = \"o\".\"customer_id\")");
    }

    @Test
    void paddedSource_isOneRowOfTypedNulls() {
        Term padded = delta(left).terms().get(3);

        assertThat(TermSql.sql(padded, ctx(left))).contains("FROM \"__pgt_changes_16401\" AS \"o\" CROSS JOIN"
                + " ((SELECT 1) AS \"__pgt_pad_c\" LEFT OUTER JOIN \"public\".\"customers\" AS \"c\" ON FALSE)");
        assertThat(Sql.render(TermSql.weight(padded))).isEqualTo("\"o\".\"__pgt_w\"");
    }

    @Test
    void probe_equiJoin_restrictsToKeysTheChangesTouched() {
        String lost = TermSql.sql(delta(left).terms().get(4), ctx(left));

        assertThat(lost).contains(" JOIN (SELECT \"__pgt_m\".\"__pgt_k1\" AS \"__pgt_k1\", sum(\"__pgt_m\".\"__pgt_w\")"
                + " AS \"__pgt_w\" FROM (SELECT \"c\".\"id\" AS \"__pgt_k1\", \"c\".\"__pgt_w\" AS \"__pgt_w\" FROM"
                + " \"__pgt_changes_16402\" AS \"c\") AS \"__pgt_m\" GROUP BY \"__pgt_m\".\"__pgt_k1\") AS \"__pgt_p1\" ON"
                + " (\"o\".\"customer_id\" = \"__pgt_p1\".\"__pgt_k1\")");
        assertThat(lost).doesNotContain("LEFT OUTER JOIN (SELECT \"__pgt_m\"");
    }

    @Test
    void probe_thetaJoin_readsEveryKeptRow() {
        Plan p = plan("select o.id from orders o left join customers c on c.id > o.customer_id", "id");

        assertThat(TermSql.sql(delta(p).terms().get(4), ctx(p))).doesNotContain(" IN (");
    }

    @Test
    void rowId_paddedRow_hashesNullForThePaddedKeys() {
        assertThat(TermSql.rowId(left.scans(), ctx(left)))
                .isEqualTo("hash_record_extended(ROW(\"o\".\"id\", \"c\".\"id\"), 0)");
    }

    @Test
    void outerJoin_isNotLinear() {
        assertThat(body(left).linear()).isFalse();
    }

    @Test
    void differentialSql_leftJoin_matchesGolden() {
        Golden.assertSql(differentialSql(left));
    }

    @Test
    void differentialSql_leftJoinUnderAggregate_matchesGolden() {
        Golden.assertSql(differentialSql(plan("select c.id, count(o.id) as n, sum(o.amount) as total"
                + " from customers c left join orders o on o.customer_id = c.id group by c.id", "id", "n", "total")));
    }
}

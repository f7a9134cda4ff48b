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
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.SemiJoin;
import org.junit.jupiter.api.Test;

/**
 * {@link SemiJoinDeltaRule}: {@code Δ(L ⋉ R) = ΔL·[m_pre > 0] + L_post·[gained first] - L_post·[lost last]}, for the
 * anti join {@code ΔL·[m_pre = 0] - L_post·[gained first] + L_post·[lost last]}, and for a mark join {@code ΔL·[P(b_pre)]
 * + Σₖ L_post·([gained first]ₖ - [lost last]ₖ)·([Pₖ(true)] - [Pₖ(false)])}.
 */
class SemiJoinDeltaRuleTest {
    private final Plan exists = plan("select o.id, o.amount from orders o"
            + " where exists (select 1 from customers c where c.id = o.customer_id and c.active)", "id", "amount");

    private final Plan notIn = plan("select o.id from orders o where o.customer_id not in (select c.id from customers c)",
            "id");

    @Test
    void apply_exists_isProbedChangesThenGainedMinusLost() {
        DeltaQuery delta = new SemiJoinDeltaRule().apply((SemiJoin) body(exists), new Differentiator());

        assertThat(describe(delta, exists)).containsExactly(
                "+1 Δo | some-before(c)",
                "+1 o | gained-first(c)",
                "-1 o | lost-last(c)");
    }

    @Test
    void apply_notExists_flipsTheSigns() {
        Plan p = plan("select o.id from orders o where not exists (select 1 from customers c where c.id = o.customer_id)",
                "id");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 Δo | none-before(c)",
                "-1 o | gained-first(c)",
                "+1 o | lost-last(c)");
    }

    @Test
    void apply_existsUnderOr_isChangesUnderTheConditionBeforeThenFourTermsPerMark() {
        Plan p = plan("select o.id from orders o where o.amount > 5 or exists (select 1 from customers c"
                + " where c.id = o.customer_id)", "id");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 Δo | keep(some-before(c))",
                "+1 o | gained-first(c) and keep(true) and not-keep(false)",
                "-1 o | gained-first(c) and keep(false) and not-keep(true)",
                "+1 o | lost-last(c) and keep(false) and not-keep(true)",
                "-1 o | lost-last(c) and keep(true) and not-keep(false)");
    }

    @Test
    void apply_twoMarks_readsTheMarksBeforeTheFlippedOneAfterTheChangesAndThoseAfterItBefore() {
        Plan p = plan("select o.id from orders o where exists (select 1 from customers c where c.id = o.customer_id)"
                + " or not exists (select 1 from order_lines l where l.order_id = o.id)", "id");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 Δo | keep(some-before(c), some-before(l))",
                "+1 o | gained-first(c) and keep(true, some-before(l)) and not-keep(false, some-before(l))",
                "-1 o | gained-first(c) and keep(false, some-before(l)) and not-keep(true, some-before(l))",
                "+1 o | lost-last(c) and keep(false, some-before(l)) and not-keep(true, some-before(l))",
                "-1 o | lost-last(c) and keep(true, some-before(l)) and not-keep(false, some-before(l))",
                "+1 o | gained-first(l) and keep(some-now(c), true) and not-keep(some-now(c), false)",
                "-1 o | gained-first(l) and keep(some-now(c), false) and not-keep(some-now(c), true)",
                "+1 o | lost-last(l) and keep(some-now(c), false) and not-keep(some-now(c), true)",
                "-1 o | lost-last(l) and keep(some-now(c), true) and not-keep(some-now(c), false)");
        assertThat(describe(new Differentiator().post(body(p)), new Expressions(p.columns())))
                .isEqualTo("+1 o | keep(some-now(c), some-now(l))");
    }

    @Test
    void apply_existsUnderFilteredJoin_probesEveryTermOfTheLeft() {
        Plan p = plan("select o.id, l.qty from orders o join order_lines l on l.order_id = o.id where o.amount > 1"
                + " and exists (select 1 from products p where p.id = l.product_id)", "id", "qty");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 Δo × l | \"l\".\"order_id\" = \"o\".\"id\" and \"o\".\"amount\" > 1 | some-before(p)",
                "+1 o × Δl | \"l\".\"order_id\" = \"o\".\"id\" and \"o\".\"amount\" > 1 | some-before(p)",
                "-1 Δo × Δl | \"l\".\"order_id\" = \"o\".\"id\" and \"o\".\"amount\" > 1 | some-before(p)",
                "+1 o × l | \"l\".\"order_id\" = \"o\".\"id\" and \"o\".\"amount\" > 1 | gained-first(p)",
                "-1 o × l | \"l\".\"order_id\" = \"o\".\"id\" and \"o\".\"amount\" > 1 | lost-last(p)");
    }

    @Test
    void apply_nestedIn_probesTheInnerSemiJoinsTerms() {
        Plan p = plan("select o.id from orders o where o.customer_id in (select c.id from customers c"
                + " where c.region_id in (select r.id from sales.regions r where r.name = 'north'))", "id");
        SemiJoin outer = (SemiJoin) body(p);
        DeltaQuery inner = new Differentiator().delta(outer.marks().get(0).right());

        assertThat(describe(inner, p)).containsExactly(
                "+1 Δc | some-before(r)",
                "+1 c | gained-first(r)",
                "-1 c | lost-last(r)");
        MatchProbe probe = (MatchProbe) delta(p).terms().get(0).probes().get(0);
        assertThat(probe.delta()).hasSize(3);
        assertThat(describe(probe.post(), new Expressions(p.columns()))).isEqualTo("+1 c | some-now(r)");
    }

    @Test
    void post_semiAndAntiJoin_areTheLeftUnderAProbeOfTheRight() {
        Expressions x = new Expressions(exists.columns());
        assertThat(describe(new Differentiator().post(body(exists)), x)).isEqualTo("+1 o | some-now(c)");
        assertThat(describe(new Differentiator().post(body(notIn)), new Expressions(notIn.columns())))
                .isEqualTo("+1 o | none-now(c)");
        assertThat(TermSql.sql(new Differentiator().post(body(exists)), ctx(exists))).isEqualTo(
                "SELECT 1 AS \"__pgt_w\" FROM \"public\".\"orders\" AS \"o\" WHERE ((EXISTS (SELECT 1 FROM"
                        + " \"public\".\"customers\" AS \"c\" WHERE ((\"c\".\"active\") AND (\"c\".\"id\" ="
                        + " \"o\".\"customer_id\")))))");
    }

    @Test
    void probe_correlatedEquality_joinsTheChangesGroupedByKey_innerForGainedAndLost() {
        String gained = TermSql.sql(delta(exists).terms().get(1), ctx(exists));

        assertThat(gained).contains("FROM \"public\".\"orders\" AS \"o\" JOIN (SELECT \"__pgt_m\".\"__pgt_k1\" AS"
                + " \"__pgt_k1\", sum(\"__pgt_m\".\"__pgt_w\") AS \"__pgt_w\" FROM (SELECT \"c\".\"id\" AS"
                + " \"__pgt_k1\", \"c\".\"__pgt_w\" AS \"__pgt_w\" FROM \"__pgt_changes_16402\" AS \"c\" WHERE"
                + " (\"c\".\"active\")) AS \"__pgt_m\" GROUP BY \"__pgt_m\".\"__pgt_k1\") AS \"__pgt_p1\" ON"
                + " (\"o\".\"customer_id\" = \"__pgt_p1\".\"__pgt_k1\")");
        // m_pre = 0 < m_post is m_post = change > 0, the test on the change alone first; m_post - change = 0 is no
        // hash join key (which would count the matches of every row of the kept side)
        assertThat(gained).endsWith("WHERE ((coalesce(\"__pgt_p1\".\"__pgt_w\", 0) > 0 AND (\"__pgt_p1n\".\"__pgt_n\" -"
                + " coalesce(\"__pgt_p1\".\"__pgt_w\", 0)) = 0))");
    }

    @Test
    void probe_equalityAndResidual_testsTheResidualOnTheGroupsChangedRows() {
        Plan p = plan("select o.id from orders o where not exists (select 1 from order_lines l"
                + " where l.order_id = o.id and l.product_id <> o.customer_id)", "id");
        String changed = TermSql.sql(delta(p).terms().get(0), ctx(p));

        assertThat(changed).contains("LEFT OUTER JOIN (SELECT \"__pgt_m\".\"__pgt_k1\" AS \"__pgt_k1\","
                + " array_agg(\"__pgt_m\".\"__pgt_r1\") AS \"__pgt_r1\", array_agg(\"__pgt_m\".\"__pgt_w\") AS"
                + " \"__pgt_w\" FROM (SELECT \"l\".\"order_id\" AS \"__pgt_k1\", \"l\".\"product_id\" AS"
                + " \"__pgt_r1\", \"l\".\"__pgt_w\" AS \"__pgt_w\" FROM \"__pgt_changes_16403\" AS \"l\")");
        assertThat(changed).contains("(\"__pgt_p1n\".\"__pgt_n\" - (SELECT coalesce(sum(\"__pgt_u\".\"__pgt_w\"), 0) FROM"
                + " unnest(\"__pgt_p1\".\"__pgt_r1\", \"__pgt_p1\".\"__pgt_w\") AS \"__pgt_u\"(\"__pgt_r1\","
                + " \"__pgt_w\") WHERE (\"__pgt_u\".\"__pgt_r1\" <> \"o\".\"customer_id\"))) = 0");
    }

    @Test
    void probe_changesReadingTheQueryAboveTheSubquery_stayACorrelatedSubquery() {
        Plan p = plan("select o.id from orders o where exists (select 1 from customers c where c.id = o.customer_id"
                + " and exists (select 1 from products p where p.id = o.id))", "id");
        String changed = TermSql.sql(delta(p).terms().get(0), ctx(p));

        // the inner semi join's terms read "o": they cannot be a derived table beside "o"
        assertThat(changed).startsWith("SELECT \"o\".\"__pgt_w\" AS \"__pgt_w\" FROM \"__pgt_changes_16401\" AS"
                + " \"o\" WHERE");
        assertThat(changed).contains(") > (SELECT coalesce(sum(\"__pgt_m\".\"__pgt_w\"), 0) FROM (SELECT");
    }

    @Test
    void probe_notInOfNullableColumns_restrictsGainedAndLostToKeysAndNullsTheChangesTouched() {
        Plan p = plan("select o.id from orders o where o.customer_id not in (select c.region_id from customers c)",
                "id");
        String lost = TermSql.sql(delta(p).terms().get(2), ctx(p));

        assertThat(lost).contains("WHERE ((((\"o\".\"customer_id\") IN (SELECT \"c\".\"region_id\" AS \"__pgt_k1\""
                + " FROM \"__pgt_changes_16402\" AS \"c\") OR \"o\".\"customer_id\" IS NULL OR EXISTS (SELECT 1 FROM"
                + " \"__pgt_changes_16402\" AS \"c\" WHERE (\"c\".\"region_id\" is null))) AND NOT EXISTS");
    }

    @Test
    void probe_someBefore_comparesTheCountWithTheChangeOfALeftJoinedGroup() {
        String changed = TermSql.sql(delta(exists).terms().get(0), ctx(exists));

        assertThat(changed).contains("FROM \"__pgt_changes_16401\" AS \"o\" LEFT OUTER JOIN (SELECT");
        // the count is a lateral FROM item, which the server evaluates after the joins that drop rows
        assertThat(changed).contains(" CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM \"public\".\"customers\" AS"
                + " \"c\" WHERE ((\"c\".\"active\") AND (\"c\".\"id\" = \"o\".\"customer_id\"))) AS \"__pgt_n\" OFFSET 0) AS"
                + " \"__pgt_p1n\"");
        assertThat(changed).endsWith("WHERE ((\"__pgt_p1n\".\"__pgt_n\" > coalesce(\"__pgt_p1\".\"__pgt_w\", 0)))");
    }

    @Test
    void rowId_semiJoin_isTheLeftsKeysOnly() {
        assertThat(exists.rowScans()).extracting(s -> s.alias()).containsExactly("o");
        assertThat(TermSql.rowId(exists.rowScans(), ctx(exists))).isEqualTo("hash_record_extended(ROW(\"o\".\"id\"), 0)");
    }

    @Test
    void semiJoin_isNotLinear() {
        assertThat(body(exists).linear()).isFalse();
    }

    @Test
    void differentialSql_correlatedExists_matchesGolden() {
        Golden.assertSql(differentialSql(exists));
    }

    @Test
    void differentialSql_existsUnderOr_matchesGolden() {
        Golden.assertSql(differentialSql(plan("select o.id from orders o where o.amount > 5 or exists (select 1"
                + " from customers c where c.id = o.customer_id and c.active)", "id")));
    }

    @Test
    void differentialSql_inUnderNotOfAnd_matchesGolden() {
        Golden.assertSql(differentialSql(plan("select o.id from orders o where not (o.amount > 1 and o.customer_id"
                + " in (select c.region_id from customers c where c.active))", "id")));
    }

    @Test
    void differentialSql_notInUnderAggregate_matchesGolden() {
        Golden.assertSql(differentialSql(plan("select o.status, count(*) as n from orders o"
                + " where o.customer_id not in (select c.id from customers c where c.active) group by o.status",
                "status", "n")));
    }

    @Test
    void differentialSql_inOverGroupedSubquery_matchesGolden() {
        Golden.assertSql(differentialSql(plan("select o.id from orders o where o.id in (select l.order_id"
                + " from order_lines l group by l.order_id having sum(l.qty) > 3)", "id")));
    }

    @Test
    void differentialSql_scalarSubqueryInInSubquery_matchesGolden() {
        Golden.assertSql(differentialSql(plan("select o.id from orders o where o.customer_id in (select c.id"
                + " from customers c where c.region_id > (select count(*) from orders o2 where o2.customer_id = c.id))",
                "id")));
    }
}

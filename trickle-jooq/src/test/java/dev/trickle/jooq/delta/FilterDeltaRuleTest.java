package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.DeltaPlans.body;
import static dev.trickle.jooq.delta.DeltaPlans.ctx;
import static dev.trickle.jooq.delta.DeltaPlans.delta;
import static dev.trickle.jooq.delta.DeltaPlans.describe;
import static dev.trickle.jooq.delta.DeltaPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.Plan;
import org.junit.jupiter.api.Test;

/** {@link FilterDeltaRule}: {@code Δ(σp(R)) = σp(ΔR)}, the predicate added to every term of the input's delta. */
class FilterDeltaRuleTest {

    @Test
    void apply_filterOverScan_addsPredicateToDeltaTerm() {
        Plan p = plan("select id from orders where amount > 10", "id");
        Filter filter = (Filter) body(p);

        DeltaQuery delta = new FilterDeltaRule().apply(filter, new Differentiator());

        assertThat(describe(delta, p)).containsExactly("+1 Δorders | \"orders\".\"amount\" > 10");
        assertThat(delta.terms().get(0).conditions()).singleElement().isSameAs(filter.predicate());
    }

    @Test
    void apply_filterOverJoin_addsPredicateAfterJoinConditionInEveryTerm() {
        Plan p = plan("select o.id from orders o join customers c on c.id = o.customer_id where c.active", "id");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 Δo × c | \"c\".\"id\" = \"o\".\"customer_id\" and \"c\".\"active\"",
                "+1 o × Δc | \"c\".\"id\" = \"o\".\"customer_id\" and \"c\".\"active\"",
                "-1 Δo × Δc | \"c\".\"id\" = \"o\".\"customer_id\" and \"c\".\"active\"");
    }

    @Test
    void apply_commaJoinWithWhere_carriesWhereAsTheJoinCondition() {
        Plan p = plan("select o.id from orders o, customers c where c.id = o.customer_id", "id");
        Expressions x = new Expressions(p.columns());

        assertThat(delta(p).terms()).hasSize(3).allSatisfy(t -> assertThat(t.conditions())
                .extracting(x::render).containsExactly("true", "\"c\".\"id\" = \"o\".\"customer_id\""));
    }

    @Test
    void apply_twoFilterConditions_keepsThemAsOnePredicate() {
        Plan p = plan("select id from orders where amount > 10 and status = 'paid'", "id");

        assertThat(describe(delta(p), p))
                .containsExactly("+1 Δorders | (\"orders\".\"amount\" > 10 and \"orders\".\"status\" = 'paid')");
    }

    @Test
    void post_filter_isPostScanUnderPredicate() {
        Plan p = plan("select id from orders where amount > 10", "id");

        assertThat(DeltaPlans.describe(new Differentiator().post(body(p)), new Expressions(p.columns())))
                .isEqualTo("+1 orders | \"orders\".\"amount\" > 10");
    }

    @Test
    void filter_isLinear() {
        assertThat(body(plan("select id from orders where amount > 10", "id")).linear()).isTrue();
    }

    @Test
    void fromWhere_filteredDelta_appliesPredicateToBufferRows() {
        Plan p = plan("select id from orders where amount > 10", "id");

        Golden.assertSql(TermSql.sql(delta(p).terms().get(0), ctx(p)));
    }

    @Test
    void fromWhere_crossJoinTerm_hasNoWhereClause() {
        Plan p = plan("select p.id from products p cross join customers c", "id");

        assertThat(TermSql.sql(new Differentiator().post(body(p)), ctx(p)))
                .isEqualTo("SELECT 1 AS \"__pgt_w\" FROM \"public\".\"products\" AS \"p\", \"public\".\"customers\" AS \"c\"");
    }
}

package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.DeltaPlans.body;
import static dev.trickle.jooq.delta.DeltaPlans.delta;
import static dev.trickle.jooq.delta.DeltaPlans.describe;
import static dev.trickle.jooq.delta.DeltaPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.QueryCompiler;
import dev.trickle.jooq.Shop;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.UnionAll;
import org.junit.jupiter.api.Test;

/**
 * {@link UnionAllDeltaRule}: {@code Δ(A ⊎ B) = ΔA ⊎ ΔB}, each branch's terms as terms of the union with the branch's
 * items as the union's columns; and the top rules over a union (a projection for {@code UNION ALL}, a grouped count
 * per branch for {@code UNION}, {@code INTERSECT}, {@code EXCEPT}). Goldens hold the storage queries and statements.
 */
class UnionAllDeltaRuleTest {
    private static final String UNION_ALL = "select id, amount from orders where amount > 10 union all select id,"
            + " amount from orders where status = 'x'";

    @Test
    void apply_twoFilteredScans_oneTermPerBranchTerm() {
        Plan p = plan(UNION_ALL, "id", "amount");

        assertThat(describe(delta(p), p)).containsExactly("+1 (1:Δorders)", "+1 (2:Δorders)");
        assertThat(delta(p).terms().get(1).sources()).singleElement().isInstanceOfSatisfying(UnionRows.class,
                u -> assertThat(new Expressions(p.columns()).render(u.parts().get(0).term().conditions().get(0)))
                        .isEqualTo("\"orders\".\"status\" = 'x'"));
    }

    @Test
    void apply_joinBranch_carriesEachTermOfTheJoinWithItsSign() {
        Plan p = plan("select o.id from orders o join customers c on c.id = o.customer_id union all select id from"
                + " products", "id");

        assertThat(describe(delta(p), p)).containsExactly(
                "+1 (1:Δo × c)", "+1 (1:o × Δc)", "+1 (1:-Δo × Δc)", "+1 (2:Δproducts)");
    }

    @Test
    void post_union_isOneItemOfEveryBranchPostState() {
        Plan p = plan(UNION_ALL, "id", "amount");

        assertThat(describe(new Differentiator().post(body(p)), new Expressions(p.columns())))
                .isEqualTo("+1 (1:orders ⊎ 2:orders)");
        assertThat(body(p).linear()).isTrue();
        assertThat(((UnionAll) body(p)).identified()).isTrue();
    }

    @Test
    void storageQuery_unionAll_identifiesRowsByBranchAndKey() {
        Golden.assertSql(Shop.query(UNION_ALL).outputs("id integer", "amount numeric(12,2)").compile("integer",
                "integer").storageQuery());
    }

    @Test
    void differentialSql_unionAll_weightsEachBranchRow() {
        Golden.assertSql(new QueryCompiler().formattedDifferentialSql(Shop.query(UNION_ALL)
                .outputs("id integer", "amount numeric(12,2)").compile("integer", "integer"), DeltaPlans.ID));
    }

    @Test
    void keyProbe_unionAll_asksTheKeysOfEveryBranchInPlanOrder() {
        assertThat(Shop.query("select id from orders union all select l.qty from order_lines l").outputs("id")
                .keyProbe()).hasValueSatisfying(q -> assertThat(q)
                .contains("\"orders\".\"id\" AS \"__pgt_k1\"")
                .contains("\"l\".\"order_id\" AS \"__pgt_k2\"")
                .contains("\"l\".\"line_no\" AS \"__pgt_k3\"")
                .contains("CROSS JOIN"));
    }

    @Test
    void rowId_secondBranch_hashesItsNumberWithItsKeysOwnTypes() {
        assertThat(Shop.query("select id from orders union all select l.qty from order_lines l").outputs("id integer")
                .compile("integer", "bigint", "integer").storageQuery())
                .contains("hash_record_extended(ROW(1, hash_record_extended(ROW(\"orders\".\"id\"), 0)), 0)")
                .contains("hash_record_extended(ROW(2, hash_record_extended(ROW(int8send(\"l\".\"order_id\"),"
                        + " \"l\".\"line_no\"), 0)), 0)");
    }

    @Test
    void differentialSql_unionAllWithKeylessBranch_countsDuplicatesWithinTheirBranch() {
        Golden.assertSql(new QueryCompiler().formattedDifferentialSql(Shop.query("select payload::text as p from events"
                + " union all select status from orders").outputs("p text").compile("json", "integer"), DeltaPlans.ID));
    }

    @Test
    void differentialSql_except_countsEachBranchAndRecomputesUnstoredRows() {
        Golden.assertSql(new QueryCompiler().formattedDifferentialSql(Shop.query("select customer_id from orders"
                + " except select id from customers where active").outputs("customer_id integer").compile("integer"),
                DeltaPlans.ID));
    }

    @Test
    void differentialSql_union_isDistinctOverTheBranches() {
        Golden.assertSql(new QueryCompiler().formattedDifferentialSql(Shop.query("select name from customers union"
                + " select name from products").outputs("name text").compile("text"), DeltaPlans.ID));
    }

    @Test
    void storageQuery_intersectAll_writesEachGroupsRowItsLeastCountTimes() {
        Golden.assertSql(Shop.query("select customer_id from orders intersect all select id from customers")
                .outputs("customer_id integer").compile("integer").storageQuery());
    }

    @Test
    void differentialSql_exceptAll_writesTheCopiesBetweenTheOldAndNewCounts() {
        Golden.assertSql(new QueryCompiler().formattedDifferentialSql(Shop.query("select customer_id from orders"
                + " except all select id from customers where active").outputs("customer_id integer")
                .compile("integer"), DeltaPlans.ID));
    }

    @Test
    void differentialSql_unionAllOverAUnion_recomputesNoGroup() {
        String sql = new QueryCompiler().formattedDifferentialSql(Shop.query("(select name from customers union"
                + " select name from products) union all select status from orders").outputs("name text")
                .compile("text"), DeltaPlans.ID);
        Golden.assertSql(sql);
        assertThat(sql).doesNotContain("__pgt_rescan");
    }
}

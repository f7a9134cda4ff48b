package dev.trickle.jooq.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/** {@link FilterPushdown}: each conjunct goes as low as it can be tested without changing the rows. */
class FilterPushdownTest {

    private static String pushed(String sql, String... outputs) {
        return PlanPrinter.explain(FilterPushdown.apply(Shop.query(sql).outputs(outputs).plan()));
    }

    @Test
    void commaJoinUnderCorrelatedScalarSubquery_conditionsGoBelowItsLeftJoin() {
        assertThat(pushed("""
                select o.id from orders o, customers c, sales.regions r
                 where o.customer_id = c.id and c.region_id = r.id and r.name = 'north'
                   and o.amount = (select max(amount) from orders o2 where o2.customer_id = c.id)""", "id"))
                .isEqualTo("""
                Project(id="o"."id")
                  Filter("o"."amount" = CASE WHEN "__pgt_sq4"."__pgt_k1" IS NULL THEN (NULL) ELSE "__pgt_sq4"."__pgt_v" END)
                    OuterJoin(LEFT, on="__pgt_sq4"."__pgt_k1" = "c"."id")
                      Filter("c"."region_id" = "r"."id")
                        InnerJoin(on=true)
                          Filter("o"."customer_id" = "c"."id")
                            InnerJoin(on=true)
                              Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                              Scan(public.customers AS c, key=[id], columns=[id, region_id])
                          Filter("r"."name" = 'north')
                            Scan(sales.regions AS r, key=[id], columns=[id, name])
                      Grouped(__pgt_sq4, group=["o2"."customer_id"], outputs=[__pgt_k1="o2"."customer_id", __pgt_v=max("o2"."amount")], identity=[__pgt_k1])
                        Scan(public.orders AS o2, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void paddedSide_keepsTheConditionAboveTheJoin() {
        assertThat(pushed("""
                select c.id from customers c left join orders o on o.customer_id = c.id
                 where o.amount > 10 and c.active""", "id")).isEqualTo("""
                Project(id="c"."id")
                  Filter("o"."amount" > 10)
                    OuterJoin(LEFT, on="o"."customer_id" = "c"."id")
                      Filter("c"."active")
                        Scan(public.customers AS c, key=[id], columns=[id, active])
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void rightJoin_pushesIntoTheRightSideOnly() {
        assertThat(pushed("""
                select c.id from orders o right join customers c on o.customer_id = c.id
                 where c.active and o.status is null""", "id")).isEqualTo("""
                Project(id="c"."id")
                  Filter("o"."status" is null)
                    OuterJoin(RIGHT, on="o"."customer_id" = "c"."id")
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id, status])
                      Filter("c"."active")
                        Scan(public.customers AS c, key=[id], columns=[id, active])""");
    }

    @Test
    void fullJoin_keepsEveryCondition() {
        String sql = """
                select c.id from orders o full join customers c on o.customer_id = c.id
                 where c.active and o.status = 'x'""";
        assertThat(pushed(sql, "id")).isEqualTo(PlanPrinter.explain(Shop.query(sql).outputs("id").plan()));
    }

    @Test
    void nothingToMove_keepsThePlan() {
        String sql = "select id from orders where amount > 10";
        assertThat(FilterPushdown.apply(Shop.query(sql).outputs("id").plan()).root())
                .isEqualTo(Shop.query(sql).outputs("id").plan().root());
    }
}

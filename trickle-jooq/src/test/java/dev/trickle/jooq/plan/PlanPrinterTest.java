package dev.trickle.jooq.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PlanPrinter}: deterministic, canonical explain strings. */
class PlanPrinterTest {
    private static final String JOIN_AGGREGATE = "select c.region_id, count(*) as n, sum(o.amount) as total"
            + " from orders o join customers c on c.id = o.customer_id where o.amount > 0 group by c.region_id";

    private static String explain(String sql, String... outputs) {
        return PlanPrinter.explain(Shop.query(sql).outputs(outputs).plan());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select id, amount from orders where amount > 10",
        "select o.id, c.name from orders o join customers c on c.id = o.customer_id",
        "select a.id, b.status from orders a, orders b where a.customer_id = b.id"
    })
    void explain_sameQueryParsedTwice_printsEqual(String sql) {
        assertThat(explain(sql, "id", "x")).isEqualTo(explain(sql, "id", "x"));
    }

    @Test
    void explain_sameAggregateParsedTwice_printsEqual() {
        assertThat(explain(JOIN_AGGREGATE, "region_id", "n", "total"))
                .isEqualTo(explain(JOIN_AGGREGATE, "region_id", "n", "total"));
    }

    @Test
    void explain_samePlanTwice_printsEqual() {
        Plan plan = Shop.query(JOIN_AGGREGATE).outputs("region_id", "n", "total").plan();

        assertThat(PlanPrinter.explain(plan)).isEqualTo(PlanPrinter.explain(plan));
    }

    @Test
    void explain_differentSpellingsOfOneQuery_printEqual() {
        String canonical = explain("select o.amount from orders o where o.status = 'paid'", "amount");

        assertThat(explain("SELECT AMOUNT FROM ORDERS O WHERE STATUS = 'paid'", "amount")).isEqualTo(canonical);
        assertThat(explain("select amount from public.orders as o where (o.status = 'paid')", "amount"))
                .isEqualTo(canonical);
    }

    @Test
    void explain_tree_indentsTwoSpacesPerLevelWithoutTrailingNewline() {
        assertThat(explain(JOIN_AGGREGATE, "region_id", "n", "total")).isEqualTo("""
                Aggregate(group=["c"."region_id"], calls=[COUNT_STAR, SUM("o"."amount")], outputs=[region_id, n, total])
                  Filter("o"."amount" > 0)
                    InnerJoin(on="c"."id" = "o"."customer_id")
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                      Scan(public.customers AS c, key=[id], columns=[id, region_id])""");
    }

    @Test
    void explain_quotedSchema_isQuotedLikeSql() {
        assertThat(explain("select t.\"Amount\" from \"Sales\".\"Targets\" t", "Amount"))
                .endsWith("Scan(\"Sales\".\"Targets\" AS t, key=[Region Id], columns=[Region Id, Amount])");
    }
}

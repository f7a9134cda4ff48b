package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/** {@link SelectTranslator} over outer joins: the plans it builds, and what it still refuses. */
class OuterJoinTranslationTest {

    private static String explain(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).explain();
    }

    @Test
    void translate_leftJoin_keepsKindAndCondition() {
        assertThat(explain("select o.id, c.name from orders o left join customers c on c.id = o.customer_id",
                "id", "name")).isEqualTo("""
                Project(id="o"."id", name="c"."name")
                  OuterJoin(LEFT, on="c"."id" = "o"."customer_id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_rightAndFullJoin_keepTheirKind() {
        assertThat(explain("select o.id from orders o right join customers c on c.id = o.customer_id", "id"))
                .contains("OuterJoin(RIGHT, on=\"c\".\"id\" = \"o\".\"customer_id\")");
        assertThat(explain("select o.id from orders o full outer join customers c on c.id = o.customer_id", "id"))
                .contains("OuterJoin(FULL, on=\"c\".\"id\" = \"o\".\"customer_id\")");
    }

    @Test
    void translate_chainOfLeftJoinsUnderInnerJoin_nestsLeftDeep() {
        assertThat(explain("select o.id, r.name from orders o left join customers c on c.id = o.customer_id"
                + " left join sales.regions r on r.id = c.region_id join order_lines l on l.order_id = o.id"
                + " where o.amount > 1", "id", "name")).isEqualTo("""
                Project(id="o"."id", name="r"."name")
                  Filter("o"."amount" > 1)
                    InnerJoin(on="l"."order_id" = "o"."id")
                      OuterJoin(LEFT, on="r"."id" = "c"."region_id")
                        OuterJoin(LEFT, on="c"."id" = "o"."customer_id")
                          Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                          Scan(public.customers AS c, key=[id], columns=[id, region_id])
                        Scan(sales.regions AS r, key=[id], columns=[id, name])
                      Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no])""");
    }

    @Test
    void translate_leftJoinWithThetaAndOneSidedCondition_keepsTheWholeCondition() {
        assertThat(explain("select o.id from orders o left join customers c on c.id > o.customer_id and c.active"
                + " and o.amount > 0", "id"))
                .contains("OuterJoin(LEFT, on=(\"c\".\"id\" > \"o\".\"customer_id\" and \"c\".\"active\""
                        + " and \"o\".\"amount\" > 0))");
    }

    @Test
    void translate_leftJoinUnderAggregate_groupsPaddedRows() {
        assertThat(explain("select c.id, count(o.id) as n, sum(o.amount) as total from customers c"
                + " left join orders o on o.customer_id = c.id group by c.id", "id", "n", "total"))
                .startsWith("Aggregate(group=[\"c\".\"id\"], calls=[COUNT(\"o\".\"id\"), SUM(\"o\".\"amount\")]")
                .contains("OuterJoin(LEFT, on=\"o\".\"customer_id\" = \"c\".\"id\")");
    }

    @Test
    void translate_fullJoinUsing_mergedColumnIsTheCoalesceOfBothSides() {
        assertThat(explain("select id, o.id as oid, c.id as cid, amount from orders o full join customers c using (id)"
                + " where id > 2", "id", "oid", "cid", "amount")).isEqualTo("""
                Project(id=coalesce("o"."id", "c"."id"), oid="o"."id", cid="c"."id", amount="o"."amount")
                  Filter(coalesce("o"."id", "c"."id") > 2)
                    OuterJoin(FULL, on="o"."id" = "c"."id")
                      Scan(public.orders AS o, key=[id], columns=[id, amount])
                      Scan(public.customers AS c, key=[id], columns=[id])""");
    }

    @Test
    void translate_fullJoinUsing_starListsTheMergedColumnFirst() {
        assertThat(explain("select * from orders o full join customers c using (id)",
                "id", "customer_id", "amount", "status", "note", "name", "region_id", "active"))
                .startsWith("Project(id=coalesce(\"o\".\"id\", \"c\".\"id\"), customer_id=\"o\".\"customer_id\",")
                .contains("OuterJoin(FULL, on=\"o\".\"id\" = \"c\".\"id\")");
    }

    @Test
    void translate_naturalFullJoin_groupsByTheMergedColumn() {
        assertThat(explain("select id, count(*) as n from orders natural full join customers group by id", "id", "n"))
                .startsWith("Aggregate(group=[coalesce(\"orders\".\"id\", \"customers\".\"id\")],"
                        + " calls=[COUNT_STAR]")
                .contains("OuterJoin(FULL, on=\"orders\".\"id\" = \"customers\".\"id\")");
    }

    @Test
    void translate_joinUsingAFullyMergedColumn_joinsOnAndMergesTheCoalesce() {
        assertThat(explain("select id from orders o full join customers c using (id) full join products p using (id)"
                + " join sales.regions r using (id)", "id"))
                .startsWith("Project(id=coalesce(\"o\".\"id\", \"c\".\"id\", \"p\".\"id\"))")
                .contains("OuterJoin(FULL, on=coalesce(\"o\".\"id\", \"c\".\"id\") = \"p\".\"id\")")
                .contains("InnerJoin(on=coalesce(\"o\".\"id\", \"c\".\"id\", \"p\".\"id\") = \"r\".\"id\")");
    }

    @Test
    void translate_fullJoinUsingInASubqueryInFrom_isRefusedAsSubquery() {
        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class,
                () -> Shop.query("select s.id from (select id from orders o full join customers c using (id)) s")
                        .outputs("id").plan());

        assertThat(e.reason()).isEqualTo(Reason.SUBQUERY);
        assertThat(e.getMessage()).contains("a subquery in FROM with RIGHT or FULL JOIN ... USING");
    }

    @Test
    void translate_leftJoinUsing_mergedColumnIsTheLeftOne() {
        assertThat(explain("select * from orders o left join customers c using (id)",
                "id", "customer_id", "amount", "status", "note", "name", "region_id", "active"))
                .startsWith("Project(id=\"o\".\"id\", customer_id=")
                .contains("OuterJoin(LEFT, on=\"o\".\"id\" = \"c\".\"id\")");
    }

    @Test
    void translate_rightJoinUsing_mergedColumnIsTheRightOne() {
        assertThat(explain("select id, amount from orders o right join customers c using (id)", "id", "amount"))
                .startsWith("Project(id=\"c\".\"id\", amount=\"o\".\"amount\")")
                .contains("OuterJoin(RIGHT, on=\"o\".\"id\" = \"c\".\"id\")");
    }

    @Test
    void translate_naturalLeftJoin_joinsOnTheCommonColumns() {
        assertThat(explain("select id, name from orders natural left join customers", "id", "name"))
                .startsWith("Project(id=\"orders\".\"id\", name=\"customers\".\"name\")")
                .contains("OuterJoin(LEFT, on=\"orders\".\"id\" = \"customers\".\"id\")");
    }

    @Test
    void translate_chainOfFiveLeftJoins_isAcceptedAndSixIsRefusedForItsTerms() {
        String five = "select o.id from orders o left join customers c on c.id = o.customer_id"
                + " left join sales.regions r on r.id = c.region_id left join products p on p.id = o.id"
                + " left join order_lines l on l.order_id = o.id";
        assertThat(SelectTranslator.deltaTerms(Shop.query(five).outputs("id").plan().root().input())).isEqualTo(201);

        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class,
                () -> Shop.query(five + " left join orders o2 on o2.id = o.id").outputs("id").plan());

        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_JOINS);
        assertThat(e.getMessage()).contains("outer joins whose change expands into more than 255 terms");
    }

    @Test
    void deltaTerms_innerJoinOfEightTables_isThreeTermsPerTable() {
        assertThat(SelectTranslator.deltaTerms(Shop.query("select o.id from orders o, customers c, products p,"
                + " order_lines l, sales.regions r, orders o2, customers c2, products p2").outputs("id").plan()
                .root().input())).isEqualTo(24);
    }
}

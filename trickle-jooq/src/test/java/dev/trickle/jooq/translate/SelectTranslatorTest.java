package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Shop;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Scan;
import org.junit.jupiter.api.Test;

/** {@link SelectTranslator}: the plans of the queries it accepts, as {@code PlanPrinter.explain} prints them. */
class SelectTranslatorTest {

    private static String explain(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).explain();
    }

    @Test
    void translate_singleTable_scansReferencedColumnsAndKey() {
        assertThat(explain("select amount from orders", "amount")).isEqualTo("""
                Project(amount="orders"."amount")
                  Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_keylessTable_identifiesRowsByTheColumnsRead() {
        Plan plan = Shop.query("select at from events where at is not null").outputs("at").plan();

        assertThat(plan.scans()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEmpty();
            assertThat(s.byContent()).isTrue();
            assertThat(s.identity()).containsExactly("at");
        });
        assertThat(explain("select at from events", "at")).isEqualTo("""
                Project(at="events"."at")
                  Scan(public.events AS events, key=[], columns=[at])""");
    }

    @Test
    void translate_joinUsing_joinsOnEachPairAndBareNameMeansTheLeftColumn() {
        assertThat(explain("select id, name, amount from orders o join customers c using (id)",
                "id", "name", "amount")).isEqualTo("""
                Project(id="o"."id", name="c"."name", amount="o"."amount")
                  InnerJoin(on="o"."id" = "c"."id")
                    Scan(public.orders AS o, key=[id], columns=[id, amount])
                    Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_joinUsingStar_listsMergedColumnsOnceAndFirst() {
        assertThat(explain("select * from products p join sales.regions r using (name, id)",
                "name", "id", "category")).isEqualTo("""
                Project(name="p"."name", id="p"."id", category="p"."category")
                  InnerJoin(on=("p"."name" = "r"."name" and "p"."id" = "r"."id"))
                    Scan(public.products AS p, key=[id], columns=[id, name, category])
                    Scan(sales.regions AS r, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_chainOfUsing_bareNameMeansTheOutermostMerge() {
        assertThat(explain("select id from products a join products b using (id) join sales.regions c using (id)",
                "id")).isEqualTo("""
                Project(id="a"."id")
                  InnerJoin(on="a"."id" = "c"."id")
                    InnerJoin(on="a"."id" = "b"."id")
                      Scan(public.products AS a, key=[id], columns=[id])
                      Scan(public.products AS b, key=[id], columns=[id])
                    Scan(sales.regions AS c, key=[id], columns=[id])""");
    }

    @Test
    void translate_naturalJoin_joinsOnTheColumnsBothSidesHave() {
        assertThat(explain("select * from products natural join sales.regions", "id", "name", "category"))
                .isEqualTo("""
                Project(id="products"."id", name="products"."name", category="products"."category")
                  InnerJoin(on=("products"."id" = "regions"."id" and "products"."name" = "regions"."name"))
                    Scan(public.products AS products, key=[id], columns=[id, name, category])
                    Scan(sales.regions AS regions, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_naturalJoinWithoutCommonColumns_isACrossJoin() {
        assertThat(explain("select category, \"Amount\" from products natural join \"Sales\".\"Targets\"",
                "category", "Amount")).contains("InnerJoin(on=true)");
    }

    @Test
    void translate_where_addsFilterBelowProject() {
        assertThat(explain("select id, amount from orders where amount > 10 and status <> 'void'", "id", "amount"))
                .isEqualTo("""
                Project(id="orders"."id", amount="orders"."amount")
                  Filter(("orders"."amount" > 10 and "orders"."status" <> 'void'))
                    Scan(public.orders AS orders, key=[id], columns=[id, amount, status])""");
    }

    @Test
    void translate_expressionsInSelectList_renderCanonically() {
        String sql = "select id, amount * 2 + 1 as x, case when status = 'a' then 1 else 0 end as flag,"
                + " upper(note) as n from orders";

        assertThat(explain(sql, "id", "x", "flag", "n")).isEqualTo("""
                Project(id="orders"."id", x=(("orders"."amount" * 2) + 1), \
                flag=case when "orders"."status" = 'a' then 1 else 0 end, n=upper("orders"."note"))
                  Scan(public.orders AS orders, key=[id], columns=[id, amount, status, note])""");
    }

    @Test
    void translate_selectStar_expandsEveryColumnInTableOrder() {
        assertThat(explain("select * from products", "id", "name", "category")).isEqualTo("""
                Project(id="products"."id", name="products"."name", category="products"."category")
                  Scan(public.products AS products, key=[id], columns=[id, name, category])""");
    }

    @Test
    void translate_qualifiedStar_expandsOnlyThatTable() {
        assertThat(explain("select p.*, c.name as customer from products p, customers c",
                        "id", "name", "category", "customer")).isEqualTo("""
                Project(id="p"."id", name="p"."name", category="p"."category", customer="c"."name")
                  InnerJoin(on=true)
                    Scan(public.products AS p, key=[id], columns=[id, name, category])
                    Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_selectStarOnStreamTable_skipsHiddenColumnsButReadsRowId() {
        assertThat(explain("select * from order_totals", "customer_id", "total")).isEqualTo("""
                Project(customer_id="order_totals"."customer_id", total="order_totals"."total")
                  Scan(public.order_totals AS order_totals, key=[__pgt_row_id], \
                columns=[customer_id, total, __pgt_row_id])""");
    }

    @Test
    void translate_innerJoinOn_joinsScansWithCondition() {
        assertThat(explain("select o.id, c.name from orders o join customers c on c.id = o.customer_id", "id", "name"))
                .isEqualTo("""
                Project(id="o"."id", name="c"."name")
                  InnerJoin(on="c"."id" = "o"."customer_id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_commaJoinWithWhere_crossJoinsUnderFilter() {
        assertThat(explain("select o.id, c.name from orders o, customers c where c.id = o.customer_id", "id", "name"))
                .isEqualTo("""
                Project(id="o"."id", name="c"."name")
                  Filter("c"."id" = "o"."customer_id")
                    InnerJoin(on=true)
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                      Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_crossJoin_joinsOnTrue() {
        assertThat(explain("select p.name, c.name as customer from products p cross join customers c",
                        "name", "customer")).isEqualTo("""
                Project(name="p"."name", customer="c"."name")
                  InnerJoin(on=true)
                    Scan(public.products AS p, key=[id], columns=[id, name])
                    Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_selfJoinWithAliases_keepsTwoScansOfOneTable() {
        String sql = "select a.id, b.id as other from orders a join orders b"
                + " on a.customer_id = b.customer_id and a.id < b.id";

        assertThat(explain(sql, "id", "other")).isEqualTo("""
                Project(id="a"."id", other="b"."id")
                  InnerJoin(on=("a"."customer_id" = "b"."customer_id" and "a"."id" < "b"."id"))
                    Scan(public.orders AS a, key=[id], columns=[id, customer_id])
                    Scan(public.orders AS b, key=[id], columns=[id, customer_id])""");
    }

    @Test
    void translate_joinOfThirtyTwoTables_isAcceptedWithThreeTermsPerTable() {
        String sql = "select t1.id from " + java.util.stream.IntStream.rangeClosed(1, 32)
                .mapToObj(i -> "orders t" + i).collect(java.util.stream.Collectors.joining(", "));

        assertThat(SelectTranslator.deltaTerms(Shop.query(sql).outputs("id").plan().root().input())).isEqualTo(96);
    }

    @Test
    void deltaTerms_joinOfAnOuterJoinAndTwoTables_countsTheOuterJoinsTermsOncePerInput() {
        String sql = "select o.id from orders o left join customers c on c.id = o.customer_id"
                + " join order_lines l on l.order_id = o.id join products p on p.id = l.product_id";

        // the outer join's 3 + 3 terms twice and its post-state, then three terms per table
        assertThat(SelectTranslator.deltaTerms(Shop.query(sql).outputs("id").plan().root().input())).isEqualTo(19);
    }

    @Test
    void deltaTerms_joinOfTwoGroupedRelationsAndATable_isThreeTermsPerInput() {
        String sql = "select o.id from orders o"
                + " join (select customer_id, count(*) as n from orders group by customer_id) s"
                + " on s.customer_id = o.customer_id"
                + " join (select order_id, sum(qty) as q from order_lines group by order_id) t on t.order_id = o.id";

        assertThat(SelectTranslator.deltaTerms(Shop.query(sql).outputs("id").plan().root().input())).isEqualTo(9);
    }

    @Test
    void translate_threeWayJoin_nestsLeftDeep() {
        String sql = "select o.id, c.name, r.name as region from orders o"
                + " join customers c on c.id = o.customer_id join sales.regions r on r.id = c.region_id";

        assertThat(explain(sql, "id", "name", "region")).isEqualTo("""
                Project(id="o"."id", name="c"."name", region="r"."name")
                  InnerJoin(on="r"."id" = "c"."region_id")
                    InnerJoin(on="c"."id" = "o"."customer_id")
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                      Scan(public.customers AS c, key=[id], columns=[id, name, region_id])
                    Scan(sales.regions AS r, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_thetaJoin_keepsNonEquiCondition() {
        assertThat(explain("select o.id, l.qty from orders o join order_lines l on l.price > o.amount", "id", "qty"))
                .isEqualTo("""
                Project(id="o"."id", qty="l"."qty")
                  InnerJoin(on="l"."price" > "o"."amount")
                    Scan(public.orders AS o, key=[id], columns=[id, amount])
                    Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no, qty, price])""");
    }

    @Test
    void translate_schemaQualifiedNames_resolveTableAndColumns() {
        assertThat(explain("select sales.regions.name from sales.regions", "name")).isEqualTo("""
                Project(name="regions"."name")
                  Scan(sales.regions AS regions, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_publicQualifiedColumnOfUnqualifiedTable_resolves() {
        assertThat(explain("select public.orders.id from orders", "id")).isEqualTo("""
                Project(id="orders"."id")
                  Scan(public.orders AS orders, key=[id], columns=[id])""");
    }

    @Test
    void translate_quotedMixedCaseIdentifiers_keepSpelling() {
        assertThat(explain("select \"Region Id\", t.\"Amount\" from \"Sales\".\"Targets\" t",
                        "\"Region Id\" int", "Amount numeric")).isEqualTo("""
                Project(Region Id="t"."Region Id", Amount="t"."Amount")
                  Scan("Sales"."Targets" AS t, key=[Region Id], columns=[Region Id, Amount])""");
    }

    @Test
    void translate_unquotedUpperCase_foldsToLowerCase() {
        assertThat(explain("select O.ID from ORDERS O", "id")).isEqualTo("""
                Project(id="o"."id")
                  Scan(public.orders AS o, key=[id], columns=[id])""");
    }

    @Test
    void translate_unqualifiedColumns_resolveToTheTableThatHasThem() {
        assertThat(explain("select name, amount from orders o join customers c on c.id = customer_id",
                        "name", "amount")).isEqualTo("""
                Project(name="c"."name", amount="o"."amount")
                  InnerJoin(on="c"."id" = "o"."customer_id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                    Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_groupByExpression_groupsByCanonicalExpression() {
        assertThat(explain("select lower(status) as s, count(*) as n from orders group by lower(status)", "s", "n"))
                .isEqualTo("""
                Aggregate(group=[lower("orders"."status")], calls=[COUNT_STAR], outputs=[s, n])
                  Scan(public.orders AS orders, key=[id], columns=[id, status])""");
    }

    @Test
    void translate_groupByPosition_groupsBySelectItem() {
        assertThat(explain("select status, count(*) as n from orders group by 1", "status", "n")).isEqualTo("""
                Aggregate(group=["orders"."status"], calls=[COUNT_STAR], outputs=[status, n])
                  Scan(public.orders AS orders, key=[id], columns=[id, status])""");
    }

    @Test
    void translate_groupByOutputAlias_groupsBySelectItem() {
        assertThat(explain("select upper(status) as st, count(*) as n from orders group by st", "st", "n"))
                .isEqualTo("""
                Aggregate(group=[upper("orders"."status")], calls=[COUNT_STAR], outputs=[st, n])
                  Scan(public.orders AS orders, key=[id], columns=[id, status])""");
    }

    @Test
    void translate_groupByNameOfBothColumnAndAlias_prefersInputColumn() {
        // PostgreSQL reads an ambiguous GROUP BY name as the input column, not the output alias
        assertThat(explain("select upper(status) as status, count(*) as n from orders group by status",
                        "status", "n")).isEqualTo("""
                Aggregate(group=["orders"."status"], calls=[COUNT_STAR], outputs=[status, n])
                  Scan(public.orders AS orders, key=[id], columns=[id, status])""");
    }

    @Test
    void translate_aggregatesOverOneArgument_shareTheArgument() {
        String sql = "select customer_id, count(*) as a, count(amount) as b, sum(amount) as c, avg(amount) as d,"
                + " sum(amount + 1) as e, sum(orders.amount) as f from orders group by customer_id";

        assertThat(explain(sql, "customer_id", "a", "b", "c", "d", "e", "f")).isEqualTo("""
                Aggregate(group=["orders"."customer_id"], calls=[COUNT_STAR, COUNT("orders"."amount"), \
                SUM("orders"."amount"), AVG("orders"."amount"), SUM(("orders"."amount" + 1))], \
                outputs=[customer_id, a, b, c, d, e, f])
                  Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_distinct_groupsByEverySelectItemWithoutCalls() {
        assertThat(explain("select distinct status, lower(status) as l from orders", "status", "l")).isEqualTo("""
                Aggregate(group=["orders"."status", lower("orders"."status")], calls=[], outputs=[status, l])
                  Scan(public.orders AS orders, key=[id], columns=[id, status])""");
    }

    @Test
    void translate_distinctOverJoin_groupsAboveTheJoin() {
        assertThat(explain("select distinct c.name from orders o join customers c on c.id = o.customer_id", "name"))
                .isEqualTo("""
                Aggregate(group=["c"."name"], calls=[], outputs=[name])
                  InnerJoin(on="c"."id" = "o"."customer_id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_having_keepsConditionAndItsCallsNotInTheSelectList() {
        assertThat(explain("select status, count(*) as n from orders group by status"
                + " having sum(amount) > 10 and status <> 'x' and count(*) > 1", "status", "n")).isEqualTo("""
                Aggregate(group=["orders"."status"], calls=[COUNT_STAR, SUM("orders"."amount")], outputs=[status, n], \
                having=(sum("orders"."amount") > 10 and "orders"."status" <> 'x' and count(*) > 1))
                  Scan(public.orders AS orders, key=[id], columns=[id, amount, status])""");
    }

    @Test
    void translate_havingWithoutGroupBy_isScalarAggregate() {
        assertThat(explain("select 1 as one from orders having count(*) > 2", "one")).isEqualTo("""
                Aggregate(group=[], calls=[COUNT_STAR], outputs=[one], having=count(*) > 2)
                  Scan(public.orders AS orders, key=[id], columns=[id])""");
    }

    @Test
    void translate_filter_becomesCaseInsideTheArgument() {
        assertThat(explain("select count(*) filter (where amount > 1) as n, sum(amount) filter (where status = 'a')"
                + " as s from orders", "n", "s")).isEqualTo("""
                Aggregate(group=[], calls=[COUNT(case when "orders"."amount" > 1 then 1 end), \
                SUM(case when "orders"."status" = 'a' then "orders"."amount" end)], outputs=[n, s])
                  Scan(public.orders AS orders, key=[id], columns=[id, amount, status])""");
    }

    @Test
    void translate_minMax_areExtremaSharingTheArgument() {
        assertThat(explain("select customer_id, min(amount) as lo, max(amount) - min(amount) as spread,"
                + " max(distinct status) filter (where id > 3) as st from orders group by customer_id",
                "customer_id", "lo", "spread", "st")).isEqualTo("""
                Aggregate(group=["orders"."customer_id"], calls=[MIN("orders"."amount"), MAX("orders"."amount"), \
                MAX(case when "orders"."id" > 3 then "orders"."status" end)], outputs=[customer_id, lo, spread, st])
                  Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount, status])""");
    }

    @Test
    void translate_distinctAndNonInvertibleAggregates_areRecomputedAsWritten() {
        assertThat(explain("select customer_id, count(distinct status) as n, string_agg(status, ',') as s,"
                + " array_agg(amount order by id desc) as a, bool_or(amount > 1) as b, json_agg(id) as j"
                + " from orders group by customer_id", "customer_id", "n", "s", "a", "b", "j")).isEqualTo("""
                Aggregate(group=["orders"."customer_id"], calls=[RECOMPUTED(count(distinct "orders"."status")), \
                RECOMPUTED(string_agg(cast("orders"."status" as varchar), ',')), \
                RECOMPUTED(array_agg("orders"."amount" order by "orders"."id" desc)), \
                RECOMPUTED(bool_or(("orders"."amount" > 1))), RECOMPUTED(json_agg("orders"."id"))], \
                outputs=[customer_id, n, s, a, b, j])
                  Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount, status])""");
    }

    @Test
    void translate_stringAggWithOrderByInside_parsesAndKeepsTheOrder() {
        assertThat(explain("select string_agg(status, '; ' order by amount desc, id) filter (where id > 2) as s"
                + " from orders", "s")).isEqualTo("""
                Aggregate(group=[], calls=[RECOMPUTED(string_agg(cast("orders"."status" as varchar), '; ' order by \
                "orders"."amount" desc, "orders"."id") filter (where "orders"."id" > 2))], outputs=[s])
                  Scan(public.orders AS orders, key=[id], columns=[id, amount, status])""");
    }

    @Test
    void translate_expressionsOverAndInsideCalls_shareCallsAndKeepExpressionArguments() {
        assertThat(explain("select customer_id, sum(amount) / count(*) as mean,"
                + " sum(case when status = 'a' then amount else 0 end) as a_total,"
                + " case when count(*) > 2 then 'many' else customer_id::text end as size"
                + " from orders group by customer_id", "customer_id", "mean", "a_total", "size")).isEqualTo("""
                Aggregate(group=["orders"."customer_id"], calls=[SUM("orders"."amount"), COUNT_STAR, \
                SUM(case when "orders"."status" = 'a' then "orders"."amount" else 0 end)], \
                outputs=[customer_id, mean, a_total, size])
                  Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount, status])""");
    }

    @Test
    void translate_scalarAggregate_hasNoGroupKeys() {
        assertThat(explain("select count(*) as n, sum(amount) as s from orders", "n", "s")).isEqualTo("""
                Aggregate(group=[], calls=[COUNT_STAR, SUM("orders"."amount")], outputs=[n, s])
                  Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_aggregateInsideExpression_isOneCall() {
        assertThat(explain("select coalesce(sum(amount), 0) + count(*) as total from orders", "total"))
                .isEqualTo("""
                Aggregate(group=[], calls=[SUM("orders"."amount"), COUNT_STAR], outputs=[total])
                  Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_groupKeyExpressionReusedInSelectList_isAccepted() {
        assertThat(explain("select lower(status) || '!' as s, count(*) as n from orders group by lower(status)",
                        "s", "n")).isEqualTo("""
                Aggregate(group=[lower("orders"."status")], calls=[COUNT_STAR], outputs=[s, n])
                  Scan(public.orders AS orders, key=[id], columns=[id, status])""");
    }

    @Test
    void translate_groupByWithoutAggregates_isAnAggregate() {
        assertThat(explain("select customer_id from orders group by customer_id", "customer_id")).isEqualTo("""
                Aggregate(group=["orders"."customer_id"], calls=[], outputs=[customer_id])
                  Scan(public.orders AS orders, key=[id], columns=[id, customer_id])""");
    }

    @Test
    void translate_aggregateOverJoin_groupsJoinedRows() {
        String sql = "select c.region_id, sum(o.amount) as total from orders o join customers c"
                + " on c.id = o.customer_id where c.active group by c.region_id";

        assertThat(explain(sql, "region_id", "total")).isEqualTo("""
                Aggregate(group=["c"."region_id"], calls=[SUM("o"."amount")], outputs=[region_id, total])
                  Filter("c"."active")
                    InnerJoin(on="c"."id" = "o"."customer_id")
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                      Scan(public.customers AS c, key=[id], columns=[id, region_id, active])""");
    }

    @Test
    void translate_scanColumns_areReferencedColumnsAndKeyInTableOrder() {
        Plan plan = Shop.query("select l.price, l.qty from order_lines l where l.product_id > 0")
                .outputs("price", "qty").plan();

        assertThat(plan.scans()).singleElement().satisfies(scan -> {
            assertThat(scan.key()).containsExactly("order_id", "line_no");
            assertThat(scan.columns()).containsExactly("order_id", "line_no", "product_id", "qty", "price");
        });
    }

    @Test
    void translate_join_listsScansLeftToRight() {
        Plan plan = Shop.query("select o.id from orders o, customers c, products p").outputs("id").plan();

        assertThat(plan.scans()).extracting(Scan::alias).containsExactly("o", "c", "p");
        assertThat(plan.outputNames()).containsExactly("id");
    }

    @Test
    void translate_orderByWithoutLimit_isIgnored() {
        assertThat(explain("select id from orders order by id desc", "id")).isEqualTo("""
                Project(id="orders"."id")
                  Scan(public.orders AS orders, key=[id], columns=[id])""");
    }
    @Test
    void translate_orderByLimit_wrapsTheProjectionInATopK() {
        assertThat(explain("select id, amount as a from orders order by a desc, 1 nulls first limit 3 offset 1",
                "id", "a")).isEqualTo("""
                TopK(order=[a DESC NULLS FIRST, id ASC NULLS FIRST], limit=3, offset=1)
                  Project(id="orders"."id", a="orders"."amount")
                    Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_orderByAnExpressionOfTheSelectList_ranksByThatColumn() {
        assertThat(explain("select customer_id, sum(amount) as total from orders group by customer_id"
                + " having count(*) > 1 order by sum(amount) asc nulls last, customer_id desc limit 5",
                "customer_id", "total")).isEqualTo("""
                TopK(order=[total ASC NULLS LAST, customer_id DESC NULLS FIRST], limit=5)
                  Aggregate(group=["orders"."customer_id"], calls=[SUM("orders"."amount"), COUNT_STAR], \
                outputs=[customer_id, total], having=count(*) > 1)
                    Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_distinctWithLimit_ranksTheDistinctRows() {
        assertThat(explain("select distinct status from orders order by status limit 2", "status"))
                .startsWith("TopK(order=[status ASC NULLS LAST], limit=2)\n  Aggregate(");
    }

    @Test
    void translate_limitOverAKeylessTableUnderAnAggregate_isATopK() {
        assertThat(explain("select at, count(*) as n from events group by at order by n desc, at limit 2",
                "at", "n")).startsWith("TopK(order=[n DESC NULLS FIRST, at ASC NULLS LAST], limit=2)");
    }
}

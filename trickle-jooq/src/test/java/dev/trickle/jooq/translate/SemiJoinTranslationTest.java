package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SemiJoinTranslator}: the plans {@code EXISTS} and {@code IN (subquery)} become, and what stays refused. */
class SemiJoinTranslationTest {

    private static String explain(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).explain();
    }

    private static UnsupportedQueryException rejection(String sql) {
        return catchThrowableOfType(UnsupportedQueryException.class, () -> Shop.query(sql).outputs("id").plan());
    }

    @Test
    void translate_correlatedExists_isSemiJoinOnTheCorrelationOverTheFilteredLeft() {
        assertThat(explain("select o.id from orders o where exists (select 1 from customers c"
                + " where c.id = o.customer_id and c.active) and o.amount > 1", "id")).isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on="c"."id" = "o"."customer_id")
                    Filter("o"."amount" > 1)
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                    Filter("c"."active")
                      Scan(public.customers AS c, key=[id], columns=[id, active])""");
    }

    @Test
    void translate_notExists_isAntiJoin() {
        assertThat(explain("select o.id from orders o where not exists (select * from customers c"
                + " where c.id = o.customer_id)", "id")).isEqualTo("""
                Project(id="o"."id")
                  AntiJoin(on="c"."id" = "o"."customer_id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Scan(public.customers AS c, key=[id], columns=[id])""");
    }

    @Test
    void translate_uncorrelatedIn_isSemiJoinOnTheEquality() {
        assertThat(explain("select o.id from orders o where o.customer_id in (select id from customers where active)",
                "id")).isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on="o"."customer_id" = "customers"."id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Filter("customers"."active")
                      Scan(public.customers AS customers, key=[id], columns=[id, active])""");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "o.customer_id not in (select c.region_id from customers c)",
        "not (o.customer_id in (select c.region_id from customers c))"})
    void translate_notIn_isAntiJoinThatMatchesNulls(String condition) {
        assertThat(explain("select o.id from orders o where " + condition, "id")).isEqualTo("""
                Project(id="o"."id")
                  AntiJoin(on=("o"."customer_id" = "c"."region_id" or "o"."customer_id" is null or "c"."region_id" is null))
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Scan(public.customers AS c, key=[id], columns=[id, region_id])""");
    }

    @Test
    void translate_notInOfKeyColumns_leavesOutTheirNullTests() {
        assertThat(explain("select o.id from orders o where o.customer_id not in (select c.id from customers c)",
                "id")).contains("AntiJoin(on=(\"o\".\"customer_id\" = \"c\".\"id\" or \"o\".\"customer_id\" is null))");
        assertThat(explain("select o.id from orders o where o.id not in (select l.order_id from order_lines l)",
                "id")).contains("AntiJoin(on=\"o\".\"id\" = \"l\".\"order_id\")");
    }

    @Test
    void translate_rowIn_matchesEachColumn() {
        assertThat(explain("select o.id from orders o where (o.id, o.customer_id) in (select order_id, qty"
                + " from order_lines)", "id"))
                .contains("SemiJoin(on=(\"o\".\"id\" = \"order_lines\".\"order_id\" and \"o\".\"customer_id\" ="
                        + " \"order_lines\".\"qty\"))");
        assertThat(explain("select o.id from orders o where (o.id, o.customer_id) not in (select order_id, qty"
                + " from order_lines)", "id")).contains("AntiJoin(on=(\"o\".\"id\" = \"order_lines\".\"order_id\" and"
                        + " (\"o\".\"customer_id\" = \"order_lines\".\"qty\" or \"o\".\"customer_id\" is null"
                        + " or \"order_lines\".\"qty\" is null)))");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "o.customer_id = any (select c.region_id from customers c)|SemiJoin(on=\"o\".\"customer_id\" = \"c\".\"region_id\")",
        "o.customer_id = some (select c.region_id from customers c)|SemiJoin(on=\"o\".\"customer_id\" = \"c\".\"region_id\")",
        "o.customer_id < any (select c.region_id from customers c)|SemiJoin(on=\"o\".\"customer_id\" < \"c\".\"region_id\")",
        "o.customer_id >= any (select c.region_id from customers c)|SemiJoin(on=\"o\".\"customer_id\" >= \"c\".\"region_id\")",
        "o.customer_id <> any (select c.region_id from customers c)|SemiJoin(on=\"o\".\"customer_id\" <> \"c\".\"region_id\")",
        "not (o.customer_id >= all (select c.region_id from customers c))"
                + "|SemiJoin(on=\"o\".\"customer_id\" < \"c\".\"region_id\")",
        "o.customer_id <> all (select c.region_id from customers c)|AntiJoin(on=(\"o\".\"customer_id\" ="
                + " \"c\".\"region_id\" or \"o\".\"customer_id\" is null or \"c\".\"region_id\" is null))",
        "o.customer_id > all (select c.region_id from customers c)|AntiJoin(on=(\"o\".\"customer_id\" <="
                + " \"c\".\"region_id\" or \"o\".\"customer_id\" is null or \"c\".\"region_id\" is null))",
        "o.customer_id = all (select c.region_id from customers c)|AntiJoin(on=(\"o\".\"customer_id\" <>"
                + " \"c\".\"region_id\" or \"o\".\"customer_id\" is null or \"c\".\"region_id\" is null))",
        "not (o.customer_id < any (select c.region_id from customers c))|AntiJoin(on=(\"o\".\"customer_id\" <"
                + " \"c\".\"region_id\" or \"o\".\"customer_id\" is null or \"c\".\"region_id\" is null))",
        "o.id <= all (select c.id from customers c)|AntiJoin(on=\"o\".\"id\" > \"c\".\"id\")"})
    void translate_quantifiedComparison_isSemiJoinOnItOrAntiJoinOnItsInverseNotFalse(String condition,
            String join) {
        assertThat(explain("select o.id from orders o where " + condition, "id")).contains(join);
    }

    @Test
    void translate_correlatedQuantifiedComparison_matchesOnTheCorrelationAndTheComparison() {
        assertThat(explain("select o.id from orders o where o.amount > all (select l.price from order_lines l"
                + " where l.order_id = o.id) and o.status is not null", "id")).isEqualTo("""
                Project(id="o"."id")
                  AntiJoin(on=("l"."order_id" = "o"."id" and ("o"."amount" <= "l"."price" or "o"."amount" is null or "l"."price" is null)))
                    Filter("o"."status" is not null)
                      Scan(public.orders AS o, key=[id], columns=[id, amount, status])
                    Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no, price])""");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(o.id, o.customer_id) = any (select order_id, qty from order_lines)"
                + "|SemiJoin(on=(\"o\".\"id\" = \"order_lines\".\"order_id\" and \"o\".\"customer_id\" ="
                + " \"order_lines\".\"qty\"))",
        "(o.id, o.customer_id) < any (select order_id, qty from order_lines)"
                + "|SemiJoin(on=(\"o\".\"id\", \"o\".\"customer_id\") < (\"order_lines\".\"order_id\","
                + " \"order_lines\".\"qty\"))",
        "(o.id, o.customer_id) <> all (select order_id, qty from order_lines)"
                + "|AntiJoin(on=(\"o\".\"id\" = \"order_lines\".\"order_id\" and (\"o\".\"customer_id\" ="
                + " \"order_lines\".\"qty\" or \"o\".\"customer_id\" is null or \"order_lines\".\"qty\" is null)))",
        "(o.id, o.customer_id) >= all (select order_id, qty from order_lines)"
                + "|AntiJoin(on=((\"o\".\"id\", \"o\".\"customer_id\") < (\"order_lines\".\"order_id\","
                + " \"order_lines\".\"qty\")) is distinct from false)"})
    void translate_rowQuantifiedComparison_comparesTheRows(String condition, String join) {
        assertThat(explain("select o.id from orders o where " + condition, "id")).contains(join);
    }

    @Test
    void translate_existsUnderOr_isMarkJoinWhoseConditionReadsTheMarkAndTheRow() {
        assertThat(explain("select o.id from orders o where o.amount > 5 or exists (select 1 from customers c"
                + " where c.id = o.customer_id)", "id")).isEqualTo("""
                Project(id="o"."id")
                  MarkJoin(keep=("o"."amount" > 5 or m1), m1 on="c"."id" = "o"."customer_id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                    Scan(public.customers AS c, key=[id], columns=[id])""");
    }

    @Test
    void translate_twoSubqueriesUnderOr_isOneMarkJoinWithAMarkEach() {
        assertThat(explain("select o.id from orders o where o.status = 'x' and (exists (select 1 from customers c"
                + " where c.id = o.customer_id) or o.id not in (select l.order_id from order_lines l))", "id"))
                .isEqualTo("""
                Project(id="o"."id")
                  MarkJoin(keep=(m1 or (NOT m2)), m1 on="c"."id" = "o"."customer_id", m2 on="o"."id" = "l"."order_id")
                    Filter("o"."status" = 'x')
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id, status])
                    Scan(public.customers AS c, key=[id], columns=[id])
                    Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no])""");
    }

    /**
     * Under an odd number of NOTs an IN is false when no row of the subquery makes {@code x = y} true or NULL: its
     * mark matches as NOT IN's does; under an even number, as IN's.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not (o.amount > 1 and o.customer_id in (select c.region_id from customers c))"
                + "|MarkJoin(keep=not (\"o\".\"amount\" > 1 and m1), m1 on=(\"o\".\"customer_id\" ="
                + " \"c\".\"region_id\" or \"o\".\"customer_id\" is null or \"c\".\"region_id\" is null))",
        "not (o.amount > 1 and o.customer_id not in (select c.region_id from customers c))"
                + "|MarkJoin(keep=not (\"o\".\"amount\" > 1 and (NOT m1)), m1 on=\"o\".\"customer_id\" ="
                + " \"c\".\"region_id\")",
        "o.amount > 1 or o.customer_id > all (select c.region_id from customers c)"
                + "|MarkJoin(keep=(\"o\".\"amount\" > 1 or (NOT m1)), m1 on=(\"o\".\"customer_id\" <="
                + " \"c\".\"region_id\" or \"o\".\"customer_id\" is null or \"c\".\"region_id\" is null))",
        "o.amount > 1 or not (o.customer_id in (select c.region_id from customers c))"
                + "|MarkJoin(keep=(\"o\".\"amount\" > 1 or (NOT m1)), m1 on=(\"o\".\"customer_id\" ="
                + " \"c\".\"region_id\" or \"o\".\"customer_id\" is null or \"c\".\"region_id\" is null))",
        "not (o.amount > 1 or o.customer_id > all (select c.region_id from customers c))"
                + "|MarkJoin(keep=not (\"o\".\"amount\" > 1 or (NOT m1)), m1 on=\"o\".\"customer_id\" <="
                + " \"c\".\"region_id\")"})
    void translate_predicateUnderNot_matchesByItsPolarity(String condition, String join) {
        assertThat(explain("select o.id from orders o where " + condition, "id")).contains(join);
    }

    @Test
    void deltaTerms_markJoin_countsFourTermsPerMark() {
        // p·(1 + q) probed changes and four post-state terms per mark whose probes read q once or twice: 1·3 + 8·5
        assertThat(SelectTranslator.deltaTerms(Shop.query("select o.id from orders o where exists (select 1 from"
                + " customers c where c.id = o.customer_id) or o.id in (select order_id from order_lines)")
                .outputs("id").plan().root().input())).isEqualTo(43);
    }

    @Test
    void translate_subqueryOverTheSameTable_getsItsOwnAlias() {
        assertThat(explain("select id from orders where id in (select id from orders where amount > 3)", "id"))
                .isEqualTo("""
                Project(id="orders"."id")
                  SemiJoin(on="orders"."id" = "orders_2"."id")
                    Scan(public.orders AS orders, key=[id], columns=[id])
                    Filter("orders_2"."amount" > 3)
                      Scan(public.orders AS orders_2, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_nestedInCorrelatedToTheOutermostQuery_nestsSemiJoins() {
        assertThat(explain("select o.id from orders o where o.customer_id in (select c.id from customers c"
                + " where c.region_id in (select r.id from sales.regions r where r.name = o.status))", "id"))
                .isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on="o"."customer_id" = "c"."id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id, status])
                    SemiJoin(on=("r"."name" = "o"."status" and "c"."region_id" = "r"."id"))
                      Scan(public.customers AS c, key=[id], columns=[id, region_id])
                      Scan(sales.regions AS r, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_existsWithJoinUnderAggregate_keepsTheJoinInTheRightInput() {
        assertThat(explain("select o.status, count(*) from orders o where exists (select 1 from order_lines l"
                + " join products p on p.id = l.product_id where l.order_id = o.id and p.category = 'x')"
                + " group by o.status", "status", "count")).isEqualTo("""
                Aggregate(group=["o"."status"], calls=[COUNT_STAR], outputs=[status, count])
                  SemiJoin(on="l"."order_id" = "o"."id")
                    Scan(public.orders AS o, key=[id], columns=[id, status])
                    Filter("p"."category" = 'x')
                      InnerJoin(on="p"."id" = "l"."product_id")
                        Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no, product_id])
                        Scan(public.products AS p, key=[id], columns=[id, category])""");
    }

    @Test
    void deltaTerms_semiJoin_countsItsTermsWithTheProbesRightTerms() {
        // p·(1 + q) probed changes and two post-state terms whose probes read q once or twice: 1·2 + 2·3
        assertThat(SelectTranslator.deltaTerms(Shop.query("select o.id from orders o where exists (select 1 from"
                + " customers c where c.id = o.customer_id)").outputs("id").plan().root().input())).isEqualTo(8);
        // the right side a join of two tables (q = 3): 1·4 + 2·7
        assertThat(SelectTranslator.deltaTerms(Shop.query("select o.id from orders o where exists (select 1 from"
                + " customers c join sales.regions r on r.id = c.region_id where c.id = o.customer_id)")
                .outputs("id").plan().root().input())).isEqualTo(18);
    }

    @Test
    void translate_subqueryAlias_isNotVisibleOutside() {
        UnsupportedQueryException e = rejection("select c.id from orders o where exists (select 1 from customers c"
                + " where c.id = o.customer_id)");

        assertThat(e.reason()).isEqualTo(Reason.OTHER);
        assertThat(e.getMessage()).startsWith("a column reference that names no table of the FROM clause");
    }

    @Test
    void translate_inOverGroupedSubquery_isSemiJoinWithItsGroupedRelation() {
        assertThat(explain("select o.id from orders o where o.customer_id in (select l.order_id from order_lines l"
                + " group by l.order_id having sum(l.qty) > 3)", "id")).isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on="o"."customer_id" = "__pgt_in2"."__pgt_c1")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Grouped(__pgt_in2, group=["l"."order_id"], outputs=[__pgt_c1="l"."order_id"], having=sum("l"."qty") > 3, identity=[__pgt_c1])
                      Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no, qty])""");
    }

    @Test
    void translate_notInOverGlobalAggregate_testsItsNullableColumn() {
        assertThat(explain("select o.id from orders o where o.customer_id not in (select max(c.id) from customers c"
                + " where c.active)", "id")).isEqualTo("""
                Project(id="o"."id")
                  AntiJoin(on=("o"."customer_id" = "__pgt_in2"."__pgt_c1" or "o"."customer_id" is null or "__pgt_in2"."__pgt_c1" is null))
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Grouped(__pgt_in2, group=[], outputs=[__pgt_c1=max("c"."id")], identity=[])
                      Filter("c"."active")
                        Scan(public.customers AS c, key=[id], columns=[id, active])""");
    }

    @Test
    void translate_existsOverGroupedSubquery_isSemiJoinWithoutCondition() {
        assertThat(explain("select o.id from orders o where exists (select c.region_id from customers c"
                + " group by c.region_id having count(*) > 2)", "id")).isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on=true)
                    Scan(public.orders AS o, key=[id], columns=[id])
                    Grouped(__pgt_in2, group=["c"."region_id"], outputs=[__pgt_c1="c"."region_id"], having=count(*) > 2, identity=[__pgt_c1])
                      Scan(public.customers AS c, key=[id], columns=[id, region_id])""");
    }

    @Test
    void translate_scalarSubqueryInInSubquery_isJoinedToTheSubquerysFrom() {
        assertThat(explain("select o.id from orders o where o.customer_id in (select c.id from customers c"
                + " where c.region_id > (select avg(o2.amount) from orders o2 where o2.customer_id = c.id))", "id"))
                .isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on="o"."customer_id" = "c"."id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Filter("c"."region_id" > CASE WHEN "__pgt_sq3"."__pgt_k1" IS NULL THEN (NULL) ELSE "__pgt_sq3"."__pgt_v" END)
                      OuterJoin(LEFT, on="__pgt_sq3"."__pgt_k1" = "c"."id")
                        Scan(public.customers AS c, key=[id], columns=[id, region_id])
                        Grouped(__pgt_sq3, group=["o2"."customer_id"], outputs=[__pgt_k1="o2"."customer_id", __pgt_v=avg("o2"."amount")], identity=[__pgt_k1])
                          Scan(public.orders AS o2, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_uncorrelatedScalarSubqueryInExists_isCrossJoinedToTheSubquerysFrom() {
        assertThat(explain("select o.id from orders o where exists (select 1 from customers c where c.id ="
                + " o.customer_id and c.region_id > (select count(*) from products))", "id")).isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on="c"."id" = "o"."customer_id")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Filter("c"."region_id" > "__pgt_sq3"."__pgt_v")
                      InnerJoin(on=true)
                        Scan(public.customers AS c, key=[id], columns=[id, region_id])
                        Grouped(__pgt_sq3, group=[], outputs=[__pgt_v=count(*)], identity=[])
                          Scan(public.products AS products, key=[id], columns=[id])""");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "select id from orders o where (o.id in (select id from customers)) is not true"
                + "|IN (subquery) inside an expression",
        "select id from orders o where o.amount > 1 or case when exists (select 1 from customers) then true end"
                + "|EXISTS inside an expression",
        "select id from orders o where exists (select 1 from customers c where c.id = o.customer_id"
                + " and (c.region_id = o.id or exists (select 1 from products p where p.id = c.id)))"
                + "|EXISTS beside a condition that reads the enclosing query, in a subquery",
        "select id from orders o where (exists (select 1 from customers)) = true|EXISTS inside an expression",
        "select exists (select 1 from customers) as id from orders|EXISTS in the select list",
        "select o.id from orders o join customers c on c.id = o.customer_id and c.id not in (select id from"
                + " products)|NOT IN (subquery) in JOIN ... ON",
        "select o.status as id from orders o group by o.status having o.status in (select name from products)"
                + "|IN (subquery) in HAVING",
        "select id from orders o where o.customer_id in (select max(c.id) from customers c"
                + " where c.region_id = o.id group by c.region_id)"
                + "|a correlated EXISTS or IN subquery with GROUP BY, aggregates or HAVING",
        "select id from orders o where o.customer_id in (select region_id from customers group by region_id"
                + " having max(id) > (select count(*) from products))|a subquery inside a subquery",
        "select id from orders o where exists (select 1 from customers c where c.id = o.customer_id limit 1)"
                + "|LIMIT or OFFSET in an EXISTS or IN subquery",
        "select id from orders o where o.customer_id in (select id from customers union select id from products)"
                + "|UNION, INTERSECT or EXCEPT in an EXISTS or IN subquery",
        "select id from orders o where exists (select 1 from customers c join products p"
                + " on p.id = o.customer_id)|a JOIN ... ON in a subquery that reads the enclosing query",
        "select id from orders o where o.amount > (select 1 from customers)|a scalar subquery without an aggregate",
        "select id from orders o where exists (select 1 from customers c where c.id = o.customer_id"
                + " and c.region_id > (select count(*) from order_lines l where l.order_id = o.id))"
                + "|a scalar subquery correlated to a query enclosing the subquery that holds it",
        "select id from orders o where exists (select 1 from customers c join products p on p.id >"
                + " (select count(*) from orders) where c.id = o.customer_id)"
                + "|a scalar subquery outside WHERE, HAVING and the select list",
        "select id from orders o where customer_id in (select (select max(c.id) from customers c) from customers)"
                + "|a scalar subquery in an EXISTS or IN subquery",
        "select id from orders o where (o.customer_id = any (select id from customers)) is null"
                + "|= ANY (subquery) inside an expression",
        "select o.status as id from orders o group by o.status having o.status > all (select name from products)"
                + "|> ALL (subquery) in HAVING"})
    void translate_misplacedOrUnsupportedSubquery_isRefusedByName(String sql, String construct) {
        UnsupportedQueryException e = rejection(sql);

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.SUBQUERY);
        assertThat(e.getMessage()).startsWith(construct + " cannot be maintained differentially");
    }
}

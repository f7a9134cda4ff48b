package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/** {@link SetOperationTranslator}: the plans of the set operations it accepts, and what it refuses by name. */
class SetOperationTranslationTest {

    private static String explain(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).explain();
    }

    private static void assertRefused(String sql, Reason reason, String construct) {
        assertThatThrownBy(() -> Shop.query(sql).outputs("id").plan())
                .isInstanceOfSatisfying(UnsupportedQueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith(construct + " cannot be maintained differentially");
                });
    }

    @Test
    void unionAll_twoFilteredScans_projectsTheUnionsColumnsOverBranchItems() {
        assertThat(explain("select id, amount from orders where amount > 10 union all select id, amount * 2 from"
                + " orders where status = 'x'", "id", "amount")).isEqualTo("""
                Project(id="__pgt_u"."__pgt_c1", amount="__pgt_u"."__pgt_c2")
                  UnionAll(["orders"."id", "orders"."amount"], ["orders"."id", ("orders"."amount" * 2)], identified)
                    Filter("orders"."amount" > 10)
                      Scan(public.orders AS orders, key=[id], columns=[id, amount])
                    Filter("orders"."status" = 'x')
                      Scan(public.orders AS orders, key=[id], columns=[id, amount, status])""");
    }

    @Test
    void unionAll_chainOfThree_isOneUnionOfThreeBranches() {
        assertThat(explain("select id from orders union all select id from customers union all select id from"
                + " products", "id")).isEqualTo("""
                Project(id="__pgt_u"."__pgt_c1")
                  UnionAll(["orders"."id"], ["customers"."id"], ["products"."id"], identified)
                    Scan(public.orders AS orders, key=[id], columns=[id])
                    Scan(public.customers AS customers, key=[id], columns=[id])
                    Scan(public.products AS products, key=[id], columns=[id])""");
    }

    @Test
    void union_ofTwoJoins_isDistinctOverTheUnion() {
        assertThat(explain("select c.name from orders o join customers c on c.id = o.customer_id union select p.name"
                + " from order_lines l join products p on p.id = l.product_id", "name")).isEqualTo("""
                Aggregate(group=["__pgt_u"."__pgt_c1"], calls=[], outputs=[name])
                  UnionAll(["c"."name"], ["p"."name"])
                    InnerJoin(on="c"."id" = "o"."customer_id")
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                      Scan(public.customers AS c, key=[id], columns=[id, name])
                    InnerJoin(on="p"."id" = "l"."product_id")
                      Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no, product_id])
                      Scan(public.products AS p, key=[id], columns=[id, name])""");
    }

    @Test
    void intersect_countsEachBranchAndKeepsRowsInBoth() {
        assertThat(explain("select customer_id from orders intersect select id from customers where active",
                "customer_id")).isEqualTo("""
                Aggregate(group=["__pgt_u"."__pgt_c1"], calls=[COUNT(case when "__pgt_u"."__pgt_branch" = 1 then 1\
                 end), COUNT(case when "__pgt_u"."__pgt_branch" = 2 then 1 end)], outputs=[customer_id],\
                 having=(count(case when "__pgt_u"."__pgt_branch" = 1 then 1 end) > 0 and count(case when\
                 "__pgt_u"."__pgt_branch" = 2 then 1 end) > 0))
                  UnionAll(["orders"."customer_id"], ["customers"."id"])
                    Scan(public.orders AS orders, key=[id], columns=[id, customer_id])
                    Filter("customers"."active")
                      Scan(public.customers AS customers, key=[id], columns=[id, active])""");
    }

    @Test
    void except_nestedUnion_isPresentInEitherLeftBranchAndNotInTheRight() {
        assertThat(Shop.query("(select name from customers union all select name from products) except select name"
                + " from sales.regions").outputs("name").plan().root())
                .isInstanceOfSatisfying(dev.trickle.jooq.plan.Aggregate.class, a -> {
                    assertThat(a.calls()).hasSize(3);
                    assertThat(a.input()).isInstanceOfSatisfying(dev.trickle.jooq.plan.UnionAll.class,
                            u -> assertThat(u.branches()).hasSize(3));
                });
        assertThat(explain("select name from customers union all select name from products except select name from"
                + " sales.regions", "name")).contains("having=((count(case when \"__pgt_u\".\"__pgt_branch\" = 1"
                + " then 1 end) > 0 or count(case when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end) > 0) and not"
                + " (count(case when \"__pgt_u\".\"__pgt_branch\" = 3 then 1 end) > 0)))");
    }

    @Test
    void union_distinctBranch_readsTheBranchInput() {
        assertThat(explain("select distinct name from customers union select name from products", "name"))
                .isEqualTo("""
                Aggregate(group=["__pgt_u"."__pgt_c1"], calls=[], outputs=[name])
                  UnionAll(["customers"."name"], ["products"."name"])
                    Scan(public.customers AS customers, key=[id], columns=[id, name])
                    Scan(public.products AS products, key=[id], columns=[id, name])""");
    }

    @Test
    void unionAll_keylessBranch_identifiesByContentInItsBranch() {
        assertThat(explain("select at from events union all select at from events where payload is null", "at"))
                .contains("Scan(public.events AS events, key=[], columns=[at])")
                .contains("Scan(public.events AS events, key=[], columns=[at, payload])");
    }

    @Test
    void setOperation_namesFromTheFirstBranch_typesCastPerColumn() {
        assertThat(Shop.query("select id as k, amount from orders union all select id, 1 from customers")
                .outputs("k integer", "amount numeric").compile().storageQuery())
                .contains("CAST(\"orders\".\"id\" AS integer) AS \"__pgt_c1\"")
                .contains("CAST(1 AS numeric) AS \"__pgt_c2\"")
                .contains("\"__pgt_u\".\"__pgt_c1\" AS \"k\"");
    }

    @Test
    void intersectAll_keepsTheLeastCountAsCopies() {
        assertThat(explain("select customer_id from orders intersect all select id from customers where active",
                "customer_id")).isEqualTo("""
                Aggregate(group=["__pgt_u"."__pgt_c1"], calls=[COUNT(case when "__pgt_u"."__pgt_branch" = 1 then 1\
                 end), COUNT(case when "__pgt_u"."__pgt_branch" = 2 then 1 end)], outputs=[customer_id],\
                 having=(count(case when "__pgt_u"."__pgt_branch" = 1 then 1 end) > 0 and count(case when\
                 "__pgt_u"."__pgt_branch" = 2 then 1 end) > 0), copies=least(count(case when "__pgt_u"."__pgt_branch"\
                 = 1 then 1 end), count(case when "__pgt_u"."__pgt_branch" = 2 then 1 end)))
                  UnionAll(["orders"."customer_id"], ["customers"."id"])
                    Scan(public.orders AS orders, key=[id], columns=[id, customer_id])
                    Filter("customers"."active")
                      Scan(public.customers AS customers, key=[id], columns=[id, active])""");
    }

    @Test
    void exceptAll_keepsTheDifferenceOfTheCounts() {
        assertThat(explain("select customer_id from orders except all select id from customers", "customer_id"))
                .contains("having=greatest((count(case when \"__pgt_u\".\"__pgt_branch\" = 1 then 1 end) -"
                        + " count(case when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end)), 0) > 0")
                .contains("copies=greatest((count(case when \"__pgt_u\".\"__pgt_branch\" = 1 then 1 end) -"
                        + " count(case when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end)), 0))");
    }

    @Test
    void unionAllOverADistinctOperation_addsTheSetsOneToTheCopies() {
        assertThat(explain("(select id from orders union select id from customers) union all select id from products",
                "id")).contains("calls=[COUNT(case when \"__pgt_u\".\"__pgt_branch\" = 1 then 1 end), COUNT(case"
                        + " when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end), COUNT(case when"
                        + " \"__pgt_u\".\"__pgt_branch\" = 3 then 1 end)]")
                .doesNotContain("having=")
                .contains("copies=(case when (count(case when \"__pgt_u\".\"__pgt_branch\" = 1 then 1 end) > 0 or"
                        + " count(case when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end) > 0) then 1 else 0 end +"
                        + " count(case when \"__pgt_u\".\"__pgt_branch\" = 3 then 1 end))");
    }

    @Test
    void distinctBranchOfUnionAll_countsAtMostOnce() {
        assertThat(explain("select distinct customer_id from orders union all select id from customers",
                "customer_id")).contains("copies=(least(count(case when \"__pgt_u\".\"__pgt_branch\" = 1 then 1"
                        + " end), 1) + count(case when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end))")
                .doesNotContain("having=")
                .contains("UnionAll([\"orders\".\"customer_id\"], [\"customers\".\"id\"])");
    }

    @Test
    void exceptAllUnderAUnion_isPresentWhereItsDifferenceIsPositive() {
        assertThat(explain("(select id from orders except all select id from customers) union select id from products",
                "id")).contains("having=(greatest((count(case when \"__pgt_u\".\"__pgt_branch\" = 1 then 1 end) -"
                        + " count(case when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end)), 0) > 0 or count(case"
                        + " when \"__pgt_u\".\"__pgt_branch\" = 3 then 1 end) > 0)")
                .doesNotContain("copies=");
    }

    @Test
    void mixedAllOperators_nestTheirMultiplicities() {
        assertThat(explain("(select id from orders union all select id from customers) except all (select id from"
                + " products intersect all select distinct customer_id from orders)", "id"))
                .contains("copies=greatest(((count(case when \"__pgt_u\".\"__pgt_branch\" = 1 then 1 end) +"
                        + " count(case when \"__pgt_u\".\"__pgt_branch\" = 2 then 1 end)) - least(count(case when"
                        + " \"__pgt_u\".\"__pgt_branch\" = 3 then 1 end), least(count(case when"
                        + " \"__pgt_u\".\"__pgt_branch\" = 4 then 1 end), 1))), 0))");
    }

    @Test
    void aggregateInABranch_refused() {
        assertRefused("select customer_id from orders group by customer_id having count(*) > 1 union select id from"
                + " customers", Reason.SET_OPERATION,
                "an aggregate or GROUP BY inside a branch of UNION, INTERSECT or EXCEPT");
        assertRefused("select customer_id from orders union all select count(*) from customers", Reason.SET_OPERATION,
                "an aggregate or GROUP BY inside a branch of UNION, INTERSECT or EXCEPT");
    }

    @Test
    void limitOfTheWhole_refusedAsLimit() {
        assertRefused("select id from orders union select id from customers limit 3", Reason.LIMIT_OFFSET,
                "LIMIT or OFFSET");
    }

    /** The branch's body was taken without its top-k, so its rows were all kept. */
    @Test
    void limitOfABranch_refusedAsLimit() {
        assertRefused("select id from customers union all (select id from orders order by id limit 3)",
                Reason.LIMIT_OFFSET, "LIMIT or OFFSET inside a branch of a set operation");
        assertRefused("(select id from orders order by id limit 3) except all select id from customers",
                Reason.LIMIT_OFFSET, "LIMIT or OFFSET inside a branch of a set operation");
    }

    /** The branches' resolutions were joined without their substitutes: a count over no rows read NULL, not 0. */
    @Test
    void scalarCountInABranch_readsZeroForAnOuterRowWithoutMatches() {
        assertThat(Shop.query("select o.id, (select count(*) from order_lines l where l.order_id = o.id) as n from"
                + " orders o union all select id, 1 from customers").outputs("id integer", "n bigint")
                .compile("integer", "integer", "integer", "integer").storageQuery())
                .contains("CAST(CASE WHEN \"__pgt_sq2\".\"__pgt_k1\" IS NULL THEN (0) ELSE \"__pgt_sq2\".\"__pgt_v\" END"
                        + " AS bigint) AS \"__pgt_c2\"");
    }

    @Test
    void semiJoinInABranch_isTranslatedInItsBranch() {
        assertThat(explain("select id from orders union select id from customers where id in (select customer_id from"
                + " orders)", "id")).contains("SemiJoin(on=");
    }
}

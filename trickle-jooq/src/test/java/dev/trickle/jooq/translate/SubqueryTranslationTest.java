package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/** {@link Subqueries}: grouped derived tables and scalar subqueries as grouped relations in the body. */
class SubqueryTranslationTest {

    private static String explain(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).explain();
    }

    @Test
    void translate_groupedDerivedTable_isAGroupedRelationIdentifiedByItsKey() {
        assertThat(explain("""
                select s.n, count(*) as customers
                  from (select c.id, count(o.id) from customers c left join orders o on o.customer_id = c.id
                         group by c.id) as s (id, n)
                 group by s.n""", "n", "customers")).isEqualTo("""
                Aggregate(group=["s"."n"], calls=[COUNT_STAR], outputs=[n, customers])
                  Grouped(s, group=["c"."id"], outputs=[id="c"."id", n=count("o"."id")], identity=[id])
                    OuterJoin(LEFT, on="o"."customer_id" = "c"."id")
                      Scan(public.customers AS c, key=[id], columns=[id])
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id])""");
    }

    @Test
    void translate_derivedTableWithoutItsGroupKey_identifiesRowsByContent() {
        assertThat(explain("select t.total from (select sum(amount) as total from orders group by customer_id) t",
                "total")).isEqualTo("""
                Project(total="t"."total")
                  Grouped(t, group=["orders"."customer_id"], outputs=[total=sum("orders"."amount")], identity=[total])
                    Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_uncorrelatedScalarSubquery_crossJoinsItsOneRowAggregate() {
        assertThat(explain("select id from orders where amount > (select avg(amount) from orders)", "id"))
                .isEqualTo("""
                Project(id="orders"."id")
                  Filter("orders"."amount" > "__pgt_sq2"."__pgt_v")
                    InnerJoin(on=true)
                      Scan(public.orders AS orders, key=[id], columns=[id, amount])
                      Grouped(__pgt_sq2, group=[], outputs=[__pgt_v=avg("orders"."amount")], identity=[])
                        Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_correlatedScalarSubquery_leftJoinsItsAggregateGroupedByTheInnerSide() {
        assertThat(explain("""
                select c.id, (select count(*) from orders o where o.customer_id = c.id) as n from customers c""",
                "id", "n")).isEqualTo("""
                Project(id="c"."id", n=CASE WHEN "__pgt_sq2"."__pgt_k1" IS NULL THEN (0) ELSE "__pgt_sq2"."__pgt_v" END)
                  OuterJoin(LEFT, on="__pgt_sq2"."__pgt_k1" = "c"."id")
                    Scan(public.customers AS c, key=[id], columns=[id])
                    Grouped(__pgt_sq2, group=["o"."customer_id"], outputs=[__pgt_k1="o"."customer_id", __pgt_v=count(*)], identity=[__pgt_k1])
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id])""");
    }

    @Test
    void translate_scalarSubqueryInHaving_isAlsoAGroupKey() {
        assertThat(explain("""
                select customer_id, sum(amount) as total from orders group by customer_id
                having sum(amount) > (select count(*) from customers)""", "customer_id", "total")).isEqualTo("""
                Aggregate(group=["orders"."customer_id", "__pgt_sq2"."__pgt_v"], calls=[SUM("orders"."amount")], outputs=[customer_id, total], having=sum("orders"."amount") > "__pgt_sq2"."__pgt_v")
                  InnerJoin(on=true)
                    Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])
                    Grouped(__pgt_sq2, group=[], outputs=[__pgt_v=count(*)], identity=[])
                      Scan(public.customers AS customers, key=[id], columns=[id])""");
    }

    @Test
    void translate_sameTableInsideAndOutside_resolvesBareNamesInnermostFirst() {
        assertThat(explain("""
                select sum(amount) as total from orders, customers
                 where customers.id = customer_id
                   and amount < (select 0.2 * avg(amount) from orders where customer_id = customers.id)""", "total"))
                .isEqualTo("""
                Aggregate(group=[], calls=[SUM("orders"."amount")], outputs=[total])
                  Filter(("customers"."id" = "orders"."customer_id" and "orders"."amount" < CASE WHEN "__pgt_sq3"."__pgt_k1" IS NULL THEN ((0.2 * NULL)) ELSE "__pgt_sq3"."__pgt_v" END))
                    OuterJoin(LEFT, on="__pgt_sq3"."__pgt_k1" = "customers"."id")
                      InnerJoin(on=true)
                        Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])
                        Scan(public.customers AS customers, key=[id], columns=[id])
                      Grouped(__pgt_sq3, group=["orders"."customer_id"], outputs=[__pgt_k1="orders"."customer_id", __pgt_v=(0.2 * avg("orders"."amount"))], identity=[__pgt_k1])
                        Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_groupByInnerOutputName_readsTheSubquerysOwnNames() {
        assertThat(explain("select s.k, s.n from (select customer_id as cid, count(*) from orders group by cid)"
                + " as s (k, n)", "k", "n")).isEqualTo("""
                Project(k="s"."k", n="s"."n")
                  Grouped(s, group=["orders"."customer_id"], outputs=[k="orders"."customer_id", n=count(*)], identity=[k])
                    Scan(public.orders AS orders, key=[id], columns=[id, customer_id])""");
    }

    @Test
    void translate_scalarSubqueryOverAGroupedCte_isAGroupedRelationOverTheGroupedRelation() {
        // TPC-H Q15's shape: the CTE is inlined twice, in FROM and in the scalar subquery's FROM
        assertThat(explain("""
                with rev (cid, total) as (select customer_id, sum(amount) from orders where status = 'a'
                                           group by customer_id)
                select c.id, c.name, total from customers c, rev
                 where c.id = cid and total = (select max(total) from rev)""", "id", "name", "total")).isEqualTo("""
                Project(id="c"."id", name="c"."name", total="rev"."total")
                  Filter(("c"."id" = "rev"."cid" and "rev"."total" = "__pgt_sq3"."__pgt_v"))
                    InnerJoin(on=true)
                      InnerJoin(on=true)
                        Scan(public.customers AS c, key=[id], columns=[id, name])
                        Grouped(rev, group=["orders"."customer_id"], outputs=[cid="orders"."customer_id", total=sum("orders"."amount")], identity=[cid])
                          Filter("orders"."status" = 'a')
                            Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount, status])
                      Grouped(__pgt_sq3, group=[], outputs=[__pgt_v=max("rev"."total")], identity=[])
                        Grouped(rev, group=["orders"."customer_id"], outputs=[cid="orders"."customer_id", total=sum("orders"."amount")], identity=[cid])
                          Filter("orders"."status" = 'a')
                            Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount, status])""");
    }

    @Test
    void translate_correlatedScalarSubqueryOverAGroupedCte_groupsItByTheInnerSide() {
        assertThat(explain("""
                with rev as (select o.customer_id as cid, c.region_id as region, sum(o.amount) as total
                               from orders o join customers c on c.id = o.customer_id
                              group by o.customer_id, c.region_id)
                select r.cid, r.total from rev r
                 where r.total >= (select max(r2.total) from rev r2 where r2.region = r.region)""", "cid", "total"))
                .isEqualTo("""
                Project(cid="r"."cid", total="r"."total")
                  Filter("r"."total" >= CASE WHEN "__pgt_sq2"."__pgt_k1" IS NULL THEN (NULL) ELSE "__pgt_sq2"."__pgt_v" END)
                    OuterJoin(LEFT, on="__pgt_sq2"."__pgt_k1" = "r"."region")
                      Grouped(r, group=["o"."customer_id", "c"."region_id"], outputs=[cid="o"."customer_id", region="c"."region_id", total=sum("o"."amount")], identity=[cid, region])
                        InnerJoin(on="c"."id" = "o"."customer_id")
                          Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                          Scan(public.customers AS c, key=[id], columns=[id, region_id])
                      Grouped(__pgt_sq2, group=["r2"."region"], outputs=[__pgt_k1="r2"."region", __pgt_v=max("r2"."total")], identity=[__pgt_k1])
                        Grouped(r2, group=["o"."customer_id", "c"."region_id"], outputs=[cid="o"."customer_id", region="c"."region_id", total=sum("o"."amount")], identity=[cid, region])
                          InnerJoin(on="c"."id" = "o"."customer_id")
                            Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])
                            Scan(public.customers AS c, key=[id], columns=[id, region_id])""");
    }

    @Test
    void translate_groupedDerivedTableOverAGroupedDerivedTable_nestsTheGroupedRelations() {
        assertThat(explain("""
                select m.hi, count(*) as n
                  from (select c.region_id, max(t.total) as hi
                          from (select customer_id, sum(amount) as total from orders group by customer_id) t
                          join customers c on c.id = t.customer_id
                         group by c.region_id) m
                 group by m.hi""", "hi", "n")).isEqualTo("""
                Aggregate(group=["m"."hi"], calls=[COUNT_STAR], outputs=[hi, n])
                  Grouped(m, group=["c"."region_id"], outputs=[region_id="c"."region_id", hi=max("t"."total")], identity=[region_id])
                    InnerJoin(on="c"."id" = "t"."customer_id")
                      Grouped(t, group=["orders"."customer_id"], outputs=[customer_id="orders"."customer_id", total=sum("orders"."amount")], identity=[customer_id])
                        Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])
                      Scan(public.customers AS c, key=[id], columns=[id, region_id])""");
    }

    @Test
    void translate_groupedInSubqueryOverAGroupedDerivedTable_isAGroupedRelationOverIt() {
        assertThat(explain("""
                select id from orders o
                 where o.customer_id in (select max(t.customer_id)
                                           from (select customer_id, count(*) as n from orders group by customer_id) t
                                          group by t.n)""", "id")).isEqualTo("""
                Project(id="o"."id")
                  SemiJoin(on="o"."customer_id" = "__pgt_in2"."__pgt_c1")
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                    Grouped(__pgt_in2, group=["t"."n"], outputs=[__pgt_c1=max("t"."customer_id")], identity=[__pgt_c1])
                      Grouped(t, group=["orders"."customer_id"], outputs=[customer_id="orders"."customer_id", n=count(*)], identity=[customer_id])
                        Scan(public.orders AS orders, key=[id], columns=[id, customer_id])""");
    }
}

package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/**
 * {@link Inliner} and {@link Flattener}: CTEs inlined, derived tables flattened, as the plans of the rewritten queries
 * show (the refusals are in {@link SelectTranslatorRejectionTest}).
 */
class InlinerTest {

    private static String explain(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).explain();
    }

    @Test
    void translate_cteReferencedTwice_isTwoScansWithTheSecondAliasRenamed() {
        assertThat(explain("with big as (select id, customer_id, amount from orders where amount > 10)"
                + " select a.id, b.id as other from big a join big b on a.customer_id = b.customer_id", "id", "other"))
                .isEqualTo("""
                Project(id="orders"."id", other="orders_2"."id")
                  Filter(("orders"."amount" > 10 and "orders_2"."amount" > 10))
                    InnerJoin(on="orders"."customer_id" = "orders_2"."customer_id")
                      Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])
                      Scan(public.orders AS orders_2, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_cteWithColumnListAndMaterialized_namesItsColumnsByTheList() {
        assertThat(explain("with a(k, total) as materialized (select customer_id, amount * 2 from orders),"
                + " b as not materialized (select k, total from a where total > 0)"
                + " select k, sum(total) as s from b group by k", "k", "s")).isEqualTo("""
                Aggregate(group=["orders"."customer_id"], calls=[SUM(("orders"."amount" * 2))], outputs=[k, s])
                  Filter(("orders"."amount" * 2) > 0)
                    Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void parse_cteNamedLikeATable_readsTheTableInsideItsBody() {
        assertThat(Shop.query("with orders as (select id, amount from orders where amount > 1) select id from orders")
                .parsed().tables()).containsExactly(java.util.List.of("orders"));
        assertThat(Shop.query("with x as (select id from orders) select id from x").parsed().tables())
                .containsExactly(java.util.List.of("orders"));
    }

    @Test
    void translate_derivedTableUnderJoin_isFlattenedWithItsWhere() {
        assertThat(explain("select s.total * 2 as t, name from (select o.amount + 1 as total, customer_id"
                + " from orders o where o.status = 'x') s join customers c on c.id = s.customer_id", "t", "name"))
                .isEqualTo("""
                Project(t=(("o"."amount" + 1) * 2), name="c"."name")
                  Filter("o"."status" = 'x')
                    InnerJoin(on="c"."id" = "o"."customer_id")
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount, status])
                      Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void translate_derivedTableWithColumnList_underAggregate() {
        assertThat(explain("select cust, sum(total) as s from (select customer_id, amount * 2 from orders)"
                + " as q(cust, total) group by cust", "cust", "s")).isEqualTo("""
                Aggregate(group=["orders"."customer_id"], calls=[SUM(("orders"."amount" * 2))], outputs=[cust, s])
                  Scan(public.orders AS orders, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_derivedTableOnNullableSide_movesItsWhereIntoOn() {
        assertThat(explain("select c.name, s.amount from customers c left join (select o.customer_id, amount"
                + " from orders o where amount > 5) s on s.customer_id = c.id", "name", "amount")).isEqualTo("""
                Project(name="c"."name", amount="o"."amount")
                  OuterJoin(LEFT, on=("o"."customer_id" = "c"."id" and "o"."amount" > 5))
                    Scan(public.customers AS c, key=[id], columns=[id, name])
                    Scan(public.orders AS o, key=[id], columns=[id, customer_id, amount])""");
    }

    @Test
    void translate_derivedJoinOnNullableSide_staysAJoinInsideTheOuterJoin() {
        assertThat(explain("select c.name, s.qty from customers c left join (select o.customer_id, l.qty"
                + " from orders o, order_lines l where l.order_id = o.id) s on s.customer_id = c.id", "name", "qty"))
                .isEqualTo("""
                Project(name="c"."name", qty="l"."qty")
                  OuterJoin(LEFT, on=("o"."customer_id" = "c"."id" and "l"."order_id" = "o"."id"))
                    Scan(public.customers AS c, key=[id], columns=[id, name])
                    InnerJoin(on=true)
                      Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                      Scan(public.order_lines AS l, key=[order_id, line_no], columns=[order_id, line_no, qty])""");
    }

    @Test
    void translate_starOverDerivedTable_listsItsColumnsInPlace() {
        assertThat(explain("select * from customers c, (select id as oid, amount from orders) s where s.oid = c.id",
                "id", "name", "region_id", "active", "oid", "amount")).isEqualTo("""
                Project(id="c"."id", name="c"."name", region_id="c"."region_id", active="c"."active", \
                oid="orders"."id", amount="orders"."amount")
                  Filter("orders"."id" = "c"."id")
                    InnerJoin(on=true)
                      Scan(public.customers AS c, key=[id], columns=[id, name, region_id, active])
                      Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_bareNameOfOuterTable_isQualifiedBeforeInnerTablesJoin() {
        // name is a column of customers and of products: once flattened, a bare name would be ambiguous
        assertThat(explain("select name, p from customers c join (select id as p from products) s on s.p = c.id",
                "name", "p")).isEqualTo("""
                Project(name="c"."name", p="products"."id")
                  InnerJoin(on="products"."id" = "c"."id")
                    Scan(public.customers AS c, key=[id], columns=[id, name])
                    Scan(public.products AS products, key=[id], columns=[id])""");
    }

    @Test
    void translate_nestedDerivedTables_flattenFromTheInside() {
        assertThat(explain("select x from (select y + 1 as x from (select amount as y from orders where id > 3) a"
                + " where y < 9) b", "x")).isEqualTo("""
                Project(x=("orders"."amount" + 1))
                  Filter(("orders"."amount" < 9 and "orders"."id" > 3))
                    Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }

    @Test
    void translate_view_isExpandedWithItsColumnNames() {
        // active_orders(id, amount) is a view in the shop: its definition as pg_get_viewdef prints it
        assertThat(Shop.query("select v.amount, c.name from active_orders v join customers c on c.id = v.id")
                .view("active_orders", "SELECT o.id, o.amount * 2 FROM orders o WHERE (o.status = 'active'::text);")
                .outputs("amount", "name").explain()).isEqualTo("""
                Project(amount=("o"."amount" * 2), name="c"."name")
                  Filter("o"."status" = cast('active' as text))
                    InnerJoin(on="c"."id" = "o"."id")
                      Scan(public.orders AS o, key=[id], columns=[id, amount, status])
                      Scan(public.customers AS c, key=[id], columns=[id, name])""");
    }

    @Test
    void compile_viewWithAggregate_isAGroupedRelation() {
        assertThat(Shop.query("select id from active_orders")
                .view("active_orders", "SELECT customer_id AS id, sum(amount) AS amount FROM orders GROUP BY 1")
                .outputs("id").explain()).contains("Grouped").contains("Scan(public.orders AS orders");
    }

    @Test
    void compile_flattenedSubqueryOnNullableSide_golden() {
        // the statement reads only base tables: the subquery's WHERE is in the LEFT JOIN's ON
        Golden.assertSql(Shop.query("select c.name, s.amount from customers c left join (select o.customer_id, amount"
                + " from orders o where amount > 5) s on s.customer_id = c.id")
                .outputs("name text", "amount numeric(12,2)").formattedDifferentialSql(1));
    }

    @Test
    void translate_derivedTableWithSubqueriesInWhere_movesThemIntoTheOuterQuery() {
        // TPC-H Q22's shape: the scalar subquery's bare names are its own table's, the correlated one's c.id the
        // derived table's (renamed, as the outer query reads orders as o too)
        assertThat(explain("select x.name, count(*) as n from (select c.name from customers c where c.id > (select"
                + " avg(id) from customers) and not exists (select * from orders o where o.customer_id = c.id)) x"
                + " join orders o on o.customer_id = 1 group by x.name", "name", "n")).isEqualTo("""
                Aggregate(group=["c"."name"], calls=[COUNT_STAR], outputs=[name, n])
                  AntiJoin(on="o_2"."customer_id" = "c"."id")
                    Filter("c"."id" > "__pgt_sq3"."__pgt_v")
                      InnerJoin(on=true)
                        InnerJoin(on="o"."customer_id" = 1)
                          Scan(public.customers AS c, key=[id], columns=[id, name])
                          Scan(public.orders AS o, key=[id], columns=[id, customer_id])
                        Grouped(__pgt_sq3, group=[], outputs=[__pgt_v=avg("customers"."id")], identity=[])
                          Scan(public.customers AS customers, key=[id], columns=[id])
                    Scan(public.orders AS o_2, key=[id], columns=[id, customer_id])""");
    }

    @Test
    void translate_subqueryInDerivedWhereOverTheSameTable_keepsItsBareNamesItsOwn() {
        assertThat(explain("select s.id from (select id, amount from orders where amount > (select avg(amount)"
                + " from orders)) s", "id")).isEqualTo("""
                Project(id="orders"."id")
                  Filter("orders"."amount" > "__pgt_sq2"."__pgt_v")
                    InnerJoin(on=true)
                      Scan(public.orders AS orders, key=[id], columns=[id, amount])
                      Grouped(__pgt_sq2, group=[], outputs=[__pgt_v=avg("orders"."amount")], identity=[])
                        Scan(public.orders AS orders, key=[id], columns=[id, amount])""");
    }
}

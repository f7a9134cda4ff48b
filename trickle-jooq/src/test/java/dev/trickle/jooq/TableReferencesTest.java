package dev.trickle.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TableReferences}, through {@link QueryCompiler#parse(String)}: the relations a query reads. */
class TableReferencesTest {
    private final QueryCompiler compiler = new QueryCompiler();

    private List<List<String>> tables(String sql) {
        return compiler.parse(sql).tables();
    }

    @Test
    void tables_singleTable_isFound() {
        assertThat(tables("select id from orders")).containsExactly(List.of("orders"));
    }

    @Test
    void tables_unquotedMixedCase_isFolded() {
        assertThat(tables("select id from Orders")).containsExactly(List.of("orders"));
    }

    @Test
    void tables_quotedName_keepsSpelling() {
        assertThat(tables("select * from \"Order Lines\"")).containsExactly(List.of("Order Lines"));
    }

    @Test
    void tables_schemaQualified_hasTwoParts() {
        assertThat(tables("select 1 as one from sales.orders, \"My Schema\".\"T\", Public.Items"))
                .containsExactly(List.of("sales", "orders"), List.of("My Schema", "T"), List.of("public", "items"));
    }

    @Test
    void tables_joins_findsEveryJoinedTableInOrder() {
        assertThat(tables("""
                select o.id, c.name, l.qty
                  from orders o
                  join customers c on c.id = o.customer_id
                  left join "Order Lines" l on l.order_id = o.id
                  cross join regions r"""))
                .containsExactly(List.of("orders"), List.of("customers"), List.of("Order Lines"), List.of("regions"));
    }

    @Test
    void tables_subqueries_areFoundInFromSelectListAndWhere() {
        assertThat(tables("""
                select o.id, (select max(i.price) from items i where i.order_id = o.id) as top
                  from (select * from sales.orders) o
                 where exists (select 1 from returns r where r.order_id = o.id)
                   and o.customer_id in (select id from customers)"""))
                .containsExactlyInAnyOrder(
                        List.of("items"), List.of("sales", "orders"), List.of("returns"), List.of("customers"));
    }

    @Test
    void tables_cteNames_areExcludedButTheirBodiesAreRead() {
        assertThat(tables("""
                with recent as (select * from orders where id > 10),
                     big as (select * from recent where amount > 100)
                select * from big join customers c on c.id = big.customer_id"""))
                .containsExactlyInAnyOrder(List.of("orders"), List.of("customers"));
    }

    @Test
    void tables_cteShadowingTableName_readsOnlyTheQualifiedTable() {
        assertThat(tables("with orders as (select * from sales.orders) select * from orders"))
                .containsExactly(List.of("sales", "orders"));
    }

    @Test
    void tables_sameTableTwice_isListedOnce() {
        assertThat(tables("select a.id from orders a join orders b on a.id = b.parent_id"))
                .containsExactly(List.of("orders"));
    }

    @Test
    void tables_columnQualifiers_areNotTables() {
        assertThat(tables("select t.a, t.*, u.b from t join u using (id) where t.c = u.c"))
                .containsExactly(List.of("t"), List.of("u"));
    }

    @Test
    void tables_setOperation_findsBothSides() {
        assertThat(tables("select id from orders union all select id from archive.orders"))
                .containsExactly(List.of("orders"), List.of("archive", "orders"));
    }

    @Test
    void tables_tableFunctionAndValues_areNotTables() {
        assertThat(tables("select g from generate_series(1, 3) g")).isEmpty();
        assertThat(tables("select * from (values (1), (2)) v(x)")).isEmpty();
    }

    @Test
    void tables_noFrom_isEmpty() {
        assertThat(tables("select 1 as one")).isEmpty();
    }
}

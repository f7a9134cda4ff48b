package dev.trickle.jooq.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.trickle.jooq.QueryCompiler#keyProbe}: the query whose columns the server types so that row identities
 * hash each key in a lossless form, and the compilation that uses those types.
 */
class KeyProbeTest {

    @Test
    void keyProbe_groupedJoin_selectsGroupKeysOverTheJoin() {
        assertThat(Shop.query("select c.region_id, count(*) as n from orders o join customers c"
                        + " on c.id = o.customer_id group by c.region_id").outputs("region_id integer", "n bigint")
                .keyProbe())
                .hasValue("SELECT \"c\".\"region_id\" AS \"__pgt_k1\" FROM \"public\".\"orders\" AS \"o\","
                        + " \"public\".\"customers\" AS \"c\" WHERE (\"c\".\"id\" = \"o\".\"customer_id\")");
    }

    @Test
    void keyProbe_join_selectsEveryScanKeyInPlanOrder() {
        assertThat(Shop.query("select o.id, l.qty from orders o join order_lines l on l.order_id = o.id")
                .outputs("id integer", "qty integer").keyProbe().orElseThrow())
                .startsWith("SELECT \"o\".\"id\" AS \"__pgt_k1\", \"l\".\"order_id\" AS \"__pgt_k2\","
                        + " \"l\".\"line_no\" AS \"__pgt_k3\" FROM ");
    }

    @Test
    void keyProbe_scalarAggregate_isEmpty() {
        assertThat(Shop.query("select count(*) as n from orders").outputs("n bigint").keyProbe()).isEmpty();
    }

    @Test
    void keyProbe_queryWithoutDifferentialPlan_isEmpty() {
        assertThat(Shop.query("select id from orders union select id from customers limit 3").outputs("id integer")
                .mode(RefreshMode.AUTO).keyProbe()).isEmpty();
    }

    @Test
    void compile_keyTypesGiven_storageAndDeltaHashKeysLosslessly() {
        var query = Shop.query("select amount, count(*) as n from orders group by amount")
                .outputs("amount numeric(12,2)", "n bigint");
        CompiledStreamTable compiled = query.compile("numeric");

        assertThat(compiled.keyTypes()).containsExactly("numeric");
        assertThat(compiled.storageQuery())
                .contains("hash_record_extended(ROW(\"orders\".\"amount\", \"orders\".\"amount\" < 0), 0)");
        assertThat(new dev.trickle.jooq.QueryCompiler().differentialSql(compiled, DeltaPlans.ID))
                .contains("hash_record_extended(ROW(x.\"__pgt_g1\", x.\"__pgt_g1\" < 0), 0)");
    }
}

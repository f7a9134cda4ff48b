package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/**
 * Bug: an unsupported FROM item was quoted by its alias only: {@code generate_series(1, 3) g} gave "a table
 * expression in FROM cannot be maintained differentially: g", and {@code VALUES} gave "v". Fragments rendered a
 * table reference outside its FROM clause, where jOOQ writes just the alias.
 */
class Bug_tableExpressionFragmentTest {

    private static UnsupportedQueryException rejection(String sql, String... outputs) {
        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class,
                () -> Shop.query(sql).outputs(outputs).plan());
        assertThat(e).isNotNull();
        return e;
    }

    @Test
    void translate_tableFunction_fragmentDeclaresTheFunction() {
        UnsupportedQueryException e = rejection("select g from generate_series(1, 3) g", "g");

        assertThat(e.reason()).isEqualTo(Reason.TABLE_EXPRESSION);
        assertThat(e.fragment()).isEqualTo("generate_series(1, 3) as g");
    }

    @Test
    void translate_valuesList_fragmentShowsTheValues() {
        UnsupportedQueryException e = rejection("select x from (values (1), (2)) v(x)", "x");

        assertThat(e.reason()).isEqualTo(Reason.TABLE_EXPRESSION);
        assertThat(e.fragment()).contains("values (1), (2)");
    }

    @Test
    void translate_outerJoinUsing_fragmentNamesTheJoinedTables() {
        UnsupportedQueryException e = rejection(
                "select o.id from orders o left join order_lines l using (id)", "id");

        assertThat(e.reason()).isEqualTo(Reason.JOIN_CONDITION);
        assertThat(e.fragment()).isEqualTo("orders as o left outer join order_lines as l using (id)");
    }

    @Test
    void translate_lateral_fragmentShowsTheLateralItem() {
        UnsupportedQueryException e = rejection(
                "select o.id, g from orders o, lateral generate_series(1, o.customer_id) g", "id", "g");

        assertThat(e.reason()).isEqualTo(Reason.TABLE_EXPRESSION);
        assertThat(e.fragment()).contains("generate_series(1, o.customer_id)");
    }
}

package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/**
 * Bug: a window function was reported with its window specification as the fragment ({@code order by id}), not the
 * call, and {@code OVER ()} gave an empty fragment: "a window function cannot be maintained differentially: ".
 */
class Bug_windowFunctionFragmentTest {

    private static UnsupportedQueryException rejection(String sql, String... outputs) {
        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class,
                () -> Shop.query(sql).outputs(outputs).plan());
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.WINDOW_FUNCTION);
        return e;
    }

    @Test
    void translate_emptyOverClause_fragmentIsTheWindowCall() {
        UnsupportedQueryException e = rejection("select id, sum(amount) over () as s from orders", "id", "s");

        assertThat(e.fragment()).isEqualTo("sum(amount) over ()");
        assertThat(e.getMessage())
                .isEqualTo("a window function cannot be maintained differentially: sum(amount) over ()");
    }

    @Test
    void translate_rowNumber_fragmentIsTheWindowCall() {
        assertThat(rejection("select id, row_number() over (order by id) as rn from orders", "id", "rn").fragment())
                .isEqualTo("row_number() over (order by id)");
    }

    @Test
    void translate_windowInsideExpression_fragmentIsTheInnermostWindowCall() {
        assertThat(rejection("select id, 1 + rank() over (partition by status order by id) as r from orders",
                "id", "r").fragment()).isEqualTo("rank() over (partition by status order by id)");
    }

    @Test
    void translate_namedWindowClause_fragmentIsNotEmpty() {
        assertThat(rejection("select id, sum(amount) over w as s from orders window w as (partition by status)",
                "id", "s").fragment()).isNotBlank();
    }
}

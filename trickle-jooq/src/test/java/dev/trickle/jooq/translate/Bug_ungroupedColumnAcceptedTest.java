package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trickle.RefreshMode;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.Shop;
import org.junit.jupiter.api.Test;

/**
 * Bug: a select item that is neither grouped nor aggregated was accepted. {@code AggregateTranslator.checkGrouped}
 * relies on {@code Expressions.render}'s leftover callback, which was only called for column references the scope
 * could not resolve; by then every reference is resolved, so the check never fired. PostgreSQL accepts such queries
 * when the group key is a primary key (functional dependency), and the differential statement then selected
 * {@code "o"."amount"} from the state CTE, which has no such column: the refresh statement did not prepare.
 */
class Bug_ungroupedColumnAcceptedTest {

    @Test
    void translate_columnFunctionallyDependentOnGroupedKey_throwsGrouping() {
        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class, () -> Shop.query(
                        "select o.id, o.amount, count(*) as n from orders o join order_lines l on l.order_id = o.id"
                                + " group by o.id")
                .outputs("id", "amount", "n").plan());

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.GROUPING);
        assertThat(e.fragment()).isEqualTo("o.amount");
        assertThat(e.getMessage()).isEqualTo("a select item that is neither grouped nor aggregated (o.amount)"
                + " cannot be maintained differentially: o.amount");
    }

    @Test
    void translate_ungroupedColumnNextToGroupKey_throwsGrouping() {
        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class, () -> Shop.query(
                "select status, id, count(*) as n from orders group by status").outputs("status", "id", "n").plan());

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.GROUPING);
        assertThat(e.fragment()).isEqualTo("id");
    }

    @Test
    void translate_selectStarGroupedByKey_throwsGrouping() {
        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class, () -> Shop.query(
                "select *, count(*) as n from products group by id").outputs("id", "name", "category", "n").plan());

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.GROUPING);
    }

    @Test
    void compile_autoWithUngroupedColumn_fallsBackToFull() {
        CompiledStreamTable c = Shop.query("select o.id, o.amount, count(*) as n from orders o group by o.id")
                .outputs("id", "amount", "n").mode(RefreshMode.AUTO).compile();

        assertThat(c.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(c.fallbackReason()).startsWith("a select item that is neither grouped nor aggregated");
    }

    @Test
    void translate_groupedAndAggregatedItems_stillAccepted() {
        assertThat(Shop.query("select o.id, upper(o.status) as s, o.id + count(*) as n, sum(o.amount) as t"
                        + " from orders o group by o.id, upper(o.status)")
                .outputs("id", "s", "n", "t").plan().root()).isNotNull();
    }
}

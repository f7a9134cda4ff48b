package dev.trickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import java.time.Duration;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** {@link StreamTableSpec} and its builder: defaults, set-once options, query validation, jOOQ rendering. */
class StreamTableSpecTest {

    @Test
    void build_noOptions_defaultsToAutoWithoutSchedule() {
        StreamTableSpec spec = StreamTableSpec.builder("order_totals", "select 1 as one").build();

        assertThat(spec.name()).isEqualTo(TableName.of("order_totals"));
        assertThat(spec.query()).isEqualTo("select 1 as one");
        assertThat(spec.mode()).isEqualTo(RefreshMode.AUTO);
        assertThat(spec.schedule()).isNull();
    }

    @Test
    void builder_qualifiedQuotedName_isParsed() {
        StreamTableSpec spec = StreamTableSpec.builder("Sales.\"Order Totals\"", "select 1 as one").build();

        assertThat(spec.name()).isEqualTo(new TableName("sales", "Order Totals"));
    }

    @Test
    void builder_tableName_isTakenAsIs() {
        TableName name = new TableName("S", "T");

        assertThat(StreamTableSpec.builder(name, "select 1 as one").build().name()).isSameAs(name);
    }

    @Test
    void builder_invalidName_throwsInvalidNameException() {
        assertThatThrownBy(() -> StreamTableSpec.builder("x; drop table y", "select 1 as one"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("x; drop table y");
    }

    @Test
    void build_modeAndSchedule_areKept() {
        StreamTableSpec spec = StreamTableSpec.builder("t", "select 1 as one")
                .mode(RefreshMode.FULL)
                .schedule("5m")
                .build();

        assertThat(spec.mode()).isEqualTo(RefreshMode.FULL);
        assertThat(spec.schedule()).isEqualTo("5m");
    }

    @Test
    void mode_setTwice_throwsIllegalStateException() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("t", "select 1 as one").mode(RefreshMode.FULL);

        assertThatThrownBy(() -> builder.mode(RefreshMode.AUTO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FULL");
    }

    @Test
    void schedule_setTwice_throwsIllegalStateException() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("t", "select 1 as one").schedule("30s");

        assertThatThrownBy(() -> builder.schedule("1m"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("30s");
    }

    @Test
    void refreshEvery_afterSchedule_throwsIllegalStateException() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("t", "select 1 as one").schedule("30s");

        assertThatThrownBy(() -> builder.refreshEvery(Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void schedule_blank_throwsIllegalArgumentException() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("t", "select 1 as one");

        assertThatThrownBy(() -> builder.schedule(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mode_null_throwsNullPointerException() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("t", "select 1 as one");

        assertThatThrownBy(() -> builder.mode(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refreshEvery_duration_becomesMillisecondsSchedule() {
        StreamTableSpec spec = StreamTableSpec.builder("t", "select 1 as one")
                .refreshEvery(Duration.ofMinutes(1).plusSeconds(30))
                .build();

        assertThat(spec.schedule()).isEqualTo("90000ms");
    }

    @Test
    void refreshEvery_underOneMillisecond_throwsIllegalArgumentException() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("t", "select 1 as one");

        assertThatThrownBy(() -> builder.refreshEvery(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1ms");
        assertThatThrownBy(() -> builder.refreshEvery(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.refreshEvery(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_calledTwice_returnsEqualSpecs() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("t", "select 1 as one").mode(RefreshMode.FULL);

        assertThat(builder.build()).isEqualTo(builder.build());
    }

    @Test
    void build_nullQuery_throwsInvalidQueryExceptionNamingTable() {
        StreamTableSpec.Builder builder = StreamTableSpec.builder("order_totals", (String) null);

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'order_totals'")
                .hasMessageContaining("must not be empty")
                .satisfies(e -> assertThat(((InvalidQueryException) e).query()).isNull());
    }

    @Test
    void build_blankQuery_throwsInvalidQueryException() {
        assertThatThrownBy(() -> StreamTableSpec.builder("order_totals", " \n\t").build())
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'order_totals'");
        assertThatThrownBy(() -> StreamTableSpec.builder("order_totals", "").build())
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void builder_nullSelect_throwsInvalidQueryExceptionNamingTable() {
        assertThatThrownBy(() -> StreamTableSpec.builder("order_totals", (Select<?>) null))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'order_totals'")
                .hasMessageContaining("must not be null");
    }

    @Test
    void builder_jooqSelect_isRenderedAsPostgresSqlWithInlinedValues() {
        Select<?> select = DSL.select(field(name("customer_id")), sum(field(name("amount"), BigDecimal.class)).as("total"))
                .from(table(name("orders")))
                .where(field(name("amount"), BigDecimal.class).gt(new BigDecimal("10.5")))
                .and(field(name("status"), String.class).eq("it's open"))
                .groupBy(field(name("customer_id")));

        String sql = StreamTableSpec.builder("order_totals", select).build().query();

        assertThat(sql)
                .isEqualTo("select \"customer_id\", sum(\"amount\") as \"total\" from \"orders\""
                        + " where (\"amount\" > 10.5 and \"status\" = 'it''s open') group by \"customer_id\"")
                .doesNotContain("?");
    }

    @Test
    void builder_jooqSelect_laterChangesToTheSelectDoNotAffectTheSpec() {
        var select = DSL.select(field(name("a"))).from(table(name("t")));
        StreamTableSpec spec = StreamTableSpec.builder("s", select).build();

        select.where(field(name("a"), Integer.class).eq(1));

        assertThat(spec.query()).isEqualTo("select \"a\" from \"t\"");
    }

    @Test
    void constructor_blankSchedule_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> new StreamTableSpec(TableName.of("t"), "select 1 as one", RefreshMode.AUTO, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_nullNameOrMode_throwsNullPointerException() {
        assertThatThrownBy(() -> new StreamTableSpec(null, "select 1 as one", RefreshMode.AUTO, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StreamTableSpec(TableName.of("t"), "select 1 as one", null, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void withModeAndWithSchedule_returnChangedCopies() {
        StreamTableSpec spec = StreamTableSpec.builder("t", "select 1 as one").build();

        StreamTableSpec changed = spec.withMode(RefreshMode.FULL).withSchedule("1h");

        assertThat(changed.mode()).isEqualTo(RefreshMode.FULL);
        assertThat(changed.schedule()).isEqualTo("1h");
        assertThat(changed.withSchedule(null).schedule()).isNull();
        assertThat(spec.mode()).isEqualTo(RefreshMode.AUTO);
        assertThat(spec.schedule()).isNull();
    }

    @Test
    void refreshModeParse_anyCase_returnsMode() {
        assertThat(RefreshMode.parse(" differential ")).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThatThrownBy(() -> RefreshMode.parse("sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sometimes'");
    }
}

package dev.trickle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table model: DDL, inserts, literals and validation. */
class TableSpecTest {

    @Test
    void createSql_declaresKeyAndTypes() {
        TableSpec t = TableSpec.of("s.t").key("id").intColumn("g", 0, 3).nullable().numericColumn("v", 0, 9)
                .textColumn("s", 2);

        assertThat(t.createSql()).isEqualTo("CREATE TABLE s.t (id int PRIMARY KEY, g int, v numeric, s text)");
        assertThat(t.keyColumn().max()).isEqualTo(TableSpec.DEFAULT_MAX_ID);
        assertThat(t.column("g").nullable()).isTrue();
        assertThat(t.valueColumns()).extracting(ColumnSpec::name).containsExactly("g", "v", "s");
    }

    @Test
    void insertSql_ofNoRows_isEmpty() {
        assertThat(TableSpec.of("t").key("id").insertSql(List.of())).isEmpty();
    }

    @Test
    void nullable_onTheKey_isRejected() {
        assertThatThrownBy(() -> TableSpec.of("t").key("id").nullable())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be nullable");
    }

    @Test
    void nullable_withoutColumns_isRejected() {
        assertThatThrownBy(() -> TableSpec.of("t").nullable()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void key_twice_isRejected() {
        assertThatThrownBy(() -> TableSpec.of("t").key("id").key("id2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void column_withTheSameName_isRejected() {
        assertThatThrownBy(() -> TableSpec.of("t").key("id").intColumn("id", 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void names_thatNeedQuoting_areRejected() {
        assertThatThrownBy(() -> TableSpec.of("Orders")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableSpec.of("t; drop table x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableSpec.of("t").key("__pgt_row_id")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createSql_withoutKey_isRejected() {
        assertThatThrownBy(() -> TableSpec.of("t").intColumn("a", 0, 1).createSql())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key column");
    }

    @Test
    void literal_keepsNumericScaleAndEscapesQuotes() {
        assertThat(ColumnSpec.literal(new BigDecimal("2.50"))).isEqualTo("2.50");
        assertThat(ColumnSpec.literal(new BigDecimal("1E+1"))).isEqualTo("10");
        assertThat(ColumnSpec.literal(-3)).isEqualTo("-3");
        assertThat(ColumnSpec.literal("it's")).isEqualTo("'it''s'");
        assertThat(ColumnSpec.literal(null)).isEqualTo("NULL");
    }
}

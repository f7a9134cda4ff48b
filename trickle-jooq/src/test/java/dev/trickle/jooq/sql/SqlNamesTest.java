package dev.trickle.jooq.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SqlNames}: quoting and the names of every object Trickle creates. */
class SqlNamesTest {

    @Test
    void quote_plainName_isDoubleQuoted() {
        assertThat(SqlNames.quote("orders")).isEqualTo("\"orders\"");
    }

    @Test
    void quote_mixedCaseAndSpaces_keepsSpelling() {
        assertThat(SqlNames.quote("Order Lines")).isEqualTo("\"Order Lines\"");
    }

    @Test
    void quote_embeddedQuotes_areDoubled() {
        assertThat(SqlNames.quote("a\"b\"\"c")).isEqualTo("\"a\"\"b\"\"\"\"c\"");
    }

    @Test
    void quote_injectionAttempt_staysOneIdentifier() {
        assertThat(SqlNames.quote("x\"; drop table t; --")).isEqualTo("\"x\"\"; drop table t; --\"");
    }

    @Test
    void quote_nul_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> SqlNames.quote("a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identifier contains a NUL character");
    }

    @Test
    void quote_null_throwsNullPointerException() {
        assertThatThrownBy(() -> SqlNames.quote(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void literal_embeddedQuotes_areDoubled() {
        assertThat(SqlNames.literal("it's")).isEqualTo("'it''s'");
    }

    @Test
    void literal_backslash_isAnEscapeStringWithBackslashesAndQuotesDoubled() {
        // means the same whether standard_conforming_strings is on or off (SingleStatementIT runs it on both)
        assertThat(SqlNames.literal("a\\'b")).isEqualTo("E'a\\\\''b'");
    }

    @Test
    void literal_nul_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> SqlNames.literal("\0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("string contains a NUL character");
    }

    @Test
    void qualified_schemaAndName_quotesBoth() {
        assertThat(SqlNames.qualified("My Schema", "t")).isEqualTo("\"My Schema\".\"t\"");
        assertThat(SqlNames.qualified(new TableName("s", "T\"1"))).isEqualTo("\"s\".\"T\"\"1\"");
    }

    @Test
    void qualified_unqualifiedTableName_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> SqlNames.qualified(TableName.of("t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unqualified name t");
    }

    @Test
    void columnList_withAndWithoutPrefix_quotesEachColumn() {
        assertThat(SqlNames.columnList(List.of("a", "B c"), "")).isEqualTo("\"a\", \"B c\"");
        assertThat(SqlNames.columnList(List.of("a", "B c"), "n")).isEqualTo("n.\"a\", n.\"B c\"");
    }

    @Test
    void changeBufferAndCaptureFunction_oid_areNamedInChangesSchema() {
        assertThat(SqlNames.changeBuffer(16401)).isEqualTo("\"pgtrickle_changes\".\"changes_16401\"");
        assertThat(SqlNames.captureFunction(16401)).isEqualTo("\"pgtrickle_changes\".\"capture_16401\"");
    }

    @Test
    void isReserved_pgtPrefix_isReserved() {
        assertThat(SqlNames.isReserved("__pgt_row_id")).isTrue();
        assertThat(SqlNames.isReserved("__pgt_")).isTrue();
        assertThat(SqlNames.isReserved("_pgt_x")).isFalse();
        assertThat(SqlNames.isReserved("pgt")).isFalse();
    }
}

package dev.trickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TableName}: PostgreSQL's identifier rules for one- and two-part names. */
class TableNameTest {

    @Test
    void parse_unquotedMixedCase_foldsToLowerCase() {
        assertThat(TableName.parse("Order_Totals")).isEqualTo(new TableName(null, "order_totals"));
    }

    @Test
    void parse_unquotedWithDigitsAndDollar_keepsThem() {
        assertThat(TableName.parse("t1$x").name()).isEqualTo("t1$x");
    }

    @Test
    void parse_quotedMixedCase_keepsSpelling() {
        assertThat(TableName.parse("\"Order Totals\"")).isEqualTo(new TableName(null, "Order Totals"));
    }

    @Test
    void parse_quotedWithDoubledQuote_unescapesQuote() {
        assertThat(TableName.parse("\"say \"\"hi\"\"\"").name()).isEqualTo("say \"hi\"");
    }

    @Test
    void parse_quotedWithSemicolonAndSpaces_isOneIdentifier() {
        assertThat(TableName.parse("\"x; drop table y\"")).isEqualTo(new TableName(null, "x; drop table y"));
    }

    @Test
    void parse_quotedWithDot_isOneIdentifier() {
        assertThat(TableName.parse("\"a.b\"")).isEqualTo(new TableName(null, "a.b"));
    }

    @Test
    void parse_schemaAndName_splitsAndFoldsEach() {
        TableName name = TableName.parse("Sales.Totals");

        assertThat(name).isEqualTo(new TableName("sales", "totals"));
        assertThat(name.isQualified()).isTrue();
    }

    @Test
    void parse_quotedSchemaAndUnquotedName_foldsOnlyTheName() {
        assertThat(TableName.parse("\"My Schema\".Totals")).isEqualTo(new TableName("My Schema", "totals"));
    }

    @Test
    void parse_unqualified_hasNoSchema() {
        TableName name = TableName.parse("orders");

        assertThat(name.schema()).isNull();
        assertThat(name.isQualified()).isFalse();
    }

    @Test
    void parse_nonAsciiUnquoted_isAccepted() {
        assertThat(TableName.parse("bestellungen_ä").name()).isEqualTo("bestellungen_ä");
    }

    @Test
    void parse_nonAsciiUpperCaseUnquoted_foldsOnlyAscii() {
        // PostgreSQL folds only A-Z in a multi-byte encoding such as UTF8: CREATE TABLE Über makes "Über"
        assertThat(TableName.parse("ÜberTabelle").name()).isEqualTo("Übertabelle");
    }

    @Test
    void parse_sqlInjection_isRejected() {
        assertThatThrownBy(() -> TableName.parse("x; drop table y"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("'x; drop table y'")
                .satisfies(e -> assertThat(((InvalidNameException) e).name()).isEqualTo("x; drop table y"));
    }

    @Test
    void parse_threeParts_isRejected() {
        assertThatThrownBy(() -> TableName.parse("a.b.c"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("'a.b.c'")
                .hasMessageContaining("schema.name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void parse_blank_isRejected(String text) {
        assertThatThrownBy(() -> TableName.parse(text))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void parse_null_isRejected() {
        assertThatThrownBy(() -> TableName.parse(null)).isInstanceOf(InvalidNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"\".t", "s.\"\""})
    void parse_emptyQuotedPart_isRejected(String text) {
        assertThatThrownBy(() -> TableName.parse(text))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("empty identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {".t", "s.", "s..t", "1abc", "$x", "a b", "a-b", "a\"b\"", " orders"})
    void parse_malformed_isRejected(String text) {
        assertThatThrownBy(() -> TableName.parse(text))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageStartingWith("invalid name '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc", "\"abc\"\"", "s.\"t", "\"a\"\"b"})
    void parse_unterminatedQuote_isRejected(String text) {
        assertThatThrownBy(() -> TableName.parse(text))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("unterminated quoted identifier");
    }

    @Test
    void parse_63Bytes_isAccepted() {
        String name = "a".repeat(63);

        assertThat(TableName.parse(name).name()).isEqualTo(name);
    }

    @Test
    void parse_64Bytes_isRejected() {
        assertThatThrownBy(() -> TableName.parse("a".repeat(64)))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("longer than 63 bytes");
    }

    @Test
    void parse_32TwoByteCharacters_isRejectedByByteLength() {
        // 32 characters, 64 bytes in UTF-8
        assertThatThrownBy(() -> TableName.parse("\"" + "é".repeat(32) + "\""))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("longer than 63 bytes");
    }

    @Test
    void parse_longSchema_isRejected() {
        assertThatThrownBy(() -> TableName.parse("s".repeat(64) + ".t"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("longer than 63 bytes");
    }

    @Test
    void parse_quotedNul_isRejected() {
        assertThatThrownBy(() -> TableName.parse("\"a\0b\""))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void constructor_nul_isRejected() {
        assertThatThrownBy(() -> new TableName("s", "a\0b"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void constructor_emptyName_isRejected() {
        assertThatThrownBy(() -> TableName.of("")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void constructor_nullName_throwsNullPointerException() {
        assertThatThrownBy(() -> new TableName("s", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void of_mixedCase_keepsSpellingWithoutFolding() {
        assertThat(TableName.of("Orders").name()).isEqualTo("Orders");
    }

    @Test
    void withSchema_unqualified_returnsQualifiedCopy() {
        assertThat(TableName.of("t").withSchema("s")).isEqualTo(new TableName("s", "t"));
    }

    @Test
    void toString_plainLowerCase_isUnquoted() {
        assertThat(new TableName("sales", "order_totals")).hasToString("sales.order_totals");
    }

    @Test
    void toString_partsThatNeedQuotes_areQuoted() {
        assertThat(new TableName("My Schema", "say \"hi\"")).hasToString("\"My Schema\".\"say \"\"hi\"\"\"");
        assertThat(TableName.of("Orders")).hasToString("\"Orders\"");
        assertThat(TableName.of("1abc")).hasToString("\"1abc\"");
        assertThat(TableName.of("a.b")).hasToString("\"a.b\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "orders",
        "Orders",
        "order totals",
        "x; drop table y",
        "say \"hi\"",
        "a.b",
        "1abc",
        "t$1",
        "ümlaut",
        "Ünicode",
        "_x",
        "\"",
        "select"
    })
    void toString_anyIdentifier_roundTripsThroughParse(String identifier) {
        TableName unqualified = TableName.of(identifier);
        TableName qualified = new TableName(identifier, identifier);

        assertThat(TableName.parse(unqualified.toString())).isEqualTo(unqualified);
        assertThat(TableName.parse(qualified.toString())).isEqualTo(qualified);
    }
}

package dev.trickle.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.InvalidQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SqlText#singleQuery(String)}: a query text that passes can be wrapped in parentheses without ending the
 * statement around it.
 */
class SqlTextTest {

    @Test
    void singleQuery_plainQuery_isReturnedUnchanged() {
        assertThat(SqlText.singleQuery("select a, b from t where (a > 1)")).isEqualTo("select a, b from t where (a > 1)");
    }

    @Test
    void singleQuery_trailingSemicolons_areStripped() {
        assertThat(SqlText.singleQuery("select 1 ;")).isEqualTo("select 1");
        assertThat(SqlText.singleQuery("  select 1;;\n ; \n")).isEqualTo("select 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select 'a;b' as s",
        "select 'a)b' as s",
        "select 'it''s; (' as s",
        "select E'it\\'s;)' as s",
        "select e'\\\\' as s, ';' as t",
        "select $$x;y$$ as s",
        "select $$)$$ as s",
        "select $tag$ a $$ ; ) $ $tag$ as s",
        "select $a1$;$a1$ as s",
        "select U&'d\\0061t;' as s",
        "select B'101' as b, X'1F' as x"
    })
    void singleQuery_separatorsInsideStringConstants_areAccepted(String sql) {
        assertThat(SqlText.singleQuery(sql)).isEqualTo(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select 1 as \"a;b\"",
        "select 1 as \"a)b\"",
        "select 1 as \"say \"\"hi;\"\"\"",
        "select * from \"Order Lines\""
    })
    void singleQuery_separatorsInsideQuotedIdentifiers_areAccepted(String sql) {
        assertThat(SqlText.singleQuery(sql)).isEqualTo(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select 1 -- ; drop table x; )\n as a",
        "select 1 /* ; ) */ as a",
        "select 1 /* outer /* inner ; */ still ) comment */ as a",
        "select 1 as a -- trailing comment without newline"
    })
    void singleQuery_separatorsInsideComments_areAccepted(String sql) {
        assertThat(SqlText.singleQuery(sql)).isEqualTo(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"select $1::int as a", "select a$b from t", "select x from t$1"})
    void singleQuery_dollarNotOpeningAQuote_isOrdinaryCharacter(String sql) {
        assertThat(SqlText.singleQuery(sql)).isEqualTo(sql);
    }

    @Test
    void singleQuery_identifierEndingInE_doesNotStartEscapeString() {
        // "somee'..." is not an E'' string: the backslash is literal and the quote closes the constant
        assertThatThrownBy(() -> SqlText.singleQuery("select somee'\\'; drop table x; select '1"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("single statement");
    }

    @Test
    void singleQuery_twoStatements_isRejected() {
        assertThatThrownBy(() -> SqlText.singleQuery("select 1; drop table x"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("single statement")
                .hasMessageContaining("offset 8")
                .satisfies(e -> assertThat(((InvalidQueryException) e).query()).isEqualTo("select 1; drop table x"));
    }

    @Test
    void singleQuery_breakoutOfWrappingParentheses_isRejected() {
        assertThatThrownBy(() -> SqlText.singleQuery("select 1) s; drop table x; select (1"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("unbalanced ')'");
    }

    @Test
    void singleQuery_breakoutWithoutSemicolon_isRejected() {
        assertThatThrownBy(() -> SqlText.singleQuery("select 1 as a) s, lateral (select pg_sleep(10)"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("unbalanced ')'");
    }

    @Test
    void singleQuery_semicolonAfterStringEndingInEscapedBackslash_isRejected() {
        assertThatThrownBy(() -> SqlText.singleQuery("select E'\\\\'; drop table x"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("single statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select (1", "select ((1) as a", "select 1)", "select count(*)) from t", "select )( 1"})
    void singleQuery_unbalancedParentheses_isRejected(String sql) {
        assertThatThrownBy(() -> SqlText.singleQuery(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("unbalanced");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select 'abc", "select 'it''s", "select E'abc\\'", "select 'a'' ; drop table x"})
    void singleQuery_unterminatedStringConstant_isRejected(String sql) {
        assertThatThrownBy(() -> SqlText.singleQuery(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("unterminated string constant");
    }

    @Test
    void singleQuery_unterminatedQuotedIdentifier_isRejected() {
        assertThatThrownBy(() -> SqlText.singleQuery("select 1 as \"abc"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("unterminated quoted identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select $$abc", "select $t$abc$$", "select $t$abc$T$"})
    void singleQuery_unterminatedDollarQuote_isRejected(String sql) {
        assertThatThrownBy(() -> SqlText.singleQuery(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("unterminated dollar-quoted string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select 1 /* open", "select 1 /* outer /* inner */ still open"})
    void singleQuery_unterminatedComment_isRejected(String sql) {
        assertThatThrownBy(() -> SqlText.singleQuery(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("unterminated comment");
    }

    @Test
    void singleQuery_slashAndMinusOperators_areNotComments() {
        assertThat(SqlText.singleQuery("select 4 / 2 - 1 as a")).isEqualTo("select 4 / 2 - 1 as a");
    }

    @Test
    void singleQuery_onlySemicolonsAndWhitespace_returnsEmptyText() {
        assertThat(SqlText.singleQuery(" ;; ")).isEmpty();
    }
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1 AS €$a$; COMMIT; DROP TABLE victim; SELECT 1 AS €$a$",
        "SELECT 1 AS ✓$a$; COMMIT; DROP TABLE victim; SELECT 1 AS ✓$a$",
        "SELECT 1 AS a€$a$; DROP TABLE victim; SELECT 1 AS b$a$"
    })
    void singleQuery_dollarAfterNonAsciiCharacter_continuesTheIdentifier(String sql) {
        // the server's ident_cont holds every non-ASCII character and '$': '€$a$' is one identifier, no dollar quote
        assertThatThrownBy(() -> SqlText.singleQuery(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("single statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1 AS €x", "SELECT 'a' AS \"€$a$\"", "SELECT 1 AS €$a$", "select $€$;)$€$ as s"})
    void singleQuery_nonAsciiIdentifiersAndTags_areAccepted(String sql) {
        assertThat(SqlText.singleQuery(sql)).isEqualTo(sql);
    }

    @Test
    void singleQuery_backslashQuoteWithStandardConformingStringsOff_isRejected() {
        String sql = "SELECT 'a\\' AS x, ' AS y; COMMIT; DROP TABLE victim; SELECT 'b' AS z -- '";

        assertThatThrownBy(() -> SqlText.singleQuery(sql, false))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("single statement");
        // with the setting on, the server too reads the semicolons inside string constants
        assertThat(SqlText.singleQuery(sql, true)).isEqualTo(sql);
    }

    @Test
    void singleQuery_escapedQuoteWithStandardConformingStringsOff_isAccepted() {
        String sql = "select 'it\\'s; (' as s";

        assertThat(SqlText.singleQuery(sql, false)).isEqualTo(sql);
        assertThatThrownBy(() -> SqlText.singleQuery(sql, true)).isInstanceOf(InvalidQueryException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void singleQuery_escapeStringConstant_escapesWithEitherSetting(boolean standardConformingStrings) {
        assertThat(SqlText.singleQuery("select E'\\'' as s", standardConformingStrings))
                .isEqualTo("select E'\\'' as s");
        String twoStatements = "select E'\\''; drop table x; select ''";
        assertThatThrownBy(() -> SqlText.singleQuery(twoStatements, standardConformingStrings))
                .hasMessageContaining("single statement");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void singleQuery_unicodeAndBitStrings_neverEscape(boolean standardConformingStrings) {
        assertThat(SqlText.singleQuery("select U&'\\' as u, B'1' as b, X'\\' as x", standardConformingStrings))
                .isEqualTo("select U&'\\' as u, B'1' as b, X'\\' as x");
        String twoStatements = "select X'\\'; drop table x; select ''";
        assertThatThrownBy(() -> SqlText.singleQuery(twoStatements, standardConformingStrings))
                .hasMessageContaining("single statement");
    }

    @Test
    void singleQuery_bitStringEndsAtFirstQuote_theNextQuoteOpensAPlainString() {
        // the server reads B'1' and then '\'; drop table x; --', an escape string with the setting off
        assertThat(SqlText.singleQuery("select B'1''\\'; drop table x; --' as b", false))
                .isEqualTo("select B'1''\\'; drop table x; --' as b");
    }

    @Test
    void singleQuery_stringContinuedOnTheNextLine_keepsItsKind() {
        // after a newline, a quote continues the constant as the kind it began: a bit string does not escape
        assertThatThrownBy(() -> SqlText.singleQuery("select B'1'\n'\\'; drop table x; --' as b", false))
                .hasMessageContaining("single statement");
        assertThat(SqlText.singleQuery("select E'a' -- note\n  '\\'; drop table x; --' as s"))
                .isEqualTo("select E'a' -- note\n  '\\'; drop table x; --' as s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select 1 as a -- note\r; drop table x", "select 1 as a -- note\r\n; drop table x"})
    void singleQuery_lineCommentEndsAtCarriageReturn(String sql) {
        assertThatThrownBy(() -> SqlText.singleQuery(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("single statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select $_t1$ ; ) $_t1$ as s", "select x$y$ as s from t", "select 1 as a$b$, $b$;$b$ as c"})
    void singleQuery_dollarQuoteWhereNoIdentifierContinues_isSkipped(String sql) {
        assertThat(SqlText.singleQuery(sql)).isEqualTo(sql);
    }

    @Test
    void functionInFrom_nameAfterFromOrJoinFollowedByParenthesis_isTheFunction() {
        assertThat(SqlText.functionInFrom("select e from jsonb_array_elements('[1]'::jsonb) e")).isEqualTo(
                "jsonb_array_elements");
        assertThat(SqlText.functionInFrom("select * from t join lateral my_srf(t.a) f on true")).isEqualTo("my_srf");
        assertThat(SqlText.functionInFrom("select count(x) from (select 1 as x) s")).isNull();
        assertThat(SqlText.functionInFrom("select * from (values (1)) v(a)")).isNull();
        assertThat(SqlText.functionInFrom("select 'from f(' as x, lower(a) from t")).isNull();
        assertThat(SqlText.functionInFrom("select a, lower(b) from t, u where c in (1, 2)")).isNull();
        assertThat(SqlText.functionInFrom("select a from t, pg_ls_dir('.') d")).isEqualTo("pg_ls_dir");
    }

    @Test
    void hasWord_keywordOutsideLiteralsAndComments_isFound() {
        assertThat(SqlText.hasWord("select id from t TableSample system (10)", "tablesample")).isTrue();
        assertThat(SqlText.hasWord("select 'tablesample' as x from t -- tablesample", "tablesample")).isFalse();
    }

    @Test
    void functionNames_skipsStringConstantsAsTheSessionReadsThem() {
        assertThat(SqlText.functionNames("select 'it\\'s now()' as s, lower(x) from t", false))
                .containsExactly("lower");
        assertThat(SqlText.functionNames("select E'\\' now()' as s, upper(x), current_date from t", true))
                .containsExactly("current_date", "upper");
    }

    @Test
    void forJooqParser_orderByInsideCall_becomesWithinGroup() {
        assertThat(SqlText.forJooqParser(
                "select g, STRING_AGG(s, ', ' order by s desc, (x)) filter (where x > 1) from t group by g", true))
                .isEqualTo("select g, STRING_AGG(s, ', ' ) WITHIN GROUP (order by s desc, (x)) filter (where x > 1)"
                        + " from t group by g");
    }

    @Test
    void forJooqParser_orderOutsideTheCallOrInLiterals_isLeftAlone() {
        String sql = "select string_agg(s, ' order by ') as \"order by\", string_agg(lower(s), ',') from t"
                + " group by g order by g";

        assertThat(SqlText.forJooqParser(sql, true)).isEqualTo(sql);
        assertThat(SqlText.forJooqParser("select array_agg(s order by s) from t", true))
                .isEqualTo("select array_agg(s order by s) from t");
    }

    @Test
    void forJooqParser_orderByInNestedCall_rewritesOnlyTheOuterLevel() {
        assertThat(SqlText.forJooqParser(
                "select string_agg(concat(a, b), ',' order by f(a, b)), string_agg(b, ';' order by b) from t", true))
                .isEqualTo("select string_agg(concat(a, b), ',' ) WITHIN GROUP (order by f(a, b)),"
                        + " string_agg(b, ';' ) WITHIN GROUP (order by b) from t");
    }

    @Test
    void forJooqParser_unqualifiedStddevAndVariance_becomeTheSampleNames() {
        assertThat(SqlText.forJooqParser("select stddev (x), Variance(y) filter (where y > 0), s.stddev(z),"
                + " \"stddev\"(w), stddev_samp(v), stddev, 'stddev(x)' from t", true))
                .isEqualTo("select stddev_samp (x), var_samp(y) filter (where y > 0), s.stddev(z),"
                        + " \"stddev\"(w), stddev_samp(v), stddev, 'stddev(x)' from t");
    }
}

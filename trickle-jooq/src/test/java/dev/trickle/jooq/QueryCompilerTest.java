package dev.trickle.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.InvalidQueryException;
import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.jooq.model.CompileRequest;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.ParsedQuery;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.model.SourceRelation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link QueryCompiler}: first checks of a defining query, and the full-refresh compilation. */
class QueryCompilerTest {
    private final QueryCompiler compiler = new QueryCompiler();
    private static final String QUERY = "select g, count(*) as n from t group by g";

    @Test
    void parse_select_returnsJooqModel() {
        ParsedQuery parsed = compiler.parse("select id, amount from orders where amount > 10");

        assertThat(parsed.select()).isNotNull();
        assertThat(parsed.parseError()).isNull();
        assertThat(parsed.text()).isEqualTo("select id, amount from orders where amount > 10");
    }

    @Test
    void parse_trailingSemicolonAndWhitespace_areStrippedFromText() {
        assertThat(compiler.parse("  select 1 as one;\n").text()).isEqualTo("select 1 as one");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "delete from t",
        "insert into t values (1)",
        "update t set a = 1",
        "drop table t",
        "create table x (a int)",
        "truncate t"
    })
    void parse_nonSelectStatement_throwsInvalidQueryExceptionNamingIt(String sql) {
        String verb = sql.substring(0, sql.indexOf(' ')).toUpperCase(java.util.Locale.ROOT);

        assertThatThrownBy(() -> compiler.parse(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("must be a SELECT, not " + verb)
                .hasMessageContaining(sql)
                .satisfies(e -> assertThat(((InvalidQueryException) e).query()).isEqualTo(sql));
    }

    @Test
    void parse_nonSelectLongStatement_abbreviatesItInMessage() {
        String sql = "delete from t where " + "a = 1 or ".repeat(20) + "a = 2";

        assertThatThrownBy(() -> compiler.parse(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("not DELETE")
                .hasMessageEndingWith("...");
    }

    @Test
    void parse_selectInto_throwsInvalidQueryException() {
        assertThatThrownBy(() -> compiler.parse("select * into victim_copy from victim"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("without INTO");
    }

    @Test
    void parse_stringAggWithOrderByInside_hasModelAndKeepsItsText() {
        String sql = "select string_agg(x, ',' order by x) as s from t";

        ParsedQuery parsed = compiler.parse(sql);

        assertThat(parsed.select()).isNotNull();
        assertThat(parsed.text()).isEqualTo(sql);
        assertThat(parsed.select().toString()).contains("order by");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select jsonb_object_agg(k, v order by v) as j from t",
        "select a ~* 'x' as m from t"
    })
    void parse_validPostgresThatJooqCannotParse_returnsQueryWithoutModel(String sql) {
        ParsedQuery parsed = compiler.parse(sql);

        assertThat(parsed.select()).isNull();
        assertThat(parsed.parseError()).isNotBlank();
        assertThat(parsed.text()).isEqualTo(sql);
        assertThat(parsed.tables()).isEmpty();
    }

    @Test
    void parse_invalidSql_returnsQueryWithoutModelForTheServerToJudge() {
        ParsedQuery parsed = compiler.parse("selec 1");

        assertThat(parsed.select()).isNull();
        assertThat(parsed.parseError()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void parse_blank_throwsInvalidQueryException(String sql) {
        assertThatThrownBy(() -> compiler.parse(sql))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void parse_null_throwsInvalidQueryException() {
        assertThatThrownBy(() -> compiler.parse(null))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void parse_onlySemicolons_throwsInvalidQueryException() {
        assertThatThrownBy(() -> compiler.parse(" ; ;"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void parse_onlyComment_throwsInvalidQueryException() {
        assertThatThrownBy(() -> compiler.parse("/* nothing */"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void parse_twoStatements_throwsInvalidQueryException() {
        assertThatThrownBy(() -> compiler.parse("select 1; drop table x"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("single statement");
    }

    @Test
    void parse_parenthesisBreakout_throwsInvalidQueryException() {
        assertThatThrownBy(() -> compiler.parse("select 1 as a) s; drop table victim; select (1"))
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void compile_autoWithDifferentiableQuery_runsDifferentialByKey() {
        CompiledStreamTable compiled = compile(RefreshMode.AUTO, true);

        assertThat(compiled.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(compiled.fallbackReason()).isNull();
        assertThat(compiled.rowIdentity()).isEqualTo(RowIdentity.KEY);
        assertThat(compiled.storageColumns()).extracting(OutputColumn::name)
                .containsExactly("g", "n", "__pgt_count");
        assertThat(compiled.captureColumns()).containsEntry(42L, List.of("id", "g"));
    }

    @Test
    void compile_autoWithoutPrimaryKey_runsDifferentialCountingEqualRows() {
        CompiledStreamTable compiled = compile(RefreshMode.AUTO, false);

        assertThat(compiled.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(compiled.fallbackReason()).isNull();
        assertThat(compiled.captureColumns()).containsEntry(42L, List.of("g"));
    }

    @Test
    void compile_autoReadingView_runsAsFullWithFallbackReason() {
        CompiledStreamTable compiled = compile(RefreshMode.AUTO, SourceRelation.Kind.VIEW, QUERY);

        assertThat(compiled.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(compiled.fallbackReason()).contains("reading a view");
        assertThat(compiled.rowIdentity()).isEqualTo(RowIdentity.CONTENT);
    }

    @Test
    void compile_differentialReadingView_throwsUnsupportedQueryException() {
        assertThatThrownBy(() -> compile(RefreshMode.DIFFERENTIAL, SourceRelation.Kind.VIEW, QUERY))
                .isInstanceOf(dev.trickle.UnsupportedQueryException.class)
                .hasMessageContaining("reading a view");
    }

    @Test
    void compile_tablesampleJooqCannotParse_isRefusedByName() {
        assertThatThrownBy(() -> compile(RefreshMode.DIFFERENTIAL, true,
                        "select g, count(*) as n from t tablesample system (50) group by g"))
                .isInstanceOf(dev.trickle.UnsupportedQueryException.class)
                .hasMessageStartingWith("TABLESAMPLE cannot be maintained differentially: ")
                .satisfies(e -> assertThat(((dev.trickle.UnsupportedQueryException) e).reason())
                        .isEqualTo(dev.trickle.UnsupportedQueryException.Reason.TABLE_EXPRESSION));
    }

    @Test
    void compile_functionInFromJooqCannotParse_isRefusedByName() {
        CompiledStreamTable compiled = compile(RefreshMode.AUTO, true,
                "select g, count(*) as n from t, jsonb_array_elements(t.doc) e group by g");

        assertThat(compiled.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(compiled.fallbackReason())
                .startsWith("the function jsonb_array_elements in FROM cannot be maintained differentially");
    }

    @Test
    void compile_full_hasNoFallbackReason() {
        CompiledStreamTable compiled = compile(RefreshMode.FULL, false);

        assertThat(compiled.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(compiled.fallbackReason()).isNull();
    }

    @Test
    void compile_quotedTarget_quotesItInEveryStatement() {
        CompiledStreamTable compiled = compile(RefreshMode.FULL, true);

        assertThat(compiled.createStatements())
                .first()
                .asString()
                .startsWith("CREATE TABLE \"Sales\".\"x; drop table y\" AS")
                .contains("\"__pgt_row_id\"");
        assertThat(compiled.createStatements()).allSatisfy(s -> assertThat(s).contains("\"Sales\".\"x; drop table y\""));
        assertThat(compiled.fullRefreshSql()).contains("\"Sales\".\"x; drop table y\"").doesNotContain("Sales.x");
    }

    @Test
    void compile_unqualifiedTarget_throwsNullPointerException() {
        ParsedQuery parsed = compiler.parse("select a from t");

        assertThatThrownBy(() -> compiler.compile(new CompileRequest(TableName.of("s"), parsed, List.of(), Map.of(),
                        List.of(), Set.of(), Set.of(), RefreshMode.FULL)))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void compile_queryEndingInLineComment_endsTheCommentWhereverTheQueryIsSpliced(boolean withKey) {
        CompiledStreamTable compiled = compile(RefreshMode.FULL,
                withKey ? SourceRelation.Kind.TABLE : SourceRelation.Kind.VIEW, QUERY + " -- note ) x; drop table y");

        List<String> statements = new java.util.ArrayList<>(compiled.createStatements());
        statements.add(compiled.fullRefreshSql());
        for (String sql : statements) {
            int comment = sql.indexOf("-- note");
            // the comment ends on its own line: what the statement has after the query is not commented out
            assertThat(comment < 0 || sql.startsWith("-- note ) x; drop table y\n", comment)).as(sql).isTrue();
        }
        assertThat(String.join("\n", statements)).contains(withKey ? "count(*)" : "-- note");
    }

    @Test
    void parse_standardConformingStringsOff_readsBackslashAsAnEscape() {
        String sql = "select 'a\\' as x, '; drop table y; select ' as z";

        assertThat(compiler.parse(sql, true).text()).isEqualTo(sql);
        assertThatThrownBy(() -> compiler.parse(sql, false))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("the defining query must be a single statement");
    }

    private CompiledStreamTable compile(RefreshMode mode, boolean withKey) {
        return compile(mode, withKey, QUERY);
    }

    /** Compiles over {@code t} with a key, as a relation of another kind (whose rows are compared by content). */
    private CompiledStreamTable compile(RefreshMode mode, SourceRelation.Kind kind, String sql) {
        return compile(mode, kind, true, sql);
    }

    private CompiledStreamTable compile(RefreshMode mode, boolean withKey, String sql) {
        return compile(mode, SourceRelation.Kind.TABLE, withKey, sql);
    }

    private CompiledStreamTable compile(RefreshMode mode, SourceRelation.Kind kind, boolean withKey, String sql) {
        ParsedQuery parsed = compiler.parse(sql);
        List<OutputColumn> outputs =
                List.of(new OutputColumn("g", "integer", true), new OutputColumn("n", "bigint", true));
        SourceRelation t = new SourceRelation(42, "public", "t", kind,
                List.of(new SourceRelation.Column("id", "integer", true), new SourceRelation.Column("g", "integer", true),
                        new SourceRelation.Column("v", "numeric", true)),
                withKey ? List.of("id") : List.of());
        return compiler.compile(new CompileRequest(new TableName("Sales", "x; drop table y"), parsed, outputs,
                Map.of(List.of("t"), t), List.of(t), Set.of(), Set.of(), mode));
    }
}

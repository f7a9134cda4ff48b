package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trickle.InvalidNameException;
import dev.trickle.InvalidQueryException;
import dev.trickle.RelationExistsException;
import dev.trickle.ReservedColumnNameException;
import dev.trickle.StreamTableExistsException;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.TrickleException;
import dev.trickle.UnknownColumnException;
import dev.trickle.UnknownTableException;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad definitions: each gets its own exception type with a message naming the offending object, and leaves the
 * database exactly as it was (invariant I5). {@code victim} is the table that injection attempts aim at.
 */
class BadInputIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    private static final List<List<Object>> VICTIM_ROWS = List.of(List.of(1, "a"), List.of(2, "b"));

    private static Trickle engine;
    private static DSLContext dsl;

    @BeforeAll
    static void sources(Trickle trickleEngine, DSLContext context) {
        engine = trickleEngine;
        dsl = context;
        dsl.execute("""
                CREATE TABLE victim (id int PRIMARY KEY, v text);
                INSERT INTO victim VALUES (1, 'a'), (2, 'b');
                CREATE TABLE y (id int);
                CREATE TABLE plain_table (id int);
                CREATE VIEW plain_view AS SELECT id FROM victim;
                CREATE SEQUENCE plain_sequence;
                """);
        engine.createStreamTable("existing_st", "select id, v from victim");
    }

    /**
     * Runs {@code call}, expects a {@code type} exception whose message contains every one of {@code named}, and
     * checks that the database is as before and {@code victim} intact.
     */
    private static <T extends TrickleException> T assertRejected(
            ThrowingCallable call, Class<T> type, String... named) {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);

        Throwable thrown = catchThrowable(call);

        assertThat(thrown).isInstanceOf(type);
        for (String name : named) {
            assertThat(thrown.getMessage()).contains(name);
        }
        assertThat(DatabaseObjects.snapshot(dsl)).as("database after %s", thrown).isEqualTo(before);
        assertThat(dsl.fetch("SELECT id, v FROM victim ORDER BY id").map(Record::intoList)).isEqualTo(VICTIM_ROWS);
        return type.cast(thrown);
    }

    private static boolean exists(String relation) {
        return dsl.fetchOne("SELECT to_regclass({0}) IS NOT NULL", relation).get(0, Boolean.class);
    }

    @Test
    void create_unknownTable_throwsUnknownTableException() {
        UnknownTableException e = assertRejected(
                () -> engine.createStreamTable("st_unknown_table", "select id from no_such_table"),
                UnknownTableException.class, "'no_such_table'", "st_unknown_table");

        assertThat(e.table()).isEqualTo("no_such_table");
    }

    @Test
    void create_unknownSchemaQualifiedTable_throwsUnknownTableException() {
        assertRejected(() -> engine.createStreamTable("st_unknown_qualified", "select id from no_such_schema.victim"),
                UnknownTableException.class, "no_such_schema");
    }

    @Test
    void create_unknownTableInQueryJooqCannotParse_throwsUnknownTableException() {
        UnknownTableException e = assertRejected(
                () -> engine.createStreamTable("st_unknown_unparsed",
                        "select jsonb_object_agg(v, v order by v) as vs from no_such_table"),
                UnknownTableException.class, "no_such_table");

        assertThat(e.table()).isEqualTo("no_such_table");
    }

    @Test
    void create_unknownColumn_throwsUnknownColumnException() {
        UnknownColumnException e = assertRejected(
                () -> engine.createStreamTable("st_unknown_column", "select id, no_such_column from victim"),
                UnknownColumnException.class, "no_such_column");

        assertThat(e.column()).isEqualTo("no_such_column");
        // the server's position would count from Trickle's CREATE VIEW, not from the start of the query
        assertThat(e.getMessage()).doesNotContain("Position");
    }

    @Test
    void create_invalidSql_throwsInvalidQueryException() {
        InvalidQueryException e = assertRejected(() -> engine.createStreamTable("st_invalid_sql", "selec 1"),
                InvalidQueryException.class, "selec");

        assertThat(e.query()).isEqualTo("selec 1");
        assertThat(e.getMessage()).doesNotContain("Position");
    }

    @Test
    void create_nonSelectStatement_throwsInvalidQueryExceptionAndRunsNothing() {
        assertRejected(() -> engine.createStreamTable("st_delete", "delete from victim"),
                InvalidQueryException.class, "DELETE");
        assertRejected(() -> engine.createStreamTable("st_insert", "insert into victim values (3, 'c')"),
                InvalidQueryException.class, "INSERT");
        assertRejected(() -> engine.createStreamTable("st_drop", "drop table victim"),
                InvalidQueryException.class, "DROP");
    }

    @Test
    void create_dataModifyingCte_throwsInvalidQueryExceptionAndDeletesNothing() {
        assertRejected(() -> engine.createStreamTable("st_cte_delete",
                        "with d as (delete from victim returning *) select * from d"),
                InvalidQueryException.class);
    }

    @Test
    void create_selectInto_throwsInvalidQueryExceptionAndCreatesNothing() {
        assertRejected(() -> engine.createStreamTable("st_select_into", "select * into victim_copy from victim"),
                InvalidQueryException.class, "INTO");
        assertThat(exists("victim_copy")).isFalse();
    }

    @Test
    void create_duplicateStreamTableName_throwsStreamTableExistsException() {
        StreamTableExistsException e = assertRejected(
                () -> engine.createStreamTable("existing_st", "select id from victim"),
                StreamTableExistsException.class, "'public.existing_st'", "already exists");

        assertThat(e.name()).isEqualTo(new TableName("public", "existing_st"));
        assertRejected(() -> engine.createStreamTable("Public.Existing_ST", "select 1 as one"),
                StreamTableExistsException.class, "existing_st");
        assertThat(engine.streamTable("existing_st").orElseThrow().query()).isEqualTo("select id, v from victim");
    }

    @Test
    void create_nameOfPlainTable_throwsRelationExistsException() {
        RelationExistsException e = assertRejected(
                () -> engine.createStreamTable("plain_table", "select id from victim"),
                RelationExistsException.class, "'public.plain_table'", "a table");

        assertThat(e.name()).isEqualTo(new TableName("public", "plain_table"));
        assertThat(dsl.fetchOne("SELECT count(*) FROM plain_table").get(0, Long.class)).isZero();
    }

    @Test
    void create_nameOfView_throwsRelationExistsException() {
        assertRejected(() -> engine.createStreamTable("plain_view", "select id from victim"),
                RelationExistsException.class, "'public.plain_view'", "a view");
    }

    @Test
    void create_nameOfSequence_throwsRelationExistsException() {
        assertRejected(() -> engine.createStreamTable("plain_sequence", "select id from victim"),
                RelationExistsException.class, "'public.plain_sequence'", "sequence");
    }

    @Test
    void create_reservedOutputColumn_throwsReservedColumnNameException() {
        ReservedColumnNameException e = assertRejected(
                () -> engine.createStreamTable("st_reserved", "select id as __pgt_x from victim"),
                ReservedColumnNameException.class, "'__pgt_x'");

        assertThat(e.column()).isEqualTo("__pgt_x");
        assertRejected(() -> engine.createStreamTable("st_reserved_row_id", "select id as \"__pgt_row_id\" from victim"),
                ReservedColumnNameException.class, "'__pgt_row_id'");
    }

    @Test
    void create_twoUnnamedExpressionColumns_throwsInvalidQueryExceptionAsForAView() {
        // each is named ?column?, as in CREATE VIEW, which refuses the same name twice
        assertRejected(() -> engine.createStreamTable("st_unnamed", "select 1 + 1, id + 1 from victim"),
                InvalidQueryException.class, "\"?column?\" specified more than once");
    }

    @Test
    void create_duplicateOutputColumnNames_throwsInvalidQueryException() {
        assertRejected(() -> engine.createStreamTable("st_dup_columns", "select id, v as id from victim"),
                InvalidQueryException.class, "\"id\"");
    }

    @Test
    void create_queryFailingOnTheDataDuringInitialLoad_isCreatedInErrorNotRejected() {
        // valid SQL that the rows make fail: a data error of the load, not an invalid definition (DataErrorIT)
        dev.trickle.StreamTable st = engine.createStreamTable("st_div_zero", "select id / (id - id) as q from victim");

        assertThat(st.status()).isEqualTo(dev.trickle.StreamTableStatus.ERROR);
        assertThat(st.lastError()).contains("division by zero");
        engine.drop("st_div_zero");
    }

    @Test
    void create_nullQuery_throwsInvalidQueryException() {
        assertRejected(() -> engine.createStreamTable("st_null_query", (String) null),
                InvalidQueryException.class, "'st_null_query'");
    }

    @Test
    void create_emptyQuery_throwsInvalidQueryException() {
        assertRejected(() -> engine.createStreamTable("st_empty_query", ""),
                InvalidQueryException.class, "'st_empty_query'");
        assertRejected(() -> engine.createStreamTable("st_blank_query", " \n "),
                InvalidQueryException.class, "'st_blank_query'");
        assertRejected(() -> engine.createStreamTable("st_semicolon_query", " ; "),
                InvalidQueryException.class, "empty");
    }

    @Test
    void create_queryBreakingOutOfItsParentheses_throwsInvalidQueryExceptionAndKeepsVictim() {
        assertRejected(() -> engine.createStreamTable("st_breakout",
                        "select 1 as a) s; drop table victim; select (1"),
                InvalidQueryException.class);
        assertRejected(() -> engine.createStreamTable("st_two_statements", "select 1 as a; drop table victim"),
                InvalidQueryException.class, "single statement");
        assertThat(exists("victim")).isTrue();
    }

    @Test
    void create_unquotedNameWithSql_throwsInvalidNameException() {
        InvalidNameException e = assertRejected(() -> engine.createStreamTable("x; drop table y", "select 1 as a"),
                InvalidNameException.class, "'x; drop table y'");

        assertThat(e.name()).isEqualTo("x; drop table y");
        assertThat(exists("y")).isTrue();
    }

    @Test
    void otherOperations_unquotedNameWithSql_throwInvalidNameException() {
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> engine.refresh("x; drop table y"),
                () -> engine.drop("x; drop table y"),
                () -> engine.streamTable("x; drop table y"),
                () -> engine.drop("victim; drop table y"))) {
            assertRejected(call, InvalidNameException.class, "drop table y");
        }
        assertThat(exists("y")).isTrue();
    }

    @Test
    void create_quotedNameWithSql_createsTableLiterallyNamedSoAndDropsNothing() {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);

        engine.createStreamTable("\"x; drop table y\"", "select id from victim");

        assertThat(exists("public.\"x; drop table y\"")).isTrue();
        assertThat(dsl.fetchOne("SELECT count(*) FROM \"x; drop table y\"").get(0, Long.class)).isEqualTo(2);
        assertThat(exists("y")).isTrue();
        assertThat(exists("victim")).isTrue();
        assertThat(engine.streamTable("\"x; drop table y\"")).isPresent();
        engine.refresh("\"x; drop table y\"");
        engine.drop("\"x; drop table y\"");
        assertThat(exists("y")).isTrue();
        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
    }

    @Test
    void create_quotedNameWithQuoteAndComment_createsTableLiterallyNamedSo() {
        engine.createStreamTable("\"a\"\"; drop table y; --\"", "select id from victim");

        assertThat(dsl.fetch("SELECT relname FROM pg_class WHERE relname LIKE 'a\"%'").getValues(0, String.class))
                .contains("a\"; drop table y; --");
        assertThat(exists("y")).isTrue();
        engine.drop("\"a\"\"; drop table y; --\"");
    }

    @Test
    void create_nameInMissingSchema_throwsInvalidNameException() {
        assertRejected(() -> engine.createStreamTable("no_such_schema.st", "select id from victim"),
                InvalidNameException.class, "'no_such_schema'");
    }

    @Test
    void create_unqualifiedNameWhenSearchPathHasNoSchema_throwsInvalidNameException(TestDatabase db) {
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
                + "options=-c%20search_path%3Dno_such_schema";
        try (Trickle pathless = Trickle.builder(url, db.server().user(), db.server().password()).build()) {
            assertRejected(() -> pathless.createStreamTable("st_no_path", "select id from public.victim"),
                    InvalidNameException.class, "'st_no_path'", "search_path");
            assertRejected(() -> pathless.streamTable("st_no_path"), InvalidNameException.class, "search_path");
            assertThat(pathless.streamTable("public.existing_st")).isPresent();
        }
    }

    @Test
    void create_invalidNames_throwInvalidNameException() {
        assertRejected(() -> engine.createStreamTable("a.b.c", "select 1 as a"), InvalidNameException.class, "a.b.c");
        assertRejected(() -> engine.createStreamTable("", "select 1 as a"), InvalidNameException.class);
        assertRejected(() -> engine.createStreamTable("\"unterminated", "select 1 as a"),
                InvalidNameException.class, "unterminated");
        assertRejected(() -> engine.createStreamTable("a".repeat(64), "select 1 as a"),
                InvalidNameException.class, "63 bytes");
    }

    @Test
    void residueCheck_detectsTriggersFunctionsAndCatalogRows() {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);
        dsl.execute("""
                CREATE FUNCTION residue_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER residue_trg BEFORE INSERT ON y FOR EACH ROW EXECUTE FUNCTION residue_fn();
                """);
        DatabaseObjects withTrigger = DatabaseObjects.snapshot(dsl);
        dsl.execute("DROP TRIGGER residue_trg ON y; DROP FUNCTION residue_fn()");

        assertThat(withTrigger.triggers()).contains("y: residue_trg")
                .filteredOn(t -> !before.triggers().contains(t)).containsExactly("y: residue_trg");
        assertThat(withTrigger.functions()).filteredOn(f -> !before.functions().contains(f))
                .containsExactly("public.residue_fn()");
        assertThat(before.catalogRows()).containsEntry("pgtrickle.pgt_stream_tables", 1L);
        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
    }
}

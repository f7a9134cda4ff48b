package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trickle.DatabaseException;
import dev.trickle.InvalidQueryException;
import dev.trickle.Trickle;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.lifecycle.DatabaseObjects;
import dev.trickle.jooq.sql.SqlNames;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A defining query reaches the server only as one statement (invariant I6), whatever the session's settings. The
 * application role {@code app} is an ordinary role that owns {@code victim}; each text below once made Trickle run
 * {@code DROP TABLE victim} as that role. Now each is refused with {@link InvalidQueryException}, {@code victim}
 * keeps its rows, and nothing of the attempt is left behind.
 */
class SingleStatementIT {
    private static final List<List<Object>> VICTIM_ROWS = List.of(List.of(1, "a"), List.of(2, "b"));

    /** Trickle's lexer read {@code $a$} as a dollar quote; the server reads {@code €$a$} as one identifier. */
    private static final String NON_ASCII_BEFORE_DOLLAR =
            "SELECT 1 AS €$a$; COMMIT; DROP TABLE victim; SELECT 1 AS €$a$";

    /**
     * With {@code standard_conforming_strings = off} the backslash escapes the quote after it: the lexer reads the
     * strings {@code 'a\'}, {@code ' AS y; ... SELECT '} and {@code ' AS z -- '}; the server reads
     * {@code 'a\' AS x, '}, then code, and a last statement whose quote is in a comment.
     */
    private static final String BACKSLASH_QUOTE =
            "SELECT 'a\\' AS x, ' AS y; COMMIT; DROP TABLE victim; SELECT 'b' AS z -- '";

    /** A line comment ends at a carriage return for the server; the lexer read it to the next line feed. */
    private static final String CARRIAGE_RETURN = "SELECT 1 AS a -- note\r; COMMIT; DROP TABLE victim; SELECT 1 AS b";

    private static TestDatabase database;
    private static TestRole app;
    private static DSLContext admin;
    private static Trickle engine;

    @BeforeAll
    static void applicationRole() {
        database = TestPostgres.createDatabase();
        admin = database.dsl();
        app = database.createRole("app");
        admin.execute("GRANT CREATE ON DATABASE " + database.name() + " TO " + app.name());
        admin.execute("GRANT CREATE ON SCHEMA public TO " + app.name());
        app.dsl().execute("CREATE TABLE src (id int PRIMARY KEY)");
        engine = Trickle.builder(app.dataSource()).build();
        // installs the catalog, so that an attempt's "before" already has it
        engine.createStreamTable("warm", "SELECT id FROM src");
    }

    @AfterAll
    static void close() {
        engine.close();
        database.close();
    }

    @BeforeEach
    void victim() {
        app.dsl().execute("DROP TABLE IF EXISTS victim");
        app.dsl().execute("CREATE TABLE victim (id int PRIMARY KEY, v text)");
        app.dsl().execute("INSERT INTO victim VALUES (1, 'a'), (2, 'b')");
    }

    @Test
    void create_dollarQuoteAfterNonAsciiIdentifier_isRefusedAndRunsNothing() {
        assertRefused(() -> engine.createStreamTable("st_dollar", NON_ASCII_BEFORE_DOLLAR));
    }

    @Test
    void create_backslashQuoteWithStandardConformingStringsOff_isRefusedAndRunsNothing() {
        try (Trickle offEngine = Trickle.builder(url("options=-c%20standard_conforming_strings%3Doff"),
                app.name(), app.password()).build()) {
            assertRefused(() -> offEngine.createStreamTable("st_backslash", BACKSLASH_QUOTE));
        }
    }

    @Test
    void create_lineCommentEndingInCarriageReturn_isRefusedAndRunsNothing() {
        assertRefused(() -> engine.createStreamTable("st_return", CARRIAGE_RETURN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"src", "keyless"})
    void create_queryEndingInLineComment_createsAndRefreshes(String source) {
        app.dsl().execute("CREATE TABLE IF NOT EXISTS keyless (id int)");
        String name = "st_comment_" + source;

        engine.createStreamTable(name, "SELECT id FROM " + source + " -- note");
        app.dsl().execute("INSERT INTO " + source + " VALUES (7)");
        engine.refresh(name);

        assertThat(admin.fetch("SELECT id FROM " + name).getValues(0, Integer.class)).contains(7);
        engine.drop(name);
    }

    @Test
    void create_preferQueryModeSimple_failsNamingTheSettingAndRunsNothing() {
        DatabaseObjects before = DatabaseObjects.snapshot(admin);
        try (Trickle simple = Trickle.builder(url("preferQueryMode=simple"), app.name(), app.password()).build()) {
            Throwable thrown = catchThrowable(() -> simple.createStreamTable("st_simple", "SELECT id FROM victim"));

            assertThat(thrown).isInstanceOf(DatabaseException.class).hasMessageContaining("preferQueryMode");
        }
        assertThat(DatabaseObjects.snapshot(admin)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"execute", "update", "query", "queryOne", "queryPrepared"})
    void jdbc_textPgjdbcSplits_isRefusedBeforeAnyOfItRuns(String method) throws SQLException {
        try (Connection c = app.newConnection()) {
            String sql = "SELECT 1; DROP TABLE victim";

            Throwable thrown = catchThrowable(() -> {
                switch (method) {
                    case "execute" -> Jdbc.execute(c, sql);
                    case "update" -> Jdbc.update(c, sql);
                    case "query" -> Jdbc.query(c, sql, rs -> 1);
                    case "queryOne" -> Jdbc.queryOne(c, sql, rs -> 1);
                    case "queryPrepared" -> Jdbc.queryPrepared(c, sql, rs -> 1);
                    default -> throw new AssertionError(method);
                }
            });

            assertVictimIntact();
            assertThat(thrown).isInstanceOf(SQLException.class);
            assertThat(((SQLException) thrown).getSQLState()).isEqualTo("42601");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void literal_meansItsValueUnderEitherSetting(String standardConformingStrings) throws SQLException {
        List<String> values = List.of("plain", "it's", "back\\slash", "\\", "ends in \\'", "\\' ; drop table victim");
        try (Connection c = app.newConnection()) {
            Jdbc.execute(c, "SET standard_conforming_strings = " + standardConformingStrings);
            for (String value : values) {
                assertThat(Jdbc.queryOne(c, "SELECT " + SqlNames.literal(value), rs -> rs.getString(1)))
                        .as("%s with standard_conforming_strings = %s", value, standardConformingStrings)
                        .contains(value);
            }
        }
        assertVictimIntact();
    }

    private static void assertRefused(ThrowingCallable create) {
        DatabaseObjects before = DatabaseObjects.snapshot(admin);

        Throwable thrown = catchThrowable(create);

        assertVictimIntact();
        assertThat(thrown).isInstanceOf(InvalidQueryException.class).hasMessageContaining("single statement");
        assertThat(DatabaseObjects.snapshot(admin)).as("database after %s", thrown).isEqualTo(before);
    }

    private static void assertVictimIntact() {
        assertThat(admin.fetchOne("SELECT to_regclass('public.victim') IS NOT NULL").get(0, Boolean.class))
                .as("victim exists").isTrue();
        assertThat(admin.fetch("SELECT id, v FROM victim ORDER BY id").map(Record::intoList)).isEqualTo(VICTIM_ROWS);
    }

    private static String url(String parameter) {
        String url = app.jdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }
}

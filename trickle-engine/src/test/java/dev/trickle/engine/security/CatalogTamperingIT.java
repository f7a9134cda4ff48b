package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshException;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * Whoever can update {@code pgtrickle.pgt_stream_tables} must not make an engine run SQL of its choosing (issue 7,
 * item 3): refresh statements used to be stored there and executed as read back. Now an engine compiles every
 * definition itself, and what it reads back is checked as a definition: the query must be one SELECT, and it must
 * read the relations the stream table was created over. (Write access to the catalog is Trickle's role's alone —
 * docs/security.md; these tests grant it to an intruder to show what remains when someone does so by mistake.)
 */
class CatalogTamperingIT {
    private static final String QUERY = "SELECT id, v FROM items";

    /** A database where {@code app} runs Trickle over {@code items}, and {@code intruder} may update the catalog. */
    private record Setup(TestDatabase database, TestRole app, TestRole intruder) implements AutoCloseable {
        static Setup create() {
            TestDatabase database = TestPostgres.createDatabase();
            TestRole app = Roles.app(database, "app");
            TestRole intruder = database.createRole("intruder");
            app.dsl().execute("CREATE TABLE items (id int PRIMARY KEY, v int)");
            app.dsl().execute("INSERT INTO items VALUES (1, 10), (2, 20)");
            app.dsl().execute("CREATE TABLE victim (id int)");
            app.dsl().execute("INSERT INTO victim VALUES (1)");
            try (Trickle engine = Roles.engine(app)) {
                engine.createStreamTable("copy", QUERY);
            }
            app.dsl().execute("GRANT USAGE ON SCHEMA pgtrickle TO " + intruder.name());
            app.dsl().execute("GRANT SELECT, UPDATE ON pgtrickle.pgt_stream_tables TO " + intruder.name());
            return new Setup(database, app, intruder);
        }

        @Override
        public void close() {
            database.close();
        }
    }

    @Test
    void refresh_sqlWrittenIntoTheCatalog_isNeverExecuted() {
        try (Setup s = Setup.create()) {
            DSLContext intruder = s.intruder().dsl();
            // every text column that is not a name, a status or an option: where SQL could hide
            List<String> columns = intruder.fetch("""
                    SELECT column_name FROM information_schema.columns
                     WHERE table_schema = 'pgtrickle' AND table_name = 'pgt_stream_tables' AND data_type = 'text'
                       AND column_name NOT IN ('pgt_schema', 'pgt_name', 'search_path', 'refresh_mode',
                           'effective_mode', 'row_identity', 'status', 'schedule', 'effective_schedule',
                           'diamond_consistency', 'diamond_schedule_policy', 'fallback_reason', 'last_error')
                    """).getValues(0, String.class);
            assertThat(columns).contains("defining_query");
            for (String column : columns) {
                intruder.execute("UPDATE pgtrickle.pgt_stream_tables SET " + column
                        + " = 'SELECT 1 AS id, 2 AS v; DROP TABLE victim'");
            }
            s.app().dsl().execute("INSERT INTO items VALUES (3, 30)");

            try (Trickle engine = Roles.engine(s.app())) {
                assertThatThrownBy(() -> engine.refresh("copy")).isInstanceOf(RefreshException.class)
                        .hasMessageContaining("single statement");
                assertThat(engine.streamTable("copy").orElseThrow().status()).isEqualTo(StreamTableStatus.ERROR);
            }
            assertThat(s.app().dsl().fetchValue("SELECT count(*) FROM victim")).isEqualTo(1L);
        }
    }

    @Test
    void refresh_searchPathPointedAtAnotherSchema_doesNotReadItsTables() {
        try (Setup s = Setup.create()) {
            s.database().dsl().execute("CREATE SCHEMA decoy AUTHORIZATION " + s.intruder().name());
            s.intruder().dsl().execute("CREATE TABLE decoy.items (id int PRIMARY KEY, v int)");
            s.intruder().dsl().execute("INSERT INTO decoy.items VALUES (666, 666)");
            s.intruder().dsl().execute("GRANT SELECT ON decoy.items TO " + s.app().name());
            s.database().dsl().execute("GRANT USAGE ON SCHEMA decoy TO " + s.app().name());
            s.intruder().dsl().execute("UPDATE pgtrickle.pgt_stream_tables SET search_path = 'decoy, public'");
            s.app().dsl().execute("INSERT INTO items VALUES (3, 30)");

            try (Trickle engine = Roles.engine(s.app())) {
                assertThatThrownBy(() -> engine.refresh("copy"))
                        .hasMessageContaining("now reads other relations than when it was created")
                        .hasMessageContaining("decoy.items");
            }
            assertThat(s.app().dsl().fetchValue("SELECT count(*) FROM copy WHERE id = 666")).isEqualTo(0L);
        }
    }

    @Test
    void refresh_untamperedCatalog_compilesTheDefinitionInEachEngine() {
        try (Setup s = Setup.create()) {
            s.app().dsl().execute("UPDATE items SET v = v + 1");
            try (Trickle first = Roles.engine(s.app()); Trickle second = Roles.engine(s.app())) {
                first.refresh("copy");
                s.app().dsl().execute("DELETE FROM items WHERE id = 1");
                second.refresh("copy");
            }
            StreamTableOracle.assertMatchesRecompute(s.app().dsl(), "public.copy", QUERY);
        }
    }
}

package dev.trickle.engine.security;

import static dev.trickle.engine.security.Roles.bufferRows;
import static dev.trickle.engine.security.Roles.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.sql.Connection;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, item 1: the capture trigger function runs as the engine's role ({@code SECURITY DEFINER}), so nothing a
 * writer of a source controls may run inside it. Role {@code app} runs the engine and owns the source {@code t} and a
 * table {@code secret}; role {@code writer} may only write {@code t}, and owns a schema {@code w}.
 *
 * <p>Before the fix, the function had no {@code search_path} of its own: the writer put {@code w} first on its
 * search path, and its operator {@code w.=(text, text)} ran as {@code app} when the function compared {@code TG_OP};
 * it copied {@code secret}, wrote a fake change into the buffer (which the next refresh applied) and rewrote a
 * catalog row. And {@code PUBLIC} could execute the function, so any role could attach it to a table of its own and
 * write fake changes into the buffer.
 */
class CaptureFunctionAttackIT {
    private static final String QUERY = "SELECT id, v FROM public.t";
    /** Every pair of argument types the function body compares, old and new, with {@code =} and {@code <>}. */
    private static final List<String> COMPARED = List.of("text, text", "oid, oid", "smallint, integer",
            "name, name", "integer, integer", "bigint, integer");

    private TestDatabase database;
    private TestRole app;
    private TestRole writer;
    private Trickle engine;
    private long sourceOid;

    @BeforeEach
    void setUp() throws Exception {
        database = TestPostgres.createDatabase();
        app = Roles.app(database);
        writer = database.createRole("writer");
        database.dsl().execute("CREATE SCHEMA w AUTHORIZATION " + writer.name());
        try (Connection c = app.newConnection()) {
            execute(c, "CREATE TABLE public.t (id int PRIMARY KEY, v int)",
                    "INSERT INTO public.t VALUES (1, 1), (2, 2)",
                    "CREATE TABLE public.secret (s text)",
                    "INSERT INTO public.secret VALUES ('the secret')",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON public.t TO " + writer.name());
        }
        engine = Trickle.builder(app.dataSource()).build();
        engine.createStreamTable(StreamTableSpec.builder("public.st", QUERY).mode(RefreshMode.DIFFERENTIAL).build());
        sourceOid = Roles.oid(database.dsl(), "public.t");
    }

    @AfterEach
    void tearDown() {
        engine.close();
        database.close();
    }

    @Test
    void write_withOperatorsOfTheWriterFirstOnItsSearchPath_runsNoneOfThemAsTheEngine() throws Exception {
        DSLContext su = database.dsl();
        List<String> catalogBefore = catalog(su);
        try (Connection c = writer.newConnection()) {
            plantOperators(c);
            execute(c, "SET search_path = w, pg_catalog, public",
                    "INSERT INTO public.t VALUES (3, 3)",
                    "UPDATE public.t SET v = 20 WHERE id OPERATOR(pg_catalog.=) 1",
                    "DELETE FROM public.t WHERE id OPERATOR(pg_catalog.=) 2");
        }

        SoftAssertions.assertSoftly(soft -> {
            // the writer's own statements compare with pg_catalog's operators: any call came from the capture
            soft.assertThat(su.fetch("SELECT who || ': ' || what FROM w.log").getValues(0, String.class))
                    .as("calls of the writer's operators").isEmpty();
            soft.assertThat(su.fetch("SELECT s FROM w.loot").getValues(0, String.class)).as("loot").isEmpty();
            soft.assertThat(bufferRows(su, sourceOid, "id, v")).as("buffer")
                    .containsExactlyInAnyOrder("-1:1:1", "-1:2:2", "1:1:20", "1:3:3");
            soft.assertThat(catalog(su)).as("catalog").isEqualTo(catalogBefore);
        });
        engine.refresh("public.st");
        StreamTableOracle.assertMatchesRecompute(su, "public.st", QUERY);
    }

    @Test
    void createTrigger_captureFunctionOnTheWritersOwnTable_isRefused() throws Exception {
        // the schema may be visible to others, e.g. when a DBA creates it for monitoring
        database.dsl().execute("GRANT USAGE ON SCHEMA pgtrickle_changes TO " + writer.name());
        String attach = "CREATE TRIGGER fake AFTER INSERT ON w.mine REFERENCING NEW TABLE AS \"__pgt_new\""
                + " FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_changes.capture_" + sourceOid + "()";
        try (Connection c = writer.newConnection()) {
            execute(c, "CREATE TABLE w.mine (id int, v int)");

            assertThatThrownBy(() -> execute(c, attach)).hasMessageContaining("permission denied for function");

            database.dsl().execute("GRANT EXECUTE ON FUNCTION pgtrickle_changes.capture_" + sourceOid + "() TO "
                    + writer.name());
            execute(c, attach);
            assertThatThrownBy(() -> execute(c, "INSERT INTO w.mine VALUES (999, 999)"))
                    .hasMessageContaining("capture function of relation " + sourceOid + " fired on relation");
        }
        assertThat(bufferRows(database.dsl(), sourceOid, "id, v")).isEmpty();
    }

    /**
     * Creates, in schema {@code w}, operators {@code =} and {@code <>} over every pair of types the capture function
     * compares; each records who called it and tries, as whoever that is, to copy {@code secret}, to write a fake
     * change into the buffer and to rewrite the catalog, then compares as the built-in operator does.
     */
    private void plantOperators(Connection c) throws Exception {
        execute(c, "CREATE TABLE w.log (who text, what text)", "CREATE TABLE w.loot (s text)",
                "GRANT USAGE ON SCHEMA w TO PUBLIC", "GRANT SELECT, INSERT ON w.log, w.loot TO PUBLIC",
                """
                CREATE FUNCTION w.pwn() RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
                BEGIN
                  INSERT INTO w.log VALUES (current_user, 'called');
                  BEGIN
                    INSERT INTO w.loot SELECT s FROM public.secret;
                  EXCEPTION WHEN OTHERS THEN INSERT INTO w.log VALUES (current_user, SQLERRM);
                  END;
                  BEGIN
                    EXECUTE format('INSERT INTO pgtrickle_changes.%I ("__pgt_w", id, v) VALUES (1, 999, 999)',
                        'changes_' || 'public.t'::regclass::oid);
                  EXCEPTION WHEN OTHERS THEN INSERT INTO w.log VALUES (current_user, SQLERRM);
                  END;
                  BEGIN
                    UPDATE pgtrickle.pgt_stream_tables SET fallback_reason = 'rewritten by ' || current_user;
                  EXCEPTION WHEN OTHERS THEN INSERT INTO w.log VALUES (current_user, SQLERRM);
                  END;
                END $f$""");
        int n = 0;
        for (String types : COMPARED) {
            for (String op : List.of("=", "<>")) {
                String fn = "w.cmp" + n++;
                execute(c, "CREATE FUNCTION " + fn + "(" + types + ") RETURNS boolean LANGUAGE plpgsql"
                                + " SET search_path = pg_catalog AS $f$ BEGIN PERFORM w.pwn(); RETURN $1 OPERATOR("
                                + "pg_catalog." + op + ") $2; END $f$",
                        "CREATE OPERATOR w." + op + " (LEFTARG = " + types.split(", ")[0] + ", RIGHTARG = "
                                + types.split(", ")[1] + ", FUNCTION = " + fn + ")");
            }
        }
    }

    private static List<String> catalog(DSLContext su) {
        return su.fetch("SELECT to_jsonb(s)::text FROM pgtrickle.pgt_stream_tables s ORDER BY pgt_id")
                .getValues(0, String.class);
    }
}

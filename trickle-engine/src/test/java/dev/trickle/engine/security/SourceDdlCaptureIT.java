package dev.trickle.engine.security;

import static dev.trickle.engine.security.Roles.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7, item 8: no DDL on a source makes the application's writes fail inside capture. A DIFFERENTIAL stream table
 * reads {@code id, grp, v} of {@code t(id, grp, v, note)}; role {@code app} runs the engine and owns {@code t}, role
 * {@code writer} is the application writing it. Before the fix, after dropping, renaming or retyping {@code v}, every
 * INSERT, UPDATE and DELETE failed in the capture trigger (a bigint only once a value exceeded an integer). Now each
 * statement finds the captured column changed and records only the marker that makes the next refresh recompute in
 * full; what the refresh then does is the stream table's business. DDL on columns nobody reads changes nothing.
 */
class SourceDdlCaptureIT {
    private static final String QUERY = "SELECT id, grp, v FROM public.t";
    private static final String WEIGHTS = "SELECT \"__pgt_w\"::text FROM pgtrickle_changes.changes_";

    private TestDatabase database;
    private TestRole app;
    private TestRole writer;
    private Trickle engine;
    private long sourceOid;

    /**
     * A source DDL and the application's writes after it.
     *
     * @param name what the DDL does
     * @param ddl the DDL
     * @param readColumn whether it changes a column the stream table reads
     * @param writes an INSERT, an UPDATE and a DELETE that fit the table after it
     */
    record Ddl(String name, String ddl, boolean readColumn, List<String> writes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Ddl> ddls() {
        List<String> plain = List.of("INSERT INTO public.t (id, grp) VALUES (10, 'c')",
                "UPDATE public.t SET grp = 'd' WHERE id = 1", "DELETE FROM public.t WHERE id = 2");
        return Stream.of(
                new Ddl("drop read column", "ALTER TABLE public.t DROP COLUMN v", true, plain),
                new Ddl("rename read column", "ALTER TABLE public.t RENAME COLUMN v TO v2", true, plain),
                new Ddl("read column to bigint", "ALTER TABLE public.t ALTER COLUMN v TYPE bigint", true,
                        List.of("INSERT INTO public.t VALUES (10, 'c', 3000000000, 'big')",
                                "UPDATE public.t SET v = 3000000001 WHERE id = 10",
                                "DELETE FROM public.t WHERE id = 10")),
                new Ddl("read column to text", "ALTER TABLE public.t ALTER COLUMN v TYPE text", true,
                        List.of("INSERT INTO public.t VALUES (10, 'c', 'ten', 'x')",
                                "UPDATE public.t SET v = 'one' WHERE id = 1", "DELETE FROM public.t WHERE id = 2")),
                new Ddl("drop unread column", "ALTER TABLE public.t DROP COLUMN note", false,
                        List.of("INSERT INTO public.t VALUES (10, 'c', 10)",
                                "UPDATE public.t SET v = 11 WHERE id = 1", "DELETE FROM public.t WHERE id = 2")),
                new Ddl("add column", "ALTER TABLE public.t ADD COLUMN extra int", false,
                        List.of("INSERT INTO public.t VALUES (10, 'c', 10, 'x', 5)",
                                "UPDATE public.t SET v = 11, extra = 6 WHERE id = 1",
                                "DELETE FROM public.t WHERE id = 2")));
    }

    @BeforeEach
    void setUp() throws Exception {
        database = TestPostgres.createDatabase();
        app = Roles.app(database);
        writer = database.createRole("writer");
        try (Connection c = app.newConnection()) {
            execute(c, "CREATE TABLE public.t (id int PRIMARY KEY, grp text, v int, note text)",
                    "INSERT INTO public.t VALUES (1, 'a', 1, 'x'), (2, 'b', 2, 'y'), (3, 'a', 3, 'z')",
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("ddls")
    void write_afterSourceDdl_succeeds(Ddl ddl) throws Exception {
        DSLContext su = database.dsl();
        try (Connection w = writer.newConnection()) {
            // a write before the DDL, so that the writer's session has the capture function's plans cached
            execute(w, "INSERT INTO public.t VALUES (4, 'b', 4, 'w')");
            try (Connection a = app.newConnection()) {
                execute(a, ddl.ddl());
            }
            for (String write : ddl.writes()) {
                assertThatCode(() -> execute(w, write)).as(write).doesNotThrowAnyException();
            }
        }

        if (ddl.readColumn()) {
            assertThat(weights(su)).containsExactly("1", "0", "0", "0");
        } else {
            assertThat(weights(su)).doesNotContain("0");
            engine.refresh("public.st");
            StreamTableOracle.assertMatchesRecompute(su, "public.st", QUERY);
        }
    }

    /**
     * The capture function keeps its check of the captured columns with a plan of the writer's session, made again
     * after each change to the source: a change in the writer's own transaction is seen by its next statement, and
     * so is the rollback of one, and a change undone by another one makes capture copy rows again.
     */
    @Test
    void write_afterDdlInItsOwnTransaction_recordsTheMarkerUntilTheDdlIsRolledBackOrUndone() throws Exception {
        try (Connection a = app.newConnection()) {
            execute(a, "INSERT INTO public.t VALUES (4, 'b', 4, 'w')");
            a.setAutoCommit(false);
            execute(a, "ALTER TABLE public.t RENAME COLUMN v TO v2", "INSERT INTO public.t VALUES (5, 'b', 5, 'w')");
            assertThat(weights(a)).containsExactly("1", "0");
            a.rollback();
            execute(a, "INSERT INTO public.t VALUES (6, 'b', 6, 'w')");
            execute(a, "ALTER TABLE public.t RENAME COLUMN v TO v2", "INSERT INTO public.t VALUES (7, 'b', 7, 'w')");
            a.commit();
            execute(a, "ALTER TABLE public.t RENAME COLUMN v2 TO v", "INSERT INTO public.t VALUES (8, 'b', 8, 'w')");
            a.commit();
        }

        assertThat(weights(database.dsl())).containsExactly("1", "1", "0", "1");
    }

    /**
     * A {@code REPEATABLE READ} statement sees the catalog as its snapshot does; what it finds about the columns is
     * not kept for the session's later statements, which see the source as it is now.
     */
    @Test
    void write_afterARepeatableReadWriteThatPredatesTheDdl_recordsTheMarker() throws Exception {
        try (Connection w = writer.newConnection()) {
            execute(w, "INSERT INTO public.t VALUES (4, 'b', 4, 'w')");
            w.setAutoCommit(false);
            w.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            execute(w, "SELECT 1");
            try (Connection a = app.newConnection()) {
                execute(a, "ALTER TABLE public.t RENAME COLUMN v TO v2");
            }
            // its snapshot predates the rename, so it finds v unchanged: it copies v as it sees it, or fails where the
            // server parses the copy again (PostgreSQL 18): the case docs/differential.md leaves open
            try {
                execute(w, "INSERT INTO public.t VALUES (5, 'b', 5, 'w')");
                w.commit();
            } catch (SQLException e) {
                assertThat(e.getMessage()).contains("column n.v does not exist");
                w.rollback();
            }
            w.setAutoCommit(true);
            w.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            execute(w, "INSERT INTO public.t VALUES (6, 'b', 6, 'w')");
        }

        assertThat(weights(database.dsl())).startsWith("1").endsWith("0").hasSizeBetween(2, 3).doesNotContain("-1");
    }

    @Test
    void widen_afterARecordedColumnWasRetyped_writesSucceedAndCaptureTakesTheNewType() throws Exception {
        DSLContext su = database.dsl();
        try (Connection a = app.newConnection()) {
            execute(a, "ALTER TABLE public.t ALTER COLUMN v TYPE text");
        }
        engine.createStreamTable(StreamTableSpec.builder("public.notes", "SELECT id, note FROM public.t")
                .mode(RefreshMode.DIFFERENTIAL).build());

        try (Connection w = writer.newConnection()) {
            execute(w, "INSERT INTO public.t VALUES (10, 'c', 'ten', 'x')");
        }

        // the new reader's create brought the buffer up to date with the source: v is captured as text now (the
        // stream table that read v as an integer is broken by the change, and says so when it refreshes)
        assertThat(weights(su)).containsExactly("1");
        assertThat(su.fetchValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
                + " {0}::regclass AND attname = 'v'", "pgtrickle_changes.changes_" + Roles.oid(su, "public.t")))
                .isEqualTo("text");
    }

    /** Buffer columns have a domain's base type: no domain check runs in capture, and the buffer never holds one up. */
    @Test
    void alterDomain_tightenedWhileTheBufferHoldsOlderValues_succeeds() throws Exception {
        DSLContext su = database.dsl();
        String query = "SELECT id, a, b FROM public.d";
        try (Connection a = app.newConnection()) {
            execute(a, "CREATE DOMAIN public.amount AS numeric(10,2) CHECK (VALUE >= 0)",
                    "CREATE DOMAIN public.amount2 AS public.amount",
                    "CREATE TABLE public.d (id int PRIMARY KEY, a public.amount, b public.amount2)",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON public.d TO " + writer.name());
        }
        engine.createStreamTable(StreamTableSpec.builder("public.sd", query).mode(RefreshMode.DIFFERENTIAL).build());
        long oid = Roles.oid(su, "public.d");
        try (Connection w = writer.newConnection()) {
            execute(w, "INSERT INTO public.d VALUES (1, 5, 5)", "UPDATE public.d SET a = 200, b = 200");
            try (Connection a = app.newConnection()) {
                execute(a, "ALTER DOMAIN public.amount ADD CONSTRAINT big CHECK (VALUE >= 100)");
            }
            execute(w, "INSERT INTO public.d VALUES (2, 300, 300)");
        }

        assertThat(su.fetch("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = {0}::regclass"
                        + " AND attname IN ('a', 'b') ORDER BY attnum", "pgtrickle_changes.changes_" + oid)
                .getValues(0, String.class))
                .containsExactly("numeric(10,2)", "numeric(10,2)");
        engine.refresh("public.sd");
        StreamTableOracle.assertMatchesRecompute(su, "public.sd", query);
    }

    /** @return the buffer's weights in the order written */
    private List<String> weights(DSLContext su) {
        return su.fetch(WEIGHTS + sourceOid + " ORDER BY \"__pgt_xid\", ctid").getValues(0, String.class);
    }

    /** @return the buffer's weights in the order written, as {@code c} sees them */
    private List<String> weights(Connection c) throws SQLException {
        List<String> weights = new java.util.ArrayList<>();
        try (java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(WEIGHTS + sourceOid + " ORDER BY \"__pgt_xid\", ctid")) {
            while (rs.next()) {
                weights.add(rs.getString(1));
            }
        }
        return weights;
    }
}

package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes to a stream table's storage table are refused (issue 7, item 5): they used to be accepted, and later
 * refreshes kept the damage. Only a refresh, which presents the database's refresh token, may write; the token is
 * readable by Trickle's role only, so a role that was granted write privileges on the storage table cannot forge it.
 * A storage table that was written to anyway (its guard disabled by its owner) is ERROR until reinitialized, which
 * repairs it.
 */
class StorageWritesIT {
    private static final String QUERY = "SELECT grp, sum(v) AS total, count(*) AS n FROM items GROUP BY grp";

    private static TestDatabase database;
    private static TestRole app;
    private static TestRole writer;
    private static Trickle engine;

    @BeforeAll
    static void setUp() {
        database = TestPostgres.createDatabase();
        app = Roles.app(database, "app");
        writer = database.createRole("writer");
        app.dsl().execute("CREATE TABLE items (id int PRIMARY KEY, grp text, v int)");
        app.dsl().execute("INSERT INTO items VALUES (1, 'a', 1), (2, 'a', 2), (3, 'b', 3)");
        engine = Roles.engine(app);
        engine.createStreamTable("totals", QUERY);
        engine.createStreamTable("copy", "SELECT id, grp, v FROM items");
        // a role that the owner let write to the stream tables, as if they were ordinary tables
        app.dsl().execute("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON totals, copy TO " + writer.name());
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        database.close();
    }

    @Test
    void writes_byTheOwner_areRefusedAndChangeNothing() {
        for (String write : List.of("INSERT INTO totals VALUES ('z', 9, 9)", "UPDATE totals SET total = 0",
                "DELETE FROM totals WHERE grp = 'a'", "TRUNCATE totals")) {
            assertThatThrownBy(() -> app.dsl().execute(write))
                    .as(write)
                    .hasMessageContaining("stream table public.totals")
                    .hasMessageContaining("its contents are maintained by Trickle");
        }
        StreamTableOracle.assertMatchesRecompute(app.dsl(), "public.totals", QUERY);
    }

    @Test
    void writes_byAGrantedRoleWithAGuessedToken_areRefused() {
        DSLContext w = writer.dsl();
        assertThatThrownBy(() -> w.transaction(tx -> {
            tx.dsl().execute("SELECT set_config('pgtrickle.refresh_token', 'guess', true)");
            tx.dsl().execute("DELETE FROM copy");
        })).hasMessageContaining("its contents are maintained by Trickle");
        assertThatThrownBy(() -> w.fetch("SELECT * FROM pgtrickle.pgt_settings"))
                .hasMessageContaining("permission denied");
        StreamTableOracle.assertMatchesRecompute(app.dsl(), "public.copy", "SELECT id, grp, v FROM items");
    }

    @Test
    void refresh_stillWritesThroughTheGuard() {
        app.dsl().execute("INSERT INTO items VALUES (10, 'c', 10)");

        assertThat(engine.refresh("totals").action()).isIn(RefreshAction.DIFFERENTIAL, RefreshAction.FULL);
        StreamTableOracle.assertMatchesRecompute(app.dsl(), "public.totals", QUERY);
        app.dsl().execute("DELETE FROM items WHERE id = 10");
        engine.refresh("totals");
    }

    @Test
    void guardDisabledAndStorageWritten_errorUntilReinitializeRepairsIt() {
        engine.createStreamTable("damaged", "SELECT id, grp, v FROM items WHERE v > 1");
        app.dsl().execute("ALTER TABLE damaged DISABLE TRIGGER __pgt_guard");
        app.dsl().execute("UPDATE damaged SET v = -v");
        app.dsl().execute("INSERT INTO damaged (id, grp, v, __pgt_row_id) VALUES (99, 'x', 99, 99)");
        app.dsl().execute("ALTER TABLE damaged ENABLE TRIGGER __pgt_guard");

        assertThatThrownBy(() -> engine.refresh("damaged"))
                .hasMessageContaining("trigger __pgt_guard on storage table 'public.damaged'")
                .hasMessageContaining("may have been written to");
        assertThat(engine.streamTable("damaged").orElseThrow().status()).isEqualTo(StreamTableStatus.ERROR);

        engine.reinitialize("damaged");

        StreamTableOracle.assertMatchesRecompute(app.dsl(), "public.damaged",
                "SELECT id, grp, v FROM items WHERE v > 1");
        assertThat(engine.streamTable("damaged").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        assertThatThrownBy(() -> app.dsl().execute("DELETE FROM damaged"))
                .hasMessageContaining("its contents are maintained by Trickle");
    }
}

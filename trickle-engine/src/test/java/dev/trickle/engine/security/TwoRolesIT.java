package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshException;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two application roles on one database (issue 7, item 11): one role's stream table must not stop the other role's
 * scheduler (every tick of it used to fail with {@code permission denied for table changes_...}). Set up as
 * docs/security.md says: a DBA creates a role that owns Trickle's two schemas and grants it to both application
 * roles. Each engine refreshes the stream tables its role owns, including two that read one shared source, and
 * reports the others once instead of failing on them; nobody's stream table is put in ERROR by the other role.
 */
class TwoRolesIT {
    private static TestDatabase database;
    private static TestRole alice;
    private static TestRole bob;
    private static Trickle aliceEngine;
    private static Trickle bobEngine;

    @BeforeAll
    static void setUp() {
        database = TestPostgres.createDatabase();
        TestRole shared = database.createRole("trickle");
        alice = database.createRole("alice");
        bob = database.createRole("bob");
        DSLContext dba = database.dsl();
        dba.execute("GRANT " + shared.name() + " TO " + alice.name() + ", " + bob.name());
        dba.execute("CREATE SCHEMA pgtrickle AUTHORIZATION " + shared.name());
        dba.execute("CREATE SCHEMA pgtrickle_changes AUTHORIZATION " + shared.name());
        dba.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + alice.name() + ", " + bob.name());
        alice.dsl().execute("CREATE TABLE a_orders (id int PRIMARY KEY, amount int)");
        alice.dsl().execute("CREATE TABLE catalogue (id int PRIMARY KEY, price int)");
        alice.dsl().execute("GRANT SELECT, TRIGGER ON catalogue TO " + bob.name());
        bob.dsl().execute("CREATE TABLE b_orders (id int PRIMARY KEY, amount int)");
        aliceEngine = engine(alice);
        bobEngine = engine(bob);
        aliceEngine.createStreamTable(spec("a_total", "SELECT count(*) AS n, sum(amount) AS total FROM a_orders"));
        aliceEngine.createStreamTable(spec("a_prices", "SELECT id, price FROM catalogue WHERE price > 10"));
        bobEngine.createStreamTable(spec("b_total", "SELECT count(*) AS n, sum(amount) AS total FROM b_orders"));
        bobEngine.createStreamTable(spec("b_prices", "SELECT id, price FROM catalogue WHERE price < 100"));
        aliceEngine.start();
        bobEngine.start();
    }

    private static Trickle engine(TestRole role) {
        return Roles.engine(role, b -> b.tickInterval(Duration.ofMillis(100)));
    }

    private static StreamTableSpec spec(String name, String query) {
        return StreamTableSpec.builder(name, query).schedule("1s").build();
    }

    @AfterAll
    static void tearDown() {
        aliceEngine.close();
        bobEngine.close();
        database.close();
    }

    @Test
    void schedulers_eachRefreshesItsRolesStreamTables_noneFails() throws InterruptedException {
        alice.dsl().execute("INSERT INTO a_orders VALUES (1, 10), (2, 20)");
        alice.dsl().execute("INSERT INTO catalogue VALUES (1, 5), (2, 50), (3, 500)");
        bob.dsl().execute("INSERT INTO b_orders VALUES (1, 7)");

        await(() -> current(alice, "a_total", "SELECT count(*) AS n, sum(amount) AS total FROM a_orders")
                && current(alice, "a_prices", "SELECT id, price FROM catalogue WHERE price > 10")
                && current(bob, "b_total", "SELECT count(*) AS n, sum(amount) AS total FROM b_orders")
                && current(bob, "b_prices", "SELECT id, price FROM catalogue WHERE price < 100"));

        DSLContext dba = database.dsl();
        assertThat(dba.fetchValue("SELECT count(*) FROM pgtrickle.pgt_refresh_history WHERE status = 'FAILED'"))
                .isEqualTo(0L);
        assertThat(dba.fetch("SELECT DISTINCT s.pgt_name || ':' || coalesce(e.rolname, '?') FROM"
                        + " pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)"
                        + " JOIN pg_class c ON c.oid = s.pgt_relid JOIN pg_roles e ON e.oid = c.relowner"
                        + " WHERE h.initiated_by = 'SCHEDULER' AND h.action <> 'NO_DATA' ORDER BY 1")
                .getValues(0, String.class))
                .containsExactlyInAnyOrder("a_prices:" + alice.name(), "a_total:" + alice.name(),
                        "b_prices:" + bob.name(), "b_total:" + bob.name());
        for (String st : List.of("a_total", "a_prices", "b_total", "b_prices")) {
            assertThat(aliceEngine.streamTable(st).orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        }
    }

    @Test
    void refresh_ofAnotherRolesStreamTable_isRefusedWithoutFailingIt() {
        assertThatThrownBy(() -> bobEngine.refresh("a_total"))
                .isInstanceOf(RefreshException.class)
                .hasMessageContaining("may not write its storage table");
        assertThat(aliceEngine.streamTable("a_total").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        assertThat(aliceEngine.streamTable("a_total").orElseThrow().lastError()).isNull();
    }

    private static boolean current(TestRole role, String streamTable, String query) {
        try {
            StreamTableOracle.assertMatchesRecompute(role.dsl(), "public." + streamTable, query);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stream tables not current within 20 s");
            }
            Thread.sleep(50);
        }
    }
}

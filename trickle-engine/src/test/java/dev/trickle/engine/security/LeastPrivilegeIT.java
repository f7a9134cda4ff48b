package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.DatabaseException;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The least privileges of docs/security.md, on a role that has exactly those (issue 7, item 9): with the schemas
 * {@code pgtrickle} and {@code pgtrickle_changes} created by a DBA for the application role, an engine needs no
 * {@code CREATE} on the database (it used to need it on every start) and no {@code TEMP}; a source owned by another
 * role needs {@code SELECT} and {@code TRIGGER} on it, and {@code drop()} removes the capture from it. A missing
 * privilege is reported as such, not as an invalid query.
 */
class LeastPrivilegeIT {
    private static TestDatabase database;
    private static TestRole app;
    private static TestRole owner;
    private static Trickle engine;

    @BeforeAll
    static void setUp() {
        database = TestPostgres.createDatabase();
        app = database.createRole("app");
        owner = database.createRole("owner");
        DSLContext dba = database.dsl();
        dba.execute("REVOKE CREATE, TEMPORARY ON DATABASE " + database.name() + " FROM PUBLIC");
        dba.execute("CREATE SCHEMA pgtrickle AUTHORIZATION " + app.name());
        dba.execute("CREATE SCHEMA pgtrickle_changes AUTHORIZATION " + app.name());
        dba.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + app.name() + ", " + owner.name());
        owner.dsl().execute("CREATE TABLE orders (id int PRIMARY KEY, customer text, amount int)");
        owner.dsl().execute("INSERT INTO orders VALUES (1, 'a', 10), (2, 'b', 20)");
        owner.dsl().execute("GRANT SELECT, TRIGGER ON orders TO " + app.name());
        owner.dsl().execute("CREATE TABLE secrets (id int PRIMARY KEY, s text)");
        owner.dsl().execute("CREATE TABLE readable (id int PRIMARY KEY, s text)");
        owner.dsl().execute("GRANT SELECT ON readable TO " + app.name());
        engine = Roles.engine(app);
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        database.close();
    }

    @Test
    void start_schemasCreatedByADba_needsNoCreateOrTempOnTheDatabase() {
        assertThat(database.dsl().fetchValue("SELECT has_database_privilege({0}, current_database(), 'CREATE')"
                + " OR has_database_privilege({0}, current_database(), 'TEMP')", app.name())).isEqualTo(false);

        engine.start();
        try (Trickle second = Roles.engine(app)) {
            second.start();
        }

        assertThat(app.dsl().fetchValue("SELECT max(version) FROM pgtrickle.pgt_schema_version")).isNotNull();
    }

    @Test
    void createRefreshDrop_sourceOfAnotherRoleWithSelectAndTrigger_worksAndLeavesNoTrigger() {
        String query = "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer";
        engine.createStreamTable("by_customer", query);
        owner.dsl().execute("INSERT INTO orders VALUES (3, 'a', 5)");
        owner.dsl().execute("UPDATE orders SET amount = 21 WHERE id = 2");

        engine.refresh("by_customer");
        StreamTableOracle.assertMatchesRecompute(app.dsl(), "public.by_customer", query);

        engine.drop("by_customer");
        assertThat(database.dsl().fetchValue("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.orders'::regclass"
                + " AND NOT tgisinternal")).isEqualTo(0L);
        assertThat(database.dsl().fetchValue("SELECT count(*) FROM pg_class WHERE relnamespace ="
                + " 'pgtrickle_changes'::regnamespace")).isEqualTo(0L);
        assertThat(database.dsl().fetchValue("SELECT count(*) FROM pg_proc WHERE pronamespace ="
                + " 'pgtrickle_changes'::regnamespace")).isEqualTo(0L);
    }

    @Test
    void create_sourceTheRoleCannotRead_isAPrivilegeErrorAndLeavesNothing() {
        assertThatThrownBy(() -> engine.createStreamTable("leak", "SELECT id, s FROM secrets"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("permission denied for table secrets");
        assertThat(engine.streamTable("leak")).isEmpty();
        assertThat(app.dsl().fetchValue("SELECT to_regclass('public.leak') IS NULL")).isEqualTo(true);
    }

    @Test
    void create_sourceWithoutTriggerPrivilege_isAPrivilegeErrorAndLeavesNothing() {
        assertThatThrownBy(() -> engine.createStreamTable("untriggered", "SELECT id, s FROM readable"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("permission denied for table readable");
        assertThat(engine.streamTable("untriggered")).isEmpty();
        assertThat(database.dsl().fetchValue("SELECT count(*) FROM pg_trigger WHERE tgrelid ="
                + " 'public.readable'::regclass")).isEqualTo(0L);
    }
}

package dev.trickle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** Roles of a test database: ordinary login roles, without privileges until granted, dropped with the database. */
class TestRoleIT {

    @Test
    void createRole_logsInAsAnOrdinaryRoleWithoutPrivileges() throws Exception {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            database.dsl().execute("CREATE TABLE secret (v int)");
            TestRole role = database.createRole("app");

            try (Connection c = role.newConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_user, rolsuper, rolcreatedb, rolcreaterole"
                            + " FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(database.name() + "_app");
                assertThat(rs.getBoolean(2)).isFalse();
                assertThat(rs.getBoolean(3)).isFalse();
                assertThat(rs.getBoolean(4)).isFalse();
            }
            assertThatThrownBy(() -> role.dsl().fetch("SELECT * FROM secret"))
                    .hasMessageContaining("permission denied");
            database.dsl().execute("GRANT SELECT ON secret TO " + role.name());
            assertThat(role.dsl().fetch("SELECT * FROM secret")).isEmpty();
        }
    }

    @Test
    void close_dropsTheRolesWithTheDatabase() {
        String name;
        try (TestDatabase database = TestPostgres.createDatabase()) {
            name = database.createRole("gone").name();
            database.dsl().execute("CREATE TABLE owned_by_role (v int)");
            database.dsl().execute("ALTER TABLE owned_by_role OWNER TO " + name);
        }
        try (TestDatabase other = TestPostgres.createDatabase()) {
            DSLContext dsl = other.dsl();
            assertThat(dsl.fetchValue("SELECT count(*) FROM pg_roles WHERE rolname = {0}", name)).isEqualTo(0L);
        }
    }

    @Test
    void createRole_invalidSuffix_isRejected() {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            assertThatThrownBy(() -> database.createRole("App; DROP ROLE x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case identifier");
        }
    }
}

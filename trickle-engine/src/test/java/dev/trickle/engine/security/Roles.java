package dev.trickle.engine.security;

import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;

/** The roles of the security tests: an application role that runs the engine, and plain SQL run as a role. */
final class Roles {
    private Roles() {}

    /**
     * Creates the role that runs the engine: it may create Trickle's schemas and tables in {@code public}.
     *
     * @param database the database
     * @return the role {@code app}
     */
    static TestRole app(TestDatabase database) {
        return app(database, "app");
    }

    /**
     * Creates a role that runs an engine: it may create Trickle's schemas and tables in {@code public}.
     *
     * @param database the database
     * @param suffix the role's suffix
     * @return the role
     */
    static TestRole app(TestDatabase database, String suffix) {
        TestRole app = database.createRole(suffix);
        database.dsl().execute("GRANT CREATE ON DATABASE " + database.name() + " TO " + app.name());
        database.dsl().execute("GRANT USAGE, CREATE ON SCHEMA public TO " + app.name());
        return app;
    }

    /**
     * Builds an engine that runs as a role.
     *
     * @param role the role
     * @param options engine options
     * @return the engine, not started
     */
    static Trickle engine(TestRole role, UnaryOperator<Trickle.Builder> options) {
        return options.apply(Trickle.builder(role.dataSource())).build();
    }

    static Trickle engine(TestRole role) {
        return engine(role, UnaryOperator.identity());
    }

    /**
     * Runs statements on a connection, one by one.
     *
     * @param c the connection, logged in as the role that runs them
     * @param statements the statements
     * @throws SQLException if one fails; the rest do not run
     */
    static void execute(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /**
     * Lists a change buffer's rows as {@code weight:id:v}, the way the tests compare them.
     *
     * @param dsl a context that may read the buffer
     * @param sourceOid the source
     * @param columns the buffer's source columns to show
     * @return one string per row
     */
    static List<String> bufferRows(DSLContext dsl, long sourceOid, String columns) {
        return dsl.fetch("SELECT concat_ws(':', \"__pgt_w\", " + columns + ") FROM pgtrickle_changes.changes_"
                + sourceOid).getValues(0, String.class);
    }

    /**
     * Reads a relation's oid.
     *
     * @param dsl a context on the database
     * @param relation the relation, as SQL spells it
     * @return its oid
     */
    static long oid(DSLContext dsl, String relation) {
        return dsl.fetchOne("SELECT {0}::regclass::oid::bigint", relation).get(0, Long.class);
    }
}

package dev.trickle.engine.security;

import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestRole;
import java.util.function.UnaryOperator;

/** Roles of the security tests: an application role that runs Trickle, with no more than it needs. */
final class AppRoles {
    private AppRoles() {}

    /**
     * Creates the application role: it may create schemas in the database (Trickle installs its catalog) and tables
     * in schema {@code public} (its sources and stream tables).
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
}

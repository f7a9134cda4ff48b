package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, item 8 (removal): Trickle may capture a source that another role owns, with only the {@code TRIGGER}
 * privilege on it. Before the fix, dropping the last stream table over it failed: {@code DROP TRIGGER} needs the
 * ownership of the table. Dropping the capture function with {@code CASCADE} removes its triggers without it.
 */
class CaptureRemovalIT {
    /** What {@code app} may do on the source: exactly what docs/security.md asks of a source Trickle does not own. */
    private static final String SOURCE_PRIVILEGES = "SELECT, TRIGGER";

    @Test
    void drop_sourceOwnedByAnotherRole_removesTriggersBufferAndFunction() {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            DSLContext su = database.dsl();
            TestRole owner = database.createRole("owner");
            TestRole app = Roles.app(database);
            su.execute("CREATE TABLE public.t (id int PRIMARY KEY, v int)");
            su.execute("INSERT INTO public.t VALUES (1, 1), (2, 2)");
            su.execute("ALTER TABLE public.t OWNER TO " + owner.name());
            su.execute("GRANT " + SOURCE_PRIVILEGES + " ON public.t TO " + app.name());
            long oid = Roles.oid(su, "public.t");

            try (Trickle engine = Trickle.builder(app.dataSource()).build()) {
                engine.createStreamTable(StreamTableSpec.builder("public.st", "SELECT id, v FROM public.t")
                        .mode(RefreshMode.DIFFERENTIAL).build());
                assertThat(triggers(su)).hasSize(4);

                engine.drop("public.st");
            }

            assertThat(triggers(su)).isEmpty();
            assertThat(su.fetchOne("SELECT to_regclass({0}) IS NULL AND to_regprocedure({1}) IS NULL",
                    "pgtrickle_changes.changes_" + oid, "pgtrickle_changes.capture_" + oid + "()")
                    .get(0, Boolean.class)).as("buffer and function gone").isTrue();
        }
    }

    private static List<String> triggers(DSLContext su) {
        return su.fetch("SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.t'::regclass")
                .getValues(0, String.class);
    }
}

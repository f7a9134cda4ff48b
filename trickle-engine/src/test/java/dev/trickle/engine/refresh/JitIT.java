package dev.trickle.engine.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * A refresh does not let the server JIT-compile its statements: on a database whose sessions have {@code jit = on}
 * and a zero JIT cost threshold (every plan qualifies, as plans over never-analyzed tables often do), the refresh's
 * statements run with {@code jit = off}. The stream table reads the setting through a function in its query, which
 * the refresh statements evaluate: the value is the setting those statements ran with.
 */
class JitIT {
    private static final String QUERY = """
            SELECT a.id, b.v, c.w, jit_setting() AS jit
              FROM a JOIN b ON b.id = a.b_id JOIN c ON c.id = b.c_id""";

    @Test
    void refresh_onDatabaseWithJitForEveryPlan_runsItsStatementsWithoutJit() {
        try (TestDatabase db = TestPostgres.createDatabase()) {
            DSLContext dsl = db.dsl();
            dsl.execute("ALTER DATABASE " + db.name() + " SET jit = on");
            dsl.execute("ALTER DATABASE " + db.name() + " SET jit_above_cost = 0");
            dsl.execute("ALTER DATABASE " + db.name() + " SET jit_inline_above_cost = 0");
            dsl.execute("ALTER DATABASE " + db.name() + " SET jit_optimize_above_cost = 0");
            dsl.execute("CREATE FUNCTION jit_setting() RETURNS text STABLE LANGUAGE sql"
                    + " AS $$SELECT current_setting('jit')$$");
            dsl.execute("CREATE TABLE c (id int PRIMARY KEY, w int NOT NULL)");
            dsl.execute("CREATE TABLE b (id int PRIMARY KEY, c_id int NOT NULL, v int NOT NULL)");
            dsl.execute("CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL)");
            dsl.execute("INSERT INTO c VALUES (1, 10), (2, 20), (3, 30)");
            dsl.execute("INSERT INTO b VALUES (1, 1, 100), (2, 2, 200), (3, 3, 300)");
            dsl.execute("INSERT INTO a VALUES (1, 1), (2, 2), (3, 3)");
            try (Trickle engine = Trickle.builder(db.dataSource()).build()) {
                DSLContext session = db.dsl();
                assertThat(session.fetchValue("SELECT jit_setting()")).as("the database's sessions' jit")
                        .isEqualTo("on");
                engine.createStreamTable(StreamTableSpec.builder("abc", QUERY).mode(RefreshMode.DIFFERENTIAL).build());
                session.execute("INSERT INTO c VALUES (4, 40)");
                session.execute("INSERT INTO b VALUES (4, 4, 400)");
                session.execute("INSERT INTO a VALUES (4, 4)");

                assertThat(engine.refresh("abc").action()).isEqualTo(RefreshAction.DIFFERENTIAL);

                List<String> settings = session.fetch("SELECT jit FROM abc ORDER BY id").getValues(0, String.class);
                assertThat(settings).as("jit as the load and the differential refresh ran").hasSize(4)
                        .containsOnly("off");
            }
        }
    }
}

package dev.trickle.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stream tables refresh themselves: layers upstream first, diamonds, failures that wait, resume. */
class SchedulerIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres()
            .withEngine(b -> b.tickInterval(Duration.ofMillis(100)).maxConsecutiveFailures(2));

    static final String TREE = """
            WITH RECURSIVE tree AS (
                SELECT id, name, parent_id, name AS path, 0 AS depth FROM departments WHERE parent_id IS NULL
                UNION ALL
                SELECT d.id, d.name, d.parent_id, tree.path || ' > ' || d.name, tree.depth + 1
                  FROM departments d JOIN tree ON d.parent_id = tree.id)
            SELECT id, name, parent_id, path, depth FROM tree""";
    static final String STATS = """
            SELECT t.id AS department_id, t.name AS department_name, t.path AS full_path, t.depth,
                   count(e.id) AS headcount, coalesce(sum(e.salary), 0) AS total_salary
              FROM department_tree t LEFT JOIN employees e ON e.department_id = t.id
             GROUP BY t.id, t.name, t.path, t.depth""";
    static final String REPORT = """
            SELECT split_part(full_path, ' > ', 2) AS division, sum(headcount) AS total_headcount,
                   sum(total_salary) AS total_payroll
              FROM department_stats WHERE depth >= 1 GROUP BY 1""";

    @Test
    void threeLayerChain_refreshesItselfUpstreamFirst(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE departments (id int PRIMARY KEY, name text NOT NULL, parent_id int)");
        dsl.execute("CREATE TABLE employees (id int PRIMARY KEY, name text, department_id int, salary numeric(10,2))");
        dsl.execute("INSERT INTO departments VALUES (1, 'Company', NULL), (2, 'Engineering', 1), (3, 'Sales', 1),"
                + " (5, 'Backend', 2)");
        dsl.execute("INSERT INTO employees VALUES (1, 'Alice', 5, 120000), (2, 'Eve', 3, 95000)");
        engine.createStreamTable(StreamTableSpec.builder("department_tree", TREE).schedule("calculated").build());
        engine.createStreamTable(StreamTableSpec.builder("department_stats", STATS).schedule("calculated").build());
        engine.createStreamTable(StreamTableSpec.builder("department_report", REPORT).schedule("1s").build());
        assertThat(engine.streamTable("department_report").orElseThrow().effectiveMode())
                .isEqualTo(RefreshMode.DIFFERENTIAL);
        engine.start();

        dsl.execute("INSERT INTO employees VALUES (3, 'Heidi', 5, 105000)");
        dsl.execute("INSERT INTO departments VALUES (8, 'DevOps', 2)");
        dsl.execute("UPDATE departments SET name = 'R&D' WHERE id = 2");
        long written = System.nanoTime();

        await(Duration.ofSeconds(5), () -> matches(dsl, "department_tree", TREE)
                && matches(dsl, "department_stats", STATS) && matches(dsl, "department_report", REPORT));
        assertThat(Duration.ofNanos(System.nanoTime() - written))
                .as("within the 1s schedule, two 100ms ticks and the refreshes' own time")
                .isLessThan(Duration.ofMillis(1200 + 1000));
        assertThat(dsl.fetchValue("SELECT total_headcount FROM department_report WHERE division = 'R&D'"))
                .hasToString("2");
        assertThat((Long) dsl.fetchValue("SELECT count(*) FROM pgtrickle.pgt_refresh_history"
                + " WHERE initiated_by = 'SCHEDULER'")).isPositive();
    }

    @Test
    void downstreamWithoutSchedule_refreshesWithItsSource_notAfterDefaultSchedule(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE follow_src (id int PRIMARY KEY, g int, v int)");
        dsl.execute("INSERT INTO follow_src VALUES (1, 1, 10)");
        String up = "SELECT g, sum(v) AS total FROM follow_src GROUP BY g";
        String down = "SELECT g, total * 2 AS doubled FROM follow_up";
        engine.createStreamTable(StreamTableSpec.builder("follow_up", up).schedule("1s").build());
        engine.createStreamTable(StreamTableSpec.builder("follow_down", down).build());
        assertThat(dsl.fetchValue("SELECT effective_schedule FROM pgtrickle.pgt_stream_tables"
                + " WHERE pgt_name = 'follow_down'")).as("the schedule of what it reads, not defaultSchedule's 1m")
                .isEqualTo("1s");
        engine.start();

        dsl.execute("INSERT INTO follow_src VALUES (2, 1, 5), (3, 2, 7)");

        await(Duration.ofSeconds(5), () -> matches(dsl, "follow_up", up) && matches(dsl, "follow_down", down));
    }

    @Test
    void diamond_refreshesItselfConsistently(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE base (id int PRIMARY KEY, g int, v int)");
        dsl.execute("INSERT INTO base SELECT i, i % 4, i FROM generate_series(1, 100) i");
        String left = "SELECT id, g, v FROM base WHERE v % 2 = 0";
        String right = "SELECT g, sum(v) AS total FROM base GROUP BY g";
        String bottom = "SELECT l.g, count(*) AS n, max(r.total) AS total FROM d_left l JOIN d_right r ON r.g = l.g"
                + " GROUP BY l.g";
        engine.createStreamTable(StreamTableSpec.builder("d_left", left).build());
        engine.createStreamTable(StreamTableSpec.builder("d_right", right).build());
        engine.createStreamTable(StreamTableSpec.builder("d_bottom", bottom).schedule("1s").build());
        assertThat(dsl.fetchValue("SELECT count(*) FROM pgtrickle.diamond_groups()")).isEqualTo(3L);
        engine.start();

        dsl.execute("UPDATE base SET v = v + 1 WHERE id <= 30");
        dsl.execute("DELETE FROM base WHERE id > 90");
        long written = System.nanoTime();

        await(Duration.ofSeconds(5), () -> matches(dsl, "d_left", left) && matches(dsl, "d_right", right)
                && matches(dsl, "d_bottom", bottom));
        assertThat(Duration.ofNanos(System.nanoTime() - written))
                .as("within the 1s schedule, two 100ms ticks and the refreshes' own time")
                .isLessThan(Duration.ofMillis(1200 + 1000));
    }

    @Test
    void permanentFailure_setsErrorAndDependentsWait_othersGoOn(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE src_ok (id int PRIMARY KEY, v int)");
        dsl.execute("CREATE TABLE src_bad (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO src_ok VALUES (1, 1)");
        dsl.execute("INSERT INTO src_bad VALUES (1, 1)");
        engine.createStreamTable(StreamTableSpec.builder("st_ok", "SELECT id, v FROM src_ok").schedule("1s").build());
        engine.createStreamTable(StreamTableSpec.builder("st_bad", "SELECT id, v FROM src_bad").schedule("1s").build());
        engine.createStreamTable(StreamTableSpec.builder("st_after_bad", "SELECT id, v FROM st_bad")
                .schedule("1s").build());
        // st_bad loses its capture; st_after_bad reads st_bad's storage, which stays as it was
        dsl.execute("ALTER TABLE src_bad DISABLE TRIGGER USER");
        engine.start();

        dsl.execute("INSERT INTO src_bad VALUES (2, 2)");
        dsl.execute("INSERT INTO src_ok VALUES (2, 2)");

        await(Duration.ofSeconds(5), () -> status(engine, "st_bad") == StreamTableStatus.ERROR
                && matches(dsl, "st_ok", "SELECT id, v FROM src_ok"));
        assertThat(engine.streamTable("st_bad").orElseThrow().lastError())
                .contains("on source 'public.src_bad' is disabled");
        assertThat(status(engine, "st_after_bad")).isEqualTo(StreamTableStatus.ACTIVE);
        assertThat(dsl.fetchValue("SELECT severity FROM pgtrickle.health_check() WHERE check_name = 'error_tables'"))
                .isEqualTo("ERROR");
    }

    static StreamTableStatus status(Trickle engine, String name) {
        return engine.streamTable(name).orElseThrow().status();
    }

    static boolean matches(DSLContext dsl, String table, String query) {
        return StreamTableOracle.check(dsl, table, query).matches();
    }

    static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

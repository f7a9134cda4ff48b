package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.Trickle;
import dev.trickle.monitor.ChangeBufferSize;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A monitoring role sees statuses and sizes, never captured rows (issue 7, item 10). A DBA creates the role
 * {@code pgtrickle_reader} and grants it to the monitoring tool's login; Trickle's engine grants it what monitoring
 * needs at every start. It must not need (and does not get) read access to change buffers or storage tables.
 */
class MonitoringRoleIT {
    private static TestDatabase database;
    private static TestRole app;
    private static TestRole monitor;
    private static Trickle engine;

    @BeforeAll
    static void setUp() {
        database = TestPostgres.createDatabase();
        DSLContext dba = database.dsl();
        // a role of the whole server: created unless an earlier run left it behind, dropped again at the end
        dba.execute("DO $$ BEGIN IF to_regrole('pgtrickle_reader') IS NULL THEN CREATE ROLE pgtrickle_reader NOLOGIN;"
                + " END IF; END $$");
        app = Roles.app(database, "app");
        monitor = database.createRole("monitor");
        dba.execute("GRANT pgtrickle_reader TO " + monitor.name());
        app.dsl().execute("CREATE TABLE orders (id int PRIMARY KEY, customer text, amount int)");
        app.dsl().execute("INSERT INTO orders VALUES (1, 'a', 10), (2, 'b', 20)");
        engine = Roles.engine(app);
        engine.createStreamTable("by_customer", "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer");
        engine.start();
        app.dsl().execute("INSERT INTO orders VALUES (3, 'c', 30), (4, 'c', 40)");
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        database.close();
        try (TestDatabase other = TestPostgres.createDatabase()) {
            other.dsl().execute("DROP ROLE IF EXISTS pgtrickle_reader");
        }
    }

    @Test
    void monitoringFunctions_asReader_answer() {
        DSLContext m = monitor.dsl();
        for (String call : List.of("pgtrickle.pgt_status()", "pgtrickle.health_check()",
                "pgtrickle.change_buffer_sizes()", "pgtrickle.dependency_tree()", "pgtrickle.refresh_timeline(10)",
                "pgtrickle.list_sources('by_customer')", "pgtrickle.trigger_inventory()", "pgtrickle.diamond_groups()",
                "pgtrickle.worker_pool_status()", "pgtrickle.parallel_job_status(60)", "pgtrickle.pg_stat_stream_tables")) {
            m.fetch("SELECT * FROM " + call);
        }
        assertThat(m.fetchValue("SELECT status FROM pgtrickle.pgt_status() WHERE name = 'public.by_customer'"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void changeBufferSizes_asReader_countsPendingRowsWithoutReadingThem() {
        List<ChangeBufferSize> sizes;
        try (Trickle monitoring = Trickle.builder(monitor.dataSource()).build()) {
            sizes = monitoring.monitoring().changeBufferSizes();
        }
        assertThat(sizes).singleElement().satisfies(s -> {
            assertThat(s.sourceTable().name()).isEqualTo("orders");
            assertThat(s.bufferBytes()).isPositive();
        });
        assertThat(monitor.dsl().fetchValue("SELECT sum(pending_rows) FROM pgtrickle.change_buffer_sizes()"))
                .isNotNull();
    }

    @Test
    void rowsOfBuffersAndStorage_asReader_areRefused() {
        DSLContext m = monitor.dsl();
        long source = ((Number) app.dsl().fetchValue("SELECT 'orders'::regclass::oid::bigint")).longValue();
        assertThatThrownBy(() -> m.fetch("SELECT * FROM pgtrickle_changes.changes_" + source))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> m.fetch("SELECT * FROM by_customer")).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> m.fetch("SELECT * FROM pgtrickle.pgt_settings"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> m.execute("SELECT pgtrickle.resume_stream_table('by_customer')"))
                .hasMessageContaining("permission denied");
    }
}

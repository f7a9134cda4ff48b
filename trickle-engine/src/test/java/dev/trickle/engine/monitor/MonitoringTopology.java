package dev.trickle.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Result;

/**
 * Stream tables for the monitoring tests, and the columns the reference documents for each monitoring function.
 *
 * <pre>
 * orders ── order_totals (calculated) ── big_customers (calculated) ── vip_count (1s)     a chain
 * orders ── d_left, d_right (1s) ── d_bottom (1s)                                        a diamond
 * customers ── regions (FULL, 1s)
 * audit ── audit_copy (1s), made to fail: a column of its storage table is renamed
 * parked ── parked_copy (1h): its changes stay pending until refreshed by hand
 * </pre>
 */
final class MonitoringTopology {
    static final List<String> STREAM_TABLES = List.of("audit_copy", "big_customers", "d_bottom", "d_left", "d_right",
            "order_totals", "parked_copy", "regions", "vip_count");
    static final Set<String> CAPTURED_SOURCES = Set.of("public.audit", "public.big_customers", "public.customers",
            "public.d_left", "public.d_right", "public.order_totals", "public.orders", "public.parked");
    static final List<String> TREE = List.of(
            "├── public.audit_copy",
            "│   └── public.audit [src]",
            "├── public.d_left",
            "│   ├── public.d_bottom",
            "│   └── public.orders [src]",
            "├── public.d_right",
            "│   ├── public.d_bottom",
            "│   └── public.orders [src]",
            "├── public.order_totals",
            "│   ├── public.big_customers",
            "│   │   └── public.vip_count",
            "│   └── public.orders [src]",
            "├── public.parked_copy",
            "│   └── public.parked [src]",
            "└── public.regions",
            "    └── public.customers [src]");

    // the documented columns of each monitoring function, in order (monitoring-reference.md)
    static final List<String> PGT_STATUS = List.of("name", "status", "refresh_mode", "is_populated",
            "consecutive_errors", "schedule", "data_timestamp", "staleness", "scc_id");
    static final List<String> PG_STAT_STREAM_TABLES = List.of("pgt_id", "pgt_schema", "pgt_name", "status",
            "refresh_mode", "is_populated", "data_timestamp", "schedule", "staleness", "stale", "consecutive_errors",
            "needs_reinit", "last_refresh_at", "total_refreshes", "successful_refreshes", "failed_refreshes",
            "total_rows_inserted", "total_rows_deleted", "avg_duration_ms", "last_action", "last_status", "cdc_modes",
            "scc_id", "last_fixpoint_iterations");
    static final List<String> HEALTH_CHECK = List.of("check_name", "severity", "detail");
    static final List<String> DEPENDENCY_TREE = List.of("tree_line", "node", "node_type", "depth", "status",
            "refresh_mode");
    static final List<String> REFRESH_TIMELINE = List.of("start_time", "stream_table", "action", "status",
            "rows_inserted", "rows_deleted", "duration_ms", "error_message");
    static final List<String> CHANGE_BUFFER_SIZES = List.of("stream_table", "source_table", "source_oid", "cdc_mode",
            "pending_rows", "buffer_bytes");
    static final List<String> LIST_SOURCES = List.of("source_table", "source_oid", "source_type", "cdc_mode",
            "columns_used");
    static final List<String> TRIGGER_INVENTORY = List.of("source_table", "source_oid", "trigger_name",
            "trigger_type", "present", "enabled");
    static final List<String> DIAMOND_GROUPS = List.of("group_id", "member_name", "member_schema", "is_convergence",
            "epoch", "schedule_policy");
    static final List<String> WORKER_POOL_STATUS = List.of("active_workers", "max_workers", "per_db_cap",
            "parallel_mode");
    static final List<String> PARALLEL_JOB_STATUS = List.of("job_id", "unit_key", "unit_kind", "status",
            "member_count", "attempt_no", "scheduler_pid", "worker_pid", "enqueued_at", "started_at", "finished_at",
            "duration_ms");

    private MonitoringTopology() {}

    /** Creates the tables and stream tables, starts the engine, writes, and waits for the scheduler's refreshes. */
    static void create(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE customers (id int PRIMARY KEY, region text NOT NULL)");
        dsl.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount int NOT NULL)");
        dsl.execute("CREATE TABLE audit (id int PRIMARY KEY, note text)");
        dsl.execute("CREATE TABLE parked (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO customers VALUES (1, 'north'), (2, 'south')");
        dsl.execute("INSERT INTO orders VALUES (1, 1, 50), (2, 1, 70), (3, 2, 5)");
        dsl.execute("INSERT INTO audit VALUES (1, 'created')");
        create(engine, "order_totals", "SELECT customer_id, sum(amount) AS total, count(*) AS n FROM orders"
                + " GROUP BY customer_id", "calculated");
        create(engine, "big_customers", "SELECT customer_id, total FROM order_totals WHERE total > 100", "calculated");
        create(engine, "vip_count", "SELECT count(*) AS n FROM big_customers", "1s");
        create(engine, "d_left", "SELECT id, customer_id FROM orders WHERE amount > 10", "1s");
        create(engine, "d_right", "SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id", "1s");
        create(engine, "d_bottom", "SELECT l.customer_id, count(*) AS n FROM d_left l JOIN d_right r"
                + " ON r.customer_id = l.customer_id GROUP BY l.customer_id", "1s");
        engine.createStreamTable(StreamTableSpec.builder("regions", "SELECT region, count(*) AS n FROM customers"
                + " GROUP BY region").mode(RefreshMode.FULL).schedule("1s").build());
        create(engine, "audit_copy", "SELECT id, note FROM audit", "1s");
        create(engine, "parked_copy", "SELECT id, v FROM parked", "1h");
        dsl.execute("ALTER TABLE audit_copy RENAME COLUMN note TO remark");
        engine.start();

        dsl.execute("INSERT INTO orders VALUES (4, 2, 200), (5, 3, 20)");
        dsl.execute("INSERT INTO customers VALUES (3, 'north')");
        dsl.execute("INSERT INTO audit VALUES (2, 'changed')");
        await(Duration.ofSeconds(15), () -> engine.streamTable("audit_copy").orElseThrow().status()
                == StreamTableStatus.ERROR
                && schedulerRefreshes(dsl, "vip_count") > 0 && schedulerRefreshes(dsl, "d_bottom") > 0
                && schedulerRefreshes(dsl, "regions") > 0);
    }

    private static void create(Trickle engine, String name, String sql, String schedule) {
        engine.createStreamTable(StreamTableSpec.builder(name, sql).schedule(schedule).build());
    }

    /** @return the refreshes of a stream table the scheduler ran that applied changes */
    static long schedulerRefreshes(DSLContext dsl, String name) {
        return ((Number) dsl.fetchValue("SELECT count(*) FROM pgtrickle.pgt_refresh_history r"
                + " JOIN pgtrickle.pgt_stream_tables s USING (pgt_id) WHERE s.pgt_name = {0}"
                + " AND r.initiated_by = 'SCHEDULER' AND r.status = 'COMPLETED' AND r.action <> 'NO_DATA'", name))
                .longValue();
    }

    /** @return the catalog id of a stream table in schema public */
    static long id(DSLContext dsl, String name) {
        return ((Number) dsl.fetchValue("SELECT pgt_id FROM pgtrickle.pgt_stream_tables WHERE pgt_name = {0}", name))
                .longValue();
    }

    /** Asserts that a result's first columns are the documented ones, in order. */
    static void assertColumns(Result<?> result, List<String> documented) {
        List<String> names = Arrays.stream(result.fields()).map(Field::getName).toList();
        assertThat(names).as("columns").startsWith(documented.toArray(String[]::new));
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

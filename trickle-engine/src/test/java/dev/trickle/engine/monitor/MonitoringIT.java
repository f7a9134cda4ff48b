package dev.trickle.engine.monitor;

import static dev.trickle.engine.monitor.MonitoringTopology.assertColumns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every monitoring function and view of schema {@code pgtrickle} answers plain SQL while an engine runs, with the
 * documented columns first and the right facts.
 */
class MonitoringIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres()
            .withEngine(b -> b.tickInterval(Duration.ofMillis(100)).maxConcurrentRefreshes(3).parallelRefresh(true));

    @BeforeAll
    static void createStreamTables(Trickle engine, DSLContext dsl) {
        MonitoringTopology.create(engine, dsl);
    }

    @Test
    void pgtStatus_runningEngine_listsEveryStreamTableWithItsStatus(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.pgt_status()");

        assertColumns(rows, MonitoringTopology.PGT_STATUS);
        assertThat(rows.getValues("name", String.class))
                .containsExactlyElementsOf(MonitoringTopology.STREAM_TABLES.stream().map(n -> "public." + n).toList());
        Map<String, Record> byName = byKey(rows, "name");
        assertThat(byName.get("public.audit_copy").get("status")).isEqualTo("ERROR");
        assertThat(byName.get("public.audit_copy").get("last_error", String.class)).contains("note");
        assertThat(byName.get("public.order_totals").get("status")).isEqualTo("ACTIVE");
        assertThat(byName.get("public.order_totals").get("schedule")).isNull();
        assertThat(byName.get("public.order_totals").get("effective_schedule")).isEqualTo("1s");
        assertThat(byName.get("public.regions").get("refresh_mode")).isEqualTo("FULL");
        assertThat(byName.get("public.vip_count").get("is_populated", Boolean.class)).isTrue();
        assertThat(byName.get("public.vip_count").get("staleness")).isNotNull();
    }

    @Test
    void pgStatStreamTables_afterSchedulerRefreshes_countsTheHistory(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.pg_stat_stream_tables");

        assertColumns(rows, MonitoringTopology.PG_STAT_STREAM_TABLES);
        assertThat(rows).hasSize(MonitoringTopology.STREAM_TABLES.size());
        Map<String, Record> byName = byKey(rows, "pgt_name");
        Record totals = byName.get("order_totals");
        assertThat(totals.get("total_refreshes", Long.class)).isGreaterThanOrEqualTo(2);
        assertThat(totals.get("successful_refreshes", Long.class)).isEqualTo(totals.get("total_refreshes", Long.class));
        assertThat(totals.get("total_rows_inserted", Long.class)).isPositive();
        assertThat(totals.get("avg_duration_ms", Double.class)).isNotNull();
        assertThat(totals.get("cdc_modes", String[].class)).containsExactly("TRIGGER");
        Record failing = byName.get("audit_copy");
        assertThat(failing.get("failed_refreshes", Long.class)).isPositive();
        assertThat(failing.get("last_status")).isEqualTo("FAILED");
        assertThat(failing.get("consecutive_errors", Integer.class)).isPositive();
        assertThat(byName.get("regions").get("effective_mode")).isEqualTo("FULL");
    }

    @Test
    void healthCheck_failingTableAndRunningScheduler_reportsErrorTablesAndSchedulerOk(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.health_check()");

        assertColumns(rows, MonitoringTopology.HEALTH_CHECK);
        Map<String, Record> byCheck = byKey(rows, "check_name");
        assertThat(byCheck).containsKeys("scheduler_running", "error_tables", "stale_tables", "consecutive_errors",
                "buffer_growth", "trigger_health", "worker_pool");
        assertThat(byCheck.get("scheduler_running").get("severity")).isEqualTo("OK");
        assertThat(byCheck.get("error_tables").get("severity")).isEqualTo("ERROR");
        assertThat(byCheck.get("error_tables").get("detail", String.class)).contains("public.audit_copy (ERROR)");
        assertThat(byCheck.get("trigger_health").get("severity")).isEqualTo("OK");
        assertThat(byCheck.get("buffer_growth").get("severity")).isEqualTo("OK");
        assertThat(rows.getValues("severity", String.class)).allMatch(s -> List.of("OK", "WARN", "ERROR").contains(s));
    }

    @Test
    void dependencyTree_chainAndDiamond_drawsReadersUnderTheirSources(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.dependency_tree()");

        assertColumns(rows, MonitoringTopology.DEPENDENCY_TREE);
        assertThat(rows.getValues("tree_line", String.class)).containsExactlyElementsOf(MonitoringTopology.TREE);
        Map<String, Record> byNode = byKey(rows, "node");
        assertThat(byNode.get("public.order_totals").get("depth", Integer.class)).isZero();
        assertThat(byNode.get("public.big_customers").get("depth", Integer.class)).isEqualTo(1);
        assertThat(byNode.get("public.vip_count").get("depth", Integer.class)).isEqualTo(2);
        assertThat(byNode.get("public.vip_count").get("node_type")).isEqualTo("stream_table");
        assertThat(byNode.get("public.audit_copy").get("status")).isEqualTo("ERROR");
        assertThat(byNode.get("public.regions").get("refresh_mode")).isEqualTo("FULL");
        Record source = byNode.get("public.customers");
        assertThat(source.get("node_type")).isEqualTo("source_table");
        assertThat(source.get("status")).isNull();
        assertThat(source.get("refresh_mode")).isNull();
    }

    @Test
    void refreshTimeline_afterWrites_showsSchedulerRefreshesNewestFirst(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.refresh_timeline(200)");

        assertColumns(rows, MonitoringTopology.REFRESH_TIMELINE);
        List<OffsetDateTime> starts = rows.getValues("start_time", OffsetDateTime.class);
        assertThat(starts).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("stream_table")).isEqualTo("public.vip_count");
            assertThat(r.get("initiated_by")).isEqualTo("SCHEDULER");
            assertThat(r.get("status")).isEqualTo("COMPLETED");
            assertThat(r.get("duration_ms", Double.class)).isNotNull().isNotNegative();
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("stream_table")).isEqualTo("public.audit_copy");
            assertThat(r.get("status")).isEqualTo("FAILED");
            assertThat(r.get("error_message", String.class)).contains("note");
        });
        assertThat(dsl.fetch("SELECT * FROM pgtrickle.refresh_timeline(2)")).hasSize(2);
        assertThat(dsl.fetch("SELECT * FROM pgtrickle.refresh_timeline()")).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void changeBufferSizes_writeBeforeRefresh_showsPendingRowsThenZero(Trickle engine, DSLContext dsl) {
        String parked = "SELECT * FROM pgtrickle.change_buffer_sizes() WHERE stream_table = 'public.parked_copy'";
        dsl.execute("INSERT INTO parked VALUES (1, 1), (2, 2), (3, 3)");

        Result<Record> before = dsl.fetch(parked);
        engine.refresh("parked_copy");
        Result<Record> after = dsl.fetch(parked);

        assertColumns(before, MonitoringTopology.CHANGE_BUFFER_SIZES);
        assertThat(before).singleElement().satisfies(r -> {
            assertThat(r.get("source_table")).isEqualTo("public.parked");
            assertThat(r.get("cdc_mode")).isEqualTo("TRIGGER");
            assertThat(r.get("pending_rows", Long.class)).isEqualTo(3);
            assertThat(r.get("buffer_bytes", Long.class)).isPositive();
        });
        assertThat(after).singleElement().satisfies(r -> assertThat(r.get("pending_rows", Long.class)).isZero());
        assertThat(dsl.fetch("SELECT * FROM pgtrickle.change_buffer_sizes()").getValues("stream_table", String.class))
                .contains("public.big_customers", "public.d_bottom", "public.order_totals");
    }

    @Test
    void listSources_streamTables_listsTheirSourcesWithTypes(DSLContext dsl) {
        Result<Record> chain = dsl.fetch("SELECT * FROM pgtrickle.list_sources('big_customers')");
        Result<Record> diamond = dsl.fetch("SELECT * FROM pgtrickle.list_sources('public.d_bottom')");

        assertColumns(chain, MonitoringTopology.LIST_SOURCES);
        assertThat(chain).singleElement().satisfies(r -> {
            assertThat(r.get("source_table")).isEqualTo("public.order_totals");
            assertThat(r.get("source_type")).isEqualTo("STREAM_TABLE");
            assertThat(r.get("cdc_mode")).isEqualTo("TRIGGER");
        });
        assertThat(diamond.getValues("source_table", String.class))
                .containsExactly("public.d_left", "public.d_right");
        assertThatThrownBy(() -> dsl.fetch("SELECT * FROM pgtrickle.list_sources('no_such_table')"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("stream table 'no_such_table' does not exist");
    }

    @Test
    void triggerInventory_capturedSources_showsFourPresentTriggersEach(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.trigger_inventory()");

        assertColumns(rows, MonitoringTopology.TRIGGER_INVENTORY);
        Map<String, List<Record>> bySource = rows.stream()
                .collect(Collectors.groupingBy(r -> r.get("source_table", String.class)));
        assertThat(bySource.keySet()).isEqualTo(MonitoringTopology.CAPTURED_SOURCES);
        bySource.values().forEach(triggers -> {
            assertThat(triggers).hasSize(4).allSatisfy(r -> {
                assertThat(r.get("present", Boolean.class)).isTrue();
                assertThat(r.get("enabled", Boolean.class)).isTrue();
            });
            assertThat(triggers.stream().map(r -> r.get("trigger_type", String.class)))
                    .containsExactly("DML", "DML", "DML", "TRUNCATE");
            assertThat(triggers.stream().map(r -> r.get("event", String.class)))
                    .containsExactly("INSERT", "UPDATE", "DELETE", "TRUNCATE");
        });
    }

    @Test
    void diamondGroups_diamond_listsItsMembersAndFlagsTheConvergence(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.diamond_groups()");

        assertColumns(rows, MonitoringTopology.DIAMOND_GROUPS);
        assertThat(rows.getValues("member_name", String.class))
                .containsExactlyInAnyOrder("d_left", "d_right", "d_bottom");
        assertThat(rows.getValues("group_id", Integer.class)).containsOnly(1);
        assertThat(rows.getValues("member_schema", String.class)).containsOnly("public");
        Map<String, Record> byName = byKey(rows, "member_name");
        assertThat(byName.get("d_bottom").get("is_convergence", Boolean.class)).isTrue();
        assertThat(byName.get("d_left").get("is_convergence", Boolean.class)).isFalse();
        assertThat(byName.get("d_right").get("is_convergence", Boolean.class)).isFalse();
        assertThat(rows.getValues("schedule_policy", String.class)).containsOnly("fastest");
    }

    @Test
    void workerPoolStatus_runningEngine_showsItsConfiguredCapacity(DSLContext dsl) {
        Result<Record> rows = dsl.fetch("SELECT * FROM pgtrickle.worker_pool_status()");

        assertColumns(rows, MonitoringTopology.WORKER_POOL_STATUS);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("active_workers", Integer.class)).isBetween(0, 3);
            assertThat(r.get("max_workers", Integer.class)).isEqualTo(3);
            assertThat(r.get("per_db_cap", Integer.class)).isEqualTo(3);
            assertThat(r.get("parallel_mode")).isEqualTo("on");
            assertThat(r.get("engines", Integer.class)).isEqualTo(1);
        });
    }

    @Test
    void parallelJobStatus_recentAndRunningRefreshes_listsThemNewestFirst(DSLContext dsl) {
        Result<Record> recent = dsl.fetch("SELECT * FROM pgtrickle.parallel_job_status(600)");

        assertColumns(recent, MonitoringTopology.PARALLEL_JOB_STATUS);
        assertThat(recent.getValues("enqueued_at", OffsetDateTime.class)).isSortedAccordingTo((a, b) -> b.compareTo(a));
        long totalsId = MonitoringTopology.id(dsl, "vip_count");
        assertThat(recent).anySatisfy(r -> {
            assertThat(r.get("unit_key")).isEqualTo("s:" + totalsId);
            assertThat(r.get("unit_kind")).isEqualTo("singleton");
            assertThat(r.get("status")).isEqualTo("SUCCEEDED");
            assertThat(r.get("job_id")).isNotNull();
            assertThat(r.get("duration_ms", Double.class)).isNotNull();
        });
        assertThat(recent).anySatisfy(r -> {
            assertThat(r.get("stream_table")).isEqualTo("public.audit_copy");
            assertThat(r.get("status")).isEqualTo("PERMANENT_FAILED");
        });
        assertThat(dsl.fetch("SELECT * FROM pgtrickle.parallel_job_status(0)"))
                .noneMatch(r -> "SUCCEEDED".equals(r.get("status")));
    }

    @Test
    void parallelJobStatus_refreshLockHeld_listsARunningJob(DSLContext dsl) {
        long id = MonitoringTopology.id(dsl, "parked_copy");
        Result<Record> running = dsl.transactionResult(tx -> {
            // what the Refresher holds while it refreshes: an EXCLUSIVE lock on the storage table, in a transaction
            tx.dsl().execute("LOCK TABLE public.parked_copy IN EXCLUSIVE MODE");
            return tx.dsl().fetch("SELECT *, pg_backend_pid() AS me FROM pgtrickle.parallel_job_status()"
                    + " WHERE status = 'RUNNING' AND stream_table = 'public.parked_copy'");
        });

        assertThat(running).singleElement().satisfies(r -> {
            assertThat(r.get("unit_key")).isEqualTo("s:" + id);
            assertThat(r.get("stream_table")).isEqualTo("public.parked_copy");
            assertThat(r.get("job_id")).isNull();
            assertThat(r.get("worker_pid")).isEqualTo(r.get("me"));
            assertThat(r.get("finished_at")).isNull();
        });
    }

    static Map<String, Record> byKey(Result<Record> rows, String column) {
        return rows.stream().collect(Collectors.toMap(r -> r.get(column, String.class), r -> r, (a, b) -> a));
    }
}

package dev.trickle.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.monitor.ChangeBufferSize;
import dev.trickle.monitor.DependencyNode;
import dev.trickle.monitor.DiamondMember;
import dev.trickle.monitor.HealthCheck;
import dev.trickle.monitor.Monitoring;
import dev.trickle.monitor.RefreshEvent;
import dev.trickle.monitor.RefreshJob;
import dev.trickle.monitor.RefreshStats;
import dev.trickle.monitor.RefreshStatus;
import dev.trickle.monitor.Severity;
import dev.trickle.monitor.SourceInfo;
import dev.trickle.monitor.StatusEntry;
import dev.trickle.monitor.TriggerInfo;
import dev.trickle.monitor.WorkerPoolStatus;
import dev.trickle.testkit.TrickleExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The facts of the monitoring functions through the Java API, {@link Trickle#monitoring()}. */
class MonitoringApiIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres()
            .withEngine(b -> b.tickInterval(Duration.ofMillis(100)).maxConcurrentRefreshes(3));

    @BeforeAll
    static void createStreamTables(Trickle engine, DSLContext dsl) {
        MonitoringTopology.create(engine, dsl);
    }

    @Test
    void status_runningEngine_listsEveryStreamTableWithItsStatus(Trickle engine) {
        List<StatusEntry> status = engine.monitoring().status();

        assertThat(status).extracting(e -> e.name().name()).containsExactlyElementsOf(MonitoringTopology.STREAM_TABLES);
        Map<String, StatusEntry> byName = index(status, e -> e.name().name());
        assertThat(byName.get("audit_copy").status()).isEqualTo(StreamTableStatus.ERROR);
        assertThat(byName.get("audit_copy").lastError()).contains("note");
        assertThat(byName.get("audit_copy").consecutiveErrors()).isPositive();
        assertThat(byName.get("order_totals").name()).isEqualTo(new TableName("public", "order_totals"));
        assertThat(byName.get("order_totals").schedule()).isNull();
        assertThat(byName.get("order_totals").effectiveSchedule()).isEqualTo("1s");
        assertThat(byName.get("regions").refreshMode()).isEqualTo(RefreshMode.FULL);
        assertThat(byName.get("vip_count").effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(byName.get("vip_count").populated()).isTrue();
        assertThat(byName.get("vip_count").staleness()).isNotNull().isPositive();
        assertThat(byName.get("vip_count").dataTimestamp()).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void stats_afterSchedulerRefreshes_countsTheHistory(Trickle engine) {
        Map<String, RefreshStats> byName = index(engine.monitoring().stats(), s -> s.name().name());

        assertThat(byName).containsOnlyKeys(MonitoringTopology.STREAM_TABLES);
        RefreshStats totals = byName.get("order_totals");
        assertThat(totals.totalRefreshes()).isGreaterThanOrEqualTo(2).isEqualTo(totals.successfulRefreshes());
        assertThat(totals.totalRowsInserted()).isPositive();
        assertThat(totals.averageDuration()).isNotNull();
        assertThat(totals.lastStatus()).isEqualTo(RefreshStatus.COMPLETED);
        assertThat(totals.cdcModes()).containsExactly("TRIGGER");
        RefreshStats failing = byName.get("audit_copy");
        assertThat(failing.failedRefreshes()).isPositive();
        assertThat(failing.lastStatus()).isEqualTo(RefreshStatus.FAILED);
        assertThat(failing.status()).isEqualTo(StreamTableStatus.ERROR);
        assertThat(byName.get("parked_copy").stale()).isFalse();
    }

    @Test
    void healthCheck_failingTableAndRunningScheduler_reportsErrorTablesAndSchedulerOk(Trickle engine) {
        Map<String, HealthCheck> byName = index(engine.monitoring().healthCheck(), HealthCheck::name);

        assertThat(byName.get("scheduler_running").severity()).isEqualTo(Severity.OK);
        assertThat(byName.get("error_tables").severity()).isEqualTo(Severity.ERROR);
        assertThat(byName.get("error_tables").detail()).contains("public.audit_copy");
        assertThat(byName.get("trigger_health").severity()).isEqualTo(Severity.OK);
        assertThat(byName).doesNotContainKey("worker_pool");
    }

    @Test
    void dependencyTree_chainAndDiamond_drawsReadersUnderTheirSources(Trickle engine) {
        List<DependencyNode> tree = engine.monitoring().dependencyTree();

        assertThat(tree).extracting(DependencyNode::treeLine).containsExactlyElementsOf(MonitoringTopology.TREE);
        Map<String, DependencyNode> byNode = index(tree, n -> n.node().name());
        assertThat(byNode.get("order_totals").depth()).isZero();
        assertThat(byNode.get("big_customers").depth()).isEqualTo(1);
        assertThat(byNode.get("vip_count").depth()).isEqualTo(2);
        assertThat(byNode.get("vip_count").type()).isEqualTo(DependencyNode.Type.STREAM_TABLE);
        assertThat(byNode.get("audit_copy").status()).isEqualTo(StreamTableStatus.ERROR);
        assertThat(byNode.get("regions").refreshMode()).isEqualTo(RefreshMode.FULL);
        DependencyNode source = byNode.get("customers");
        assertThat(source.node()).isEqualTo(new TableName("public", "customers"));
        assertThat(source.type()).isEqualTo(DependencyNode.Type.SOURCE_TABLE);
        assertThat(source.status()).isNull();
        assertThat(source.refreshMode()).isNull();
    }

    @Test
    void refreshTimeline_afterWrites_showsSchedulerRefreshesNewestFirst(Trickle engine) {
        List<RefreshEvent> timeline = engine.monitoring().refreshTimeline(200);

        assertThat(timeline).extracting(RefreshEvent::startTime).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(timeline).anySatisfy(e -> {
            assertThat(e.streamTable()).isEqualTo(new TableName("public", "vip_count"));
            assertThat(e.initiatedBy()).isEqualTo("SCHEDULER");
            assertThat(e.status()).isEqualTo(RefreshStatus.COMPLETED);
            assertThat(e.duration()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        });
        assertThat(timeline).anySatisfy(e -> {
            assertThat(e.streamTable().name()).isEqualTo("audit_copy");
            assertThat(e.status()).isEqualTo(RefreshStatus.FAILED);
            assertThat(e.errorMessage()).contains("note");
        });
        assertThat(engine.monitoring().refreshTimeline(2)).hasSize(2);
        assertThat(engine.monitoring().refreshTimeline(0)).isEmpty();
    }

    @Test
    void refreshTimelineAndJobs_negativeArguments_throwIllegalArgumentException(Trickle engine) {
        Monitoring monitoring = engine.monitoring();

        assertThatThrownBy(() -> monitoring.refreshTimeline(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max rows must not be negative: -1");
        assertThatThrownBy(() -> monitoring.jobs(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max age must not be negative: PT-5S");
    }

    @Test
    void changeBufferSizes_writeBeforeRefresh_showsPendingRowsThenZero(Trickle engine, DSLContext dsl) {
        dsl.execute("INSERT INTO parked VALUES (11, 1), (12, 2)");

        ChangeBufferSize before = parked(engine.monitoring().changeBufferSizes());
        engine.refresh("parked_copy");
        ChangeBufferSize after = parked(engine.monitoring().changeBufferSizes());

        assertThat(before.sourceTable()).isEqualTo(new TableName("public", "parked"));
        assertThat(before.cdcMode()).isEqualTo("TRIGGER");
        assertThat(before.pendingRows()).isEqualTo(2);
        assertThat(before.bufferBytes()).isPositive();
        assertThat(before.sourceOid()).isEqualTo(after.sourceOid());
        assertThat(after.pendingRows()).isZero();
    }

    @Test
    void sources_streamTables_listsTheirSourcesWithTypes(Trickle engine) {
        List<SourceInfo> chain = engine.monitoring().sources("big_customers");
        List<SourceInfo> diamond = engine.monitoring().sources("public.d_bottom");

        assertThat(chain).singleElement().satisfies(s -> {
            assertThat(s.sourceTable()).isEqualTo(new TableName("public", "order_totals"));
            assertThat(s.sourceType()).isEqualTo("STREAM_TABLE");
            assertThat(s.cdcMode()).isEqualTo("TRIGGER");
            assertThat(s.sourceOid()).isPositive();
        });
        assertThat(diamond).extracting(s -> s.sourceTable().name()).containsExactly("d_left", "d_right");
    }

    @Test
    void sources_unknownOrPlainTable_throwsStreamTableNotFoundException(Trickle engine) {
        Monitoring monitoring = engine.monitoring();

        assertThatThrownBy(() -> monitoring.sources("no_such_table"))
                .isInstanceOf(StreamTableNotFoundException.class)
                .hasMessage("stream table 'no_such_table' does not exist");
        assertThatThrownBy(() -> monitoring.sources("public.orders"))
                .isInstanceOf(StreamTableNotFoundException.class)
                .hasMessage("stream table 'public.orders' does not exist");
    }

    @Test
    void triggerInventory_capturedSources_showsFourPresentTriggersEach(Trickle engine) {
        Map<TableName, List<TriggerInfo>> bySource = engine.monitoring().triggerInventory().stream()
                .collect(Collectors.groupingBy(TriggerInfo::sourceTable));

        assertThat(bySource.keySet()).extracting(TableName::toString)
                .containsExactlyInAnyOrderElementsOf(MonitoringTopology.CAPTURED_SOURCES);
        bySource.values().forEach(triggers -> {
            assertThat(triggers).hasSize(4).allMatch(t -> t.present() && t.enabled());
            assertThat(triggers).extracting(TriggerInfo::event)
                    .containsExactly("INSERT", "UPDATE", "DELETE", "TRUNCATE");
            assertThat(triggers).extracting(TriggerInfo::triggerType)
                    .containsExactly("DML", "DML", "DML", "TRUNCATE");
        });
    }

    @Test
    void diamondGroups_diamond_listsItsMembersAndFlagsTheConvergence(Trickle engine) {
        List<DiamondMember> members = engine.monitoring().diamondGroups();

        assertThat(members).extracting(m -> m.member().name())
                .containsExactlyInAnyOrder("d_left", "d_right", "d_bottom");
        assertThat(members).allMatch(m -> m.groupId() == 1 && m.epoch() == 0 && m.schedulePolicy().equals("fastest"));
        assertThat(members).filteredOn(DiamondMember::convergence).extracting(DiamondMember::member)
                .containsExactly(new TableName("public", "d_bottom"));
    }

    @Test
    void workerPoolStatus_runningEngine_showsItsConfiguredCapacity(Trickle engine) {
        WorkerPoolStatus pool = engine.monitoring().workerPoolStatus();

        assertThat(pool.activeWorkers()).isBetween(0, 3);
        assertThat(pool.maxWorkers()).isEqualTo(3);
        assertThat(pool.perDatabaseCap()).isEqualTo(3);
        assertThat(pool.parallelMode()).isEqualTo("off");
        assertThat(pool.engines()).isEqualTo(1);
    }

    @Test
    void jobs_recentRefreshes_listsSucceededAndFailedNewestFirst(Trickle engine, DSLContext dsl) {
        List<RefreshJob> jobs = engine.monitoring().jobs(Duration.ofMinutes(10));

        assertThat(jobs).extracting(RefreshJob::enqueuedAt).isSortedAccordingTo(Comparator.reverseOrder());
        long vipId = MonitoringTopology.id(dsl, "vip_count");
        assertThat(jobs).anySatisfy(j -> {
            assertThat(j.unitKey()).isEqualTo("s:" + vipId);
            assertThat(j.streamTable()).isEqualTo(new TableName("public", "vip_count"));
            assertThat(j.status()).isEqualTo("SUCCEEDED");
            assertThat(j.jobId()).isNotNull();
            assertThat(j.finishedAt()).isNotNull();
            assertThat(j.duration()).isNotNull();
        });
        assertThat(jobs).anySatisfy(j -> {
            assertThat(j.streamTable().name()).isEqualTo("audit_copy");
            assertThat(j.status()).isEqualTo("PERMANENT_FAILED");
        });
    }

    private static ChangeBufferSize parked(List<ChangeBufferSize> buffers) {
        return buffers.stream().filter(b -> b.streamTable().name().equals("parked_copy")).findFirst().orElseThrow();
    }

    private static <T> Map<String, T> index(List<T> rows, Function<T, String> key) {
        return rows.stream().collect(Collectors.toMap(key, r -> r, (a, b) -> a));
    }
}

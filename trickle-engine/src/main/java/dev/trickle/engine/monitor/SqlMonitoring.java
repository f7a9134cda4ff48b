package dev.trickle.engine.monitor;

import static dev.trickle.engine.monitor.Rows.instant;
import static dev.trickle.engine.monitor.Rows.micros;
import static dev.trickle.engine.monitor.Rows.millis;
import static dev.trickle.engine.monitor.Rows.name;
import static dev.trickle.engine.monitor.Rows.nullableBoolean;
import static dev.trickle.engine.monitor.Rows.nullableEnum;
import static dev.trickle.engine.monitor.Rows.nullableInt;
import static dev.trickle.engine.monitor.Rows.nullableLong;
import static dev.trickle.engine.monitor.Rows.requiredEnum;
import static dev.trickle.engine.monitor.Rows.requiredInstant;
import static dev.trickle.engine.monitor.Rows.texts;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Names;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@link Monitoring} by calling the monitoring functions of schema {@code pgtrickle} and mapping each row to a
 * record. Intervals are converted to microseconds in the query, because pgjdbc reads them only as its own type.
 * Public because {@code TrickleEngine} in {@code dev.trickle.engine} creates it.
 */
public final class SqlMonitoring implements Monitoring {
    private final Database database;
    private final Runnable ready;

    /**
     * Creates the monitoring of a database.
     *
     * @param database connections
     * @param ready run before every call: installs the catalog if needed, and fails if the engine is closed
     */
    public SqlMonitoring(Database database, Runnable ready) {
        this.database = Objects.requireNonNull(database, "database");
        this.ready = Objects.requireNonNull(ready, "ready");
    }

    @Override
    public List<StatusEntry> status() {
        return query("cannot read pgtrickle.pgt_status()", """
                SELECT s.*, (extract(epoch FROM s.staleness) * 1000000)::bigint AS staleness_us
                  FROM pgtrickle.pgt_status() s""", SqlMonitoring::statusEntry);
    }

    @Override
    public List<RefreshStats> stats() {
        return query("cannot read pgtrickle.pg_stat_stream_tables", """
                SELECT s.*, (extract(epoch FROM s.staleness) * 1000000)::bigint AS staleness_us
                  FROM pgtrickle.pg_stat_stream_tables s ORDER BY s.pgt_schema, s.pgt_name""",
                SqlMonitoring::refreshStats);
    }

    @Override
    public List<HealthCheck> healthCheck() {
        return query("cannot run pgtrickle.health_check()", "SELECT * FROM pgtrickle.health_check()",
                rs -> new HealthCheck(rs.getString("check_name"), requiredEnum(rs, "severity", Severity.class),
                        rs.getString("detail")));
    }

    @Override
    public List<DependencyNode> dependencyTree() {
        return query("cannot read pgtrickle.dependency_tree()", "SELECT * FROM pgtrickle.dependency_tree()",
                rs -> new DependencyNode(rs.getString("tree_line"), name(rs, "node"),
                        DependencyNode.Type.valueOf(rs.getString("node_type").toUpperCase(Locale.ROOT)),
                        rs.getInt("depth"), nullableEnum(rs, "status", StreamTableStatus.class),
                        nullableEnum(rs, "refresh_mode", RefreshMode.class)));
    }

    @Override
    public List<RefreshEvent> refreshTimeline(int maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("max rows must not be negative: " + maxRows);
        }
        return query("cannot read pgtrickle.refresh_timeline()", "SELECT * FROM pgtrickle.refresh_timeline(?)",
                rs -> new RefreshEvent(requiredInstant(rs, "start_time"), name(rs, "stream_table"),
                        requiredEnum(rs, "action", RefreshAction.class),
                        requiredEnum(rs, "status", RefreshStatus.class), rs.getLong("rows_inserted"),
                        rs.getLong("rows_deleted"), millis(rs, "duration_ms"), rs.getString("error_message"),
                        rs.getLong("rows_updated"), rs.getString("initiated_by")),
                maxRows);
    }

    @Override
    public List<ChangeBufferSize> changeBufferSizes() {
        return query("cannot read pgtrickle.change_buffer_sizes()", "SELECT * FROM pgtrickle.change_buffer_sizes()",
                rs -> new ChangeBufferSize(name(rs, "stream_table"), name(rs, "source_table"),
                        rs.getLong("source_oid"), rs.getString("cdc_mode"), rs.getLong("pending_rows"),
                        rs.getLong("buffer_bytes")));
    }

    @Override
    public List<SourceInfo> sources(String streamTable) {
        TableName parsed = TableName.parse(streamTable);
        ready.run();
        return database.run("cannot read pgtrickle.list_sources('" + streamTable + "')", c -> {
            String qualified = Names.qualify(c, parsed).toString();
            try {
                return List.copyOf(Jdbc.query(c, "SELECT * FROM pgtrickle.list_sources(?)",
                        rs -> new SourceInfo(name(rs, "source_table"), rs.getLong("source_oid"),
                                rs.getString("source_type"), rs.getString("cdc_mode"), rs.getString("columns_used")),
                        qualified));
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState())) {
                    throw new StreamTableNotFoundException(streamTable);
                }
                throw e;
            }
        });
    }

    @Override
    public List<TriggerInfo> triggerInventory() {
        return query("cannot read pgtrickle.trigger_inventory()", "SELECT * FROM pgtrickle.trigger_inventory()",
                rs -> new TriggerInfo(name(rs, "source_table"), rs.getLong("source_oid"), rs.getString("trigger_name"),
                        rs.getString("trigger_type"), rs.getBoolean("present"), rs.getBoolean("enabled"),
                        rs.getString("event")));
    }

    @Override
    public List<DiamondMember> diamondGroups() {
        return query("cannot read pgtrickle.diamond_groups()", "SELECT * FROM pgtrickle.diamond_groups()",
                rs -> new DiamondMember(rs.getInt("group_id"),
                        new TableName(rs.getString("member_schema"), rs.getString("member_name")),
                        rs.getBoolean("is_convergence"), rs.getLong("epoch"), rs.getString("schedule_policy")));
    }

    @Override
    public WorkerPoolStatus workerPoolStatus() {
        List<WorkerPoolStatus> rows = query("cannot read pgtrickle.worker_pool_status()",
                "SELECT * FROM pgtrickle.worker_pool_status()",
                rs -> new WorkerPoolStatus(rs.getInt("active_workers"), rs.getInt("max_workers"),
                        rs.getInt("per_db_cap"), rs.getString("parallel_mode"), rs.getInt("engines")));
        if (rows.size() != 1) {
            throw new IllegalStateException("internal error: worker_pool_status() returned " + rows.size() + " rows");
        }
        return rows.get(0);
    }

    @Override
    public List<RefreshJob> jobs(Duration maxAge) {
        if (Objects.requireNonNull(maxAge, "maxAge").isNegative()) {
            throw new IllegalArgumentException("max age must not be negative: " + maxAge);
        }
        long seconds = maxAge.getSeconds() + (maxAge.getNano() > 0 ? 1 : 0);
        return query("cannot read pgtrickle.parallel_job_status()", "SELECT * FROM pgtrickle.parallel_job_status(?)",
                SqlMonitoring::refreshJob, (int) Math.min(seconds, Integer.MAX_VALUE));
    }

    private <T> List<T> query(String what, String sql, Jdbc.RowMapper<T> mapper, Object... params) {
        ready.run();
        return database.run(what, c -> List.copyOf(Jdbc.query(c, sql, mapper, params)));
    }

    private static StatusEntry statusEntry(ResultSet rs) throws SQLException {
        return new StatusEntry(name(rs, "name"), requiredEnum(rs, "status", StreamTableStatus.class),
                requiredEnum(rs, "refresh_mode", RefreshMode.class), rs.getBoolean("is_populated"),
                rs.getInt("consecutive_errors"), rs.getString("schedule"), instant(rs, "data_timestamp"),
                micros(rs, "staleness_us"), requiredEnum(rs, "effective_mode", RefreshMode.class),
                rs.getString("effective_schedule"), rs.getString("last_error"));
    }

    private static RefreshStats refreshStats(ResultSet rs) throws SQLException {
        TableName name = new TableName(rs.getString("pgt_schema"), rs.getString("pgt_name"));
        return new RefreshStats(rs.getLong("pgt_id"), name, requiredEnum(rs, "status", StreamTableStatus.class),
                requiredEnum(rs, "refresh_mode", RefreshMode.class), rs.getBoolean("is_populated"),
                instant(rs, "data_timestamp"), rs.getString("schedule"),
                micros(rs, "staleness_us"), nullableBoolean(rs, "stale"), rs.getInt("consecutive_errors"),
                instant(rs, "last_refresh_at"), rs.getLong("total_refreshes"), rs.getLong("successful_refreshes"),
                rs.getLong("failed_refreshes"), rs.getLong("total_rows_inserted"), rs.getLong("total_rows_deleted"),
                millis(rs, "avg_duration_ms"), nullableEnum(rs, "last_action", RefreshAction.class),
                nullableEnum(rs, "last_status", RefreshStatus.class), texts(rs, "cdc_modes"),
                requiredEnum(rs, "effective_mode", RefreshMode.class), rs.getLong("total_rows_updated"),
                rs.getString("last_error"));
    }

    private static RefreshJob refreshJob(ResultSet rs) throws SQLException {
        return new RefreshJob(nullableLong(rs, "job_id"), rs.getString("unit_key"), rs.getString("unit_kind"),
                rs.getString("status"), rs.getInt("member_count"), rs.getInt("attempt_no"),
                nullableInt(rs, "scheduler_pid"), nullableInt(rs, "worker_pid"), requiredInstant(rs, "enqueued_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), millis(rs, "duration_ms"),
                name(rs, "stream_table"));
    }
}

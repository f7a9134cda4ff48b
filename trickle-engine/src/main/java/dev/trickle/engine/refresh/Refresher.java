package dev.trickle.engine.refresh;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.Errors;
import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.CatalogSchema;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one refresh of one stream table.
 *
 * <ol>
 *   <li>A session advisory lock on the stream table, taken before the transaction begins, serializes refreshes of
 *       it across every engine on the database. Taking it first matters: the refresh's snapshot must be younger
 *       than the commit of the refresh before it. The scheduler only tries the lock and skips a stream table that
 *       another engine is refreshing; a caller's refresh waits for it.
 *   <li>A {@code REPEATABLE READ} transaction: every statement reads the same snapshot. The changes a refresh
 *       applies are the buffer rows of transactions visible in this snapshot and not in the frontier (the snapshot
 *       of the previous refresh); the tables it joins them with are read in this snapshot too; and this snapshot
 *       becomes the new frontier. So every committed change is applied exactly once, however long its transaction
 *       ran, and a change committed during the refresh waits for the next one.
 *   <li>The pending changes decide the action: none (NO_DATA, only the frontier moves), FULL (the mode, a TRUNCATE,
 *       or more changes than the threshold), or DIFFERENTIAL. The apply statement writes only rows that change;
 *       frontier, status and history are updated in the same transaction.
 * </ol>
 *
 * A failed refresh is rolled back, then recorded in a transaction of its own: the error count goes up, a permanent
 * failure sets status ERROR, and the {@code maxConsecutiveFailures}-th transient failure in a row sets SUSPENDED.
 * A successful refresh makes the stream table ACTIVE. Consumed buffer rows are deleted after the commit.
 */
public final class Refresher {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);

    private final Clock clock;
    private final String engineId;
    private final double fullRefreshThreshold;
    private final int maxConsecutiveFailures;
    private final Notifier notifier;
    private final Database database;
    private final Cache<Long, Definition> definitions = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * Creates a refresher.
     *
     * @param clock the engine's clock
     * @param engineId the engine's id, for the history
     * @param fullRefreshThreshold the fraction of a source's rows that, changed, makes a refresh recompute in full
     * @param maxConsecutiveFailures transient failures in a row that suspend a stream table
     * @param notifier who hears about refreshes
     * @param database fresh connections, to record a failure when the refresh's own connection died
     */
    public Refresher(Clock clock, String engineId, double fullRefreshThreshold, int maxConsecutiveFailures,
            Notifier notifier, Database database) {
        this.clock = clock;
        this.engineId = engineId;
        this.fullRefreshThreshold = fullRefreshThreshold;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.notifier = notifier;
        this.database = database;
    }

    /**
     * Refreshes a stream table, waiting for a refresh of it that another engine runs.
     *
     * @param c a connection in auto-commit mode
     * @param name the name as given; an unqualified one is looked up in the connection's current schema
     * @param initiator who asked
     * @return what the refresh did
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws RefreshException if the refresh failed; nothing of it was applied
     * @throws SQLException if the server fails outside the refresh itself
     */
    public RefreshResult refresh(Connection c, TableName name, History.Initiator initiator) throws SQLException {
        // one round trip: find the stream table and wait for its lock
        Object[] found = Jdbc.queryOne(c, "SELECT s.pgt_id, s.pgt_schema, pg_advisory_lock(?, s.pgt_id::int)::text"
                        + " FROM pgtrickle.pgt_stream_tables s"
                        + " WHERE s.pgt_schema = coalesce(?, current_schema()) AND s.pgt_name = ?",
                        rs -> new Object[] {rs.getLong(1), rs.getString(2)},
                        CatalogSchema.LOCK_NAMESPACE, name.schema(), name.name())
                .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
        return locked(c, (Long) found[0], name.withSchema((String) found[1]), initiator);
    }

    /**
     * Refreshes a stream table unless another engine is refreshing it right now.
     *
     * @param c a connection in auto-commit mode
     * @param id the stream table's catalog id
     * @param name its qualified name
     * @param initiator who asked
     * @return what the refresh did, or empty if another engine holds the stream table or it no longer exists
     * @throws RefreshException if the refresh failed; nothing of it was applied
     * @throws SQLException if the server fails outside the refresh itself
     */
    public Optional<RefreshResult> tryRefresh(Connection c, long id, TableName name, History.Initiator initiator)
            throws SQLException {
        boolean locked = Jdbc.queryOne(c, "SELECT pg_try_advisory_lock(?, ?)", rs -> rs.getBoolean(1),
                CatalogSchema.LOCK_NAMESPACE, (int) id).orElse(false);
        if (!locked) {
            return Optional.empty();
        }
        return Optional.of(locked(c, id, name, initiator));
    }

    private RefreshResult locked(Connection c, long id, TableName name, History.Initiator initiator)
            throws SQLException {
        boolean scheduled = initiator == History.Initiator.SCHEDULER;
        long started = System.nanoTime();
        Instant start = clock.instant();
        boolean locked = true;
        try {
            Outcome outcome;
            try {
                outcome = run(c, id, name, initiator);
                locked = false;
            } catch (SQLException e) {
                RefreshException failure = Errors.refresh(name, e);
                recordFailure(c, id, name, start, failure, initiator);
                notifier.failed(name, failure, scheduled);
                throw failure;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            RefreshResult result = new RefreshResult(name, outcome.action(), outcome.counts()[0],
                    outcome.counts()[1], outcome.counts()[2], took, outcome.reason());
            LOG.debug("refreshed '{}' ({}): +{} ~{} -{} in {} ms", name, outcome.action(), result.rowsInserted(),
                    result.rowsUpdated(), result.rowsDeleted(), took.toMillis());
            notifier.statusChanged(name, outcome.previousStatus(), StreamTableStatus.ACTIVE, "refreshed");
            notifier.refreshed(result, scheduled);
            return result;
        } finally {
            if (locked) {
                unlock(c, id);
            }
        }
    }

    /** What one refresh transaction did. */
    private record Outcome(RefreshAction action, long[] counts, @Nullable String reason, PendingChanges changes,
            StreamTableStatus previousStatus) {}

    /**
     * Runs the refresh in four round trips: {@code BEGIN} + status + pending changes; the apply statement; frontier +
     * status + history; {@code COMMIT} + unlock + buffer cleanup. The lock is released by the last one; the caller
     * releases it if anything before fails.
     */
    private Outcome run(Connection c, long id, TableName name, History.Initiator initiator) throws SQLException {
        Definition def = definition(c, id, name);
        boolean open = false;
        try {
            List<List<Object[]>> first = Jdbc.script(c, "BEGIN ISOLATION LEVEL REPEATABLE READ;\n" + start(id, def));
            open = true;
            Outcome outcome = step(c, id, name, def, first, initiator);
            open = false;
            Jdbc.script(c, "COMMIT;\n" + unlockStatement(List.of(id)) + cleanup(List.of(outcome)));
            return outcome;
        } finally {
            if (open) {
                rollback(c);
            }
        }
    }

    /** The statements that open a member's refresh: its status (and search path), then its pending changes. */
    private static String start(long id, Definition def) {
        return "SELECT set_config('search_path', search_path, true), status FROM pgtrickle.pgt_stream_tables"
                + " WHERE pgt_id = " + id + (def.changesSql() == null ? "" : ";\n" + def.changesSql());
    }

    /** Decides, applies and records one stream table's refresh inside an open transaction. */
    private Outcome step(Connection c, long id, TableName name, Definition def, List<List<Object[]>> first,
            History.Initiator initiator) throws SQLException {
        if (first.get(0).isEmpty()) {
            throw new StreamTableNotFoundException(name.toString());
        }
        StreamTableStatus previous = StreamTableStatus.valueOf((String) first.get(0).get(0)[1]);
        PendingChanges changes = pending(def, first.size() > 1 ? first.get(1) : List.of());
        RefreshAction action;
        String reason = null;
        if (changes.isEmpty()) {
            action = RefreshAction.NO_DATA;
        } else if (def.effectiveMode() != RefreshMode.DIFFERENTIAL || def.differentialSql() == null) {
            action = RefreshAction.FULL;
        } else {
            reason = changes.fullRefreshReason(fullRefreshThreshold, oid -> sourceName(c, oid));
            action = reason == null ? RefreshAction.DIFFERENTIAL : RefreshAction.FULL;
        }
        long[] counts = switch (action) {
            case NO_DATA -> new long[3];
            case FULL -> apply(c, def.fullRefreshSql());
            case DIFFERENTIAL -> apply(c, def.differentialSql());
        };
        finish(c, id, action, counts, initiator, reason);
        return new Outcome(action, counts, reason, changes, previous);
    }

    private static String unlockStatement(List<Long> ids) {
        return ids.stream().map(id -> "SELECT pg_advisory_unlock(" + CatalogSchema.LOCK_NAMESPACE + ", " + id.intValue()
                + ")").collect(java.util.stream.Collectors.joining(";\n"));
    }

    private static String cleanup(List<Outcome> outcomes) {
        List<Long> consumed = outcomes.stream().flatMap(o -> o.changes().sources().stream())
                .filter(src -> src.changes() + src.truncations() > 0)
                .map(PendingChanges.Source::oid).distinct().toList();
        return consumed.isEmpty() ? "" : ";\n" + ChangeCapture.cleanupStatement(consumed);
    }

    /** A member of an atomic group: its catalog id and qualified name. */
    public record Member(long id, TableName name) {}

    /**
     * Refreshes a group of stream tables together, in one transaction with one snapshot, upstream members first:
     * a downstream member sees the changes its upstream members apply in the same transaction (the frontier counts
     * the transaction's own id as consumed). If one member fails, the whole group rolls back and every member
     * records the failure. Skipped (empty result) if another engine holds any member.
     *
     * @param c a connection in auto-commit mode
     * @param members the members, in topological order
     * @param initiator who asked
     * @return what each member's refresh did, in order, or empty if skipped
     * @throws RefreshException if the group's refresh failed; nothing of it was applied
     * @throws SQLException if the server fails outside the refresh itself
     */
    public Optional<List<RefreshResult>> tryRefreshGroup(Connection c, List<Member> members,
            History.Initiator initiator) throws SQLException {
        List<Long> locked = new java.util.ArrayList<>();
        for (Member m : members.stream().sorted(java.util.Comparator.comparingLong(Member::id)).toList()) {
            if (!Jdbc.queryOne(c, "SELECT pg_try_advisory_lock(?, ?)", rs -> rs.getBoolean(1),
                    CatalogSchema.LOCK_NAMESPACE, (int) m.id()).orElse(false)) {
                locked.forEach(id -> unlock(c, id));
                return Optional.empty();
            }
            locked.add(m.id());
        }
        boolean scheduled = initiator == History.Initiator.SCHEDULER;
        Instant start = clock.instant();
        long started = System.nanoTime();
        List<Outcome> outcomes = new java.util.ArrayList<>();
        try {
            try {
                runGroup(c, members, initiator, outcomes);
                locked.clear();
            } catch (SQLException e) {
                RefreshException first = null;
                for (Member m : members) {
                    RefreshException failure = Errors.refresh(m.name(), e);
                    recordFailure(c, m.id(), m.name(), start, failure, initiator);
                    notifier.failed(m.name(), failure, scheduled);
                    first = first == null ? failure : first;
                }
                throw first;
            }
        } finally {
            locked.forEach(id -> unlock(c, id));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<RefreshResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Outcome o = outcomes.get(i);
            RefreshResult r = new RefreshResult(members.get(i).name(), o.action(), o.counts()[0], o.counts()[1],
                    o.counts()[2], took, o.reason());
            notifier.statusChanged(r.streamTable(), o.previousStatus(), StreamTableStatus.ACTIVE, "refreshed");
            notifier.refreshed(r, scheduled);
            results.add(r);
        }
        return Optional.of(results);
    }

    private void runGroup(Connection c, List<Member> members, History.Initiator initiator, List<Outcome> outcomes)
            throws SQLException {
        List<Definition> defs = new java.util.ArrayList<>();
        for (Member m : members) {
            defs.add(definition(c, m.id(), m.name()));
        }
        Jdbc.execute(c, "BEGIN ISOLATION LEVEL REPEATABLE READ");
        boolean open = true;
        try {
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                outcomes.add(step(c, m.id(), m.name(), defs.get(i), Jdbc.script(c, start(m.id(), defs.get(i))),
                        initiator));
            }
            open = false;
            Jdbc.script(c, "COMMIT;\n" + unlockStatement(members.stream().map(Member::id).toList())
                    + cleanup(outcomes));
        } finally {
            if (open) {
                rollback(c);
            }
        }
    }

    private Definition definition(Connection c, long id, TableName name) throws SQLException {
        Definition cached = definitions.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        StreamTableRow row = Catalog.find(c, id).orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
        boolean uncaptured = Jdbc.queryOne(c, "SELECT EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies"
                + " WHERE pgt_id = ? AND source_type NOT IN ('TABLE', 'STREAM_TABLE'))", rs -> rs.getBoolean(1), id)
                .orElse(false);
        Definition def = Definition.of(row, uncaptured);
        definitions.put(id, def);
        return def;
    }

    private static PendingChanges pending(Definition def, List<Object[]> rows) {
        List<PendingChanges.Source> sources = rows.stream()
                .map(r -> new PendingChanges.Source(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                        ((Number) r[2]).longValue(), r[3] == null ? -1 : ((Number) r[3]).longValue()))
                .toList();
        return new PendingChanges(sources, def.uncaptured());
    }

    private static long[] apply(Connection c, String sql) throws SQLException {
        return Jdbc.queryPrepared(c, sql, rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .orElseThrow();
    }

    /** Moves the frontier, marks the stream table fresh and ACTIVE, and records the history, in one statement. */
    private void finish(Connection c, long id, RefreshAction action, long[] counts, History.Initiator initiator,
            @Nullable String reason) throws SQLException {
        Jdbc.update(c, """
                WITH f AS (UPDATE pgtrickle.pgt_dependencies SET frontier = pgtrickle.frontier_snapshot()
                            WHERE pgt_id = ? RETURNING 1),
                     s AS (UPDATE pgtrickle.pgt_stream_tables
                              SET data_timestamp = now(), last_refresh_at = clock_timestamp(), is_populated = true,
                                  consecutive_errors = 0, last_error = NULL, status = 'ACTIVE',
                                  updated_at = clock_timestamp()
                            WHERE pgt_id = ? RETURNING 1)
                INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, data_timestamp, start_time, end_time, action,
                    status, rows_inserted, rows_updated, rows_deleted, initiated_by, reason, engine_id, backend_pid)
                VALUES (?, now(), now(), clock_timestamp(), ?, 'COMPLETED', ?, ?, ?, ?, ?, ?, pg_backend_pid())""",
                id, id, id, action.name(), counts[0], counts[1], counts[2], initiator.name(), reason, engineId);
    }

    private static void rollback(Connection c) {
        try {
            Jdbc.execute(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // the connection is gone: the server has rolled the transaction back
        }
    }

    private static String sourceName(Connection c, long oid) {
        try {
            return Jdbc.queryOne(c, "SELECT ?::oid::regclass::text", rs -> rs.getString(1), oid).orElse("?");
        } catch (SQLException e) {
            return "with OID " + oid;
        }
    }

    /** Counts the failure and moves the status: ERROR when permanent, SUSPENDED at the failure limit. */
    private void recordFailure(Connection c, long id, TableName name, Instant start, RefreshException failure,
            History.Initiator initiator) {
        try {
            recordFailure0(c, id, name, start, failure, initiator);
        } catch (SQLException e) {
            try {
                database.run("cannot record the failed refresh", fresh -> {
                    recordFailure0(fresh, id, name, start, failure, initiator);
                    return null;
                });
            } catch (RuntimeException again) {
                LOG.warn("could not record the failed refresh of stream table '{}': {}", name, again.getMessage());
            }
        }
    }

    private void recordFailure0(Connection c, long id, TableName name, Instant start, RefreshException failure,
            History.Initiator initiator) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Optional<String[]> statuses = Jdbc.queryOne(c, """
                    WITH old AS (SELECT pgt_id, status, consecutive_errors FROM pgtrickle.pgt_stream_tables
                                  WHERE pgt_id = ? FOR UPDATE)
                    UPDATE pgtrickle.pgt_stream_tables s
                       SET consecutive_errors = old.consecutive_errors + 1, last_error = ?,
                           last_error_at = clock_timestamp(), updated_at = clock_timestamp(),
                           status = CASE WHEN ? THEN 'ERROR'
                                         WHEN old.status = 'ACTIVE' AND old.consecutive_errors + 1 >= ? THEN 'SUSPENDED'
                                         ELSE old.status END
                      FROM old WHERE s.pgt_id = old.pgt_id
                    RETURNING old.status, s.status""",
                    rs -> new String[] {rs.getString(1), rs.getString(2)},
                    id, failure.getMessage(), !failure.isTransient(), maxConsecutiveFailures);
            History.failed(c, id, start, RefreshAction.FULL, String.valueOf(failure.getMessage()),
                    failure.isTransient(), initiator, engineId);
            tx.commit();
            statuses.ifPresent(st -> notifier.statusChanged(name, StreamTableStatus.valueOf(st[0]),
                    StreamTableStatus.valueOf(st[1]), failure.getMessage()));
        }
    }

    private static void unlock(Connection c, long id) {
        try {
            Jdbc.query(c, "SELECT pg_advisory_unlock(?, ?)", rs -> 0, CatalogSchema.LOCK_NAMESPACE, (int) id);
        } catch (SQLException e) {
            LOG.debug("could not release the refresh lock of stream table {} (the session ends anyway): {}", id,
                    e.getMessage());
        }
    }
}

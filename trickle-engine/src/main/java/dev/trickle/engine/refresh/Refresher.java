package dev.trickle.engine.refresh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.TrickleException;
import dev.trickle.engine.jdbc.Errors;
import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.Definition;
import dev.trickle.engine.definition.Definitions;
import dev.trickle.engine.definition.SourceChanges;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.sql.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one refresh of one stream table (or of an atomic group of them).
 *
 * <ol>
 *   <li>A {@code REPEATABLE READ} transaction whose first statement locks the storage table in {@code EXCLUSIVE}
 *       mode: refreshes of a stream table never overlap, across every engine on the database, and readers of the
 *       stream table are not blocked. Only roles that may write the storage table can take that lock, so no
 *       unrelated role can stop a refresh. The lock comes before the snapshot, so the snapshot is younger than the
 *       commit of the refresh before. The scheduler does not wait ({@code NOWAIT}: another engine is refreshing
 *       it); a caller waits at most the lock timeout, which also bounds every other wait of the transaction.
 *   <li>In the snapshot: the stream table's status, its sources and storage compared with what it last saw
 *       ({@link SourceChanges}: a dropped, recreated or retyped source, a disabled capture trigger ... end the
 *       refresh with a permanent failure naming the reason), and the pending changes. The changes a refresh applies
 *       are the buffer rows of transactions visible in this snapshot and not in the frontier (the snapshot of the
 *       previous refresh); this snapshot becomes the new frontier. So every committed change is applied exactly
 *       once, however long its transaction ran.
 *   <li>The pending changes decide the action: none (NO_DATA, only the frontier moves), FULL (the mode, a TRUNCATE,
 *       or more changes than the threshold), or DIFFERENTIAL. The apply statement writes only rows that change,
 *       presenting the refresh token that the storage table's guard trigger asks for; frontier, status and history
 *       are updated in the same transaction.
 * </ol>
 *
 * <p>The statements are compiled by this engine from the stream table's definition ({@link Definitions}); nothing
 * read from the catalog is executed as SQL. Every failure rolls the transaction back before anything else happens,
 * which releases the lock: the connection goes back clean. A failure is then recorded ({@link Failures}).
 */
public final class Refresher {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);
    private static final int ATTEMPTS = 3;
    /** The reason a refresh records for a stream table's initial load. */
    static final String INITIAL_LOAD = "initial load";

    private final Clock clock;
    private final String engineId;
    private final double fullRefreshThreshold;
    private final Duration lockTimeout;
    private final Notifier notifier;
    private final Definitions definitions;
    private final Validation validation;
    private final Failures failures;
    private final java.util.function.Supplier<String> token;
    private final Database database;
    private final Duration progressInterval;
    /** The stream tables refreshed by name, so that the next refresh by that name needs no lookup. */
    private final Cache<TableName, Member> members = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * Creates a refresher.
     *
     * @param clock the engine's clock
     * @param engineId the engine's id, for the history
     * @param fullRefreshThreshold the fraction of a source's rows that, changed, makes a refresh recompute in full
     * @param maxConsecutiveFailures transient failures in a row that suspend a stream table
     * @param lockTimeout how long a refresh waits for a lock
     * @param notifier who hears about refreshes
     * @param database fresh connections, to record a failure when the refresh's own connection died
     * @param definitions the compiled definitions
     * @param token the refresh token that storage tables' guard triggers ask for
     * @param progressInterval how often a long initial load logs its progress
     */
    public Refresher(Clock clock, String engineId, double fullRefreshThreshold, int maxConsecutiveFailures,
            Duration lockTimeout, Notifier notifier, Database database, Definitions definitions,
            java.util.function.Supplier<String> token, Duration progressInterval) {
        this.clock = clock;
        this.engineId = engineId;
        this.fullRefreshThreshold = fullRefreshThreshold;
        this.lockTimeout = lockTimeout;
        this.notifier = notifier;
        this.definitions = definitions;
        this.validation = new Validation(definitions);
        this.failures = new Failures(engineId, maxConsecutiveFailures, notifier, database);
        this.token = token;
        this.database = database;
        this.progressInterval = progressInterval;
    }

    /** A stream table to refresh: its catalog id and qualified name. */
    public record Member(long id, TableName name) {}

    /**
     * Refreshes a stream table, waiting (at most the lock timeout) for a refresh of it that another engine runs.
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
        Member known = members.getIfPresent(name);
        if (known != null) {
            try {
                return run(c, List.of(known), initiator, true).orElseThrow().get(0);
            } catch (StreamTableNotFoundException e) {
                // dropped, or dropped and created again under a new id: look the name up again
                members.invalidate(name);
            }
        }
        Member member = Jdbc.queryOne(c, "SELECT s.pgt_id, s.pgt_schema FROM pgtrickle.pgt_stream_tables s"
                        + " WHERE s.pgt_schema = coalesce(?, current_schema()) AND s.pgt_name = ?",
                        rs -> new Member(rs.getLong(1), name.withSchema(rs.getString(2))), name.schema(), name.name())
                .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
        RefreshResult result = run(c, List.of(member), initiator, true).orElseThrow().get(0);
        members.put(name, member);
        return result;
    }

    /**
     * Refreshes a stream table unless another engine is refreshing it right now.
     *
     * @param c a connection in auto-commit mode
     * @param id the stream table's catalog id
     * @param name its qualified name
     * @param initiator who asked
     * @return what the refresh did, or empty if another engine holds the stream table
     * @throws RefreshException if the refresh failed; nothing of it was applied
     * @throws SQLException if the server fails outside the refresh itself
     */
    public Optional<RefreshResult> tryRefresh(Connection c, long id, TableName name, History.Initiator initiator)
            throws SQLException {
        return run(c, List.of(new Member(id, name)), initiator, false).map(r -> r.get(0));
    }

    /**
     * Refreshes a group of stream tables together, in one transaction with one snapshot, upstream members first:
     * a downstream member sees the changes its upstream members apply in the same transaction (the frontier counts
     * the transaction's own id as consumed). If one member fails, the whole group rolls back. Skipped (empty result)
     * if another engine holds any member.
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
        return run(c, members, initiator, false);
    }

    /** What one member's refresh did. */
    private record Outcome(RefreshAction action, long[] counts, @Nullable String reason, PendingChanges changes,
            StreamTableStatus previousStatus) {}

    /**
     * A refresh that did not start, for a reason that is not the stream table's: another session holds it longer
     * than the lock timeout, or this engine's role may not write its storage table (another role's stream table).
     * Reported to the caller, not recorded as a failure of the stream table.
     */
    private static final class Unrecorded extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RefreshException failure;

        Unrecorded(RefreshException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /** Why a refresh attempt stopped before it could finish, and the member concerned. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Member member;
        final transient Definition definition;
        final transient List<SourceChanges.Mismatch> mismatches;
        final transient History.Initiator initiator;

        Stop(Member member, Definition definition, List<SourceChanges.Mismatch> mismatches,
                History.Initiator initiator) {
            super(null, null, false, false);
            this.member = member;
            this.definition = definition;
            this.mismatches = mismatches;
            this.initiator = initiator;
        }
    }

    private Optional<List<RefreshResult>> run(Connection c, List<Member> members, History.Initiator initiator,
            boolean wait) throws SQLException {
        boolean scheduled = initiator == History.Initiator.SCHEDULER;
        Instant start = clock.instant();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Member current = members.get(0);
            try {
                List<Definition> defs = new ArrayList<>();
                for (Member m : members) {
                    current = m;
                    defs.add(definition(c, m));
                }
                Optional<List<Outcome>> outcomes = transaction(c, members, defs, initiator, wait);
                if (outcomes.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(report(members, outcomes.get(), Duration.ofNanos(System.nanoTime() - started),
                        scheduled));
            } catch (Stop stop) {
                current = stop.member;
                try {
                    resolve(stop, c, attempt);
                } catch (RefreshException e) {
                    throw fail(c, members, current, start, e, initiator);
                }
            } catch (Unrecorded e) {
                throw e.failure;
            } catch (RefreshException e) {
                throw fail(c, members, current, start, e, initiator);
            } catch (StreamTableNotFoundException e) {
                throw e;
            } catch (TrickleException e) {
                throw fail(c, members, current, start, validation.explain(c, current.id(), current.name(),
                        Validation.fatal(current.name(), e.getMessage())), initiator);
            } catch (SQLException e) {
                if (!exists(c, current)) {
                    // dropped (and perhaps created again under a new id) while this refresh started
                    definitions.invalidate(current.id());
                    throw new StreamTableNotFoundException(current.name().toString());
                }
                RefreshException failure = Errors.refresh(current.name(), e);
                if (!failure.isTransient()) {
                    // a relation, schema or column the refresh reads may be gone: the source states tell which
                    failure = validation.explain(c, current.id(), current.name(), failure);
                }
                throw fail(c, members, current, start, failure, initiator);
            }
        }
    }

    /** @return whether the member's catalog row is still there; true when that cannot be told */
    private static boolean exists(Connection c, Member m) {
        try {
            return Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_id = ?", rs -> 1, m.id())
                    .isPresent();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Forgets the stream tables it knows by name: after a drop or replace, a name may mean another one. */
    public void forgetNames() {
        members.invalidateAll();
    }

    /** Handles a stopped attempt: another generation to compile, or sources that changed. */
    private void resolve(Stop stop, Connection c, int attempt) throws SQLException {
        if (stop.mismatches.isEmpty()) {
            definitions.invalidate(stop.member.id());
        } else {
            validation.resolve(c, stop.definition, stop.mismatches);
        }
        if (attempt == ATTEMPTS) {
            throw Validation.fatal(stop.member.name(), "its sources kept changing while it was refreshed");
        }
    }

    /**
     * Records a failure: for the member it concerns and, in an atomic group, for every other member too (the group
     * rolled back as one), then returns the failure of the member concerned.
     */
    private RefreshException fail(Connection c, List<Member> members, Member culprit, Instant start,
            RefreshException failure, History.Initiator initiator) {
        for (Member m : members) {
            RefreshException own = m.equals(culprit) ? failure : new RefreshException(m.name(), failure.sqlState(),
                    failure.isTransient(), "refresh of stream table '" + m.name() + "' failed with its atomic group: "
                            + failure.getMessage(), failure);
            failures.record(c, m.id(), m.name(), start, own, initiator);
        }
        return failure;
    }

    private Definition definition(Connection c, Member m) throws SQLException {
        Definition cached = definitions.cached(m.id());
        if (cached != null) {
            return cached;
        }
        StreamTableRow row = Catalog.find(c, m.id()).orElseThrow(() -> new StreamTableNotFoundException(
                m.name().toString()));
        return definitions.load(c, row);
    }

    /**
     * Runs the refresh transaction: {@code BEGIN} and the lock; per member its status, source check and pending
     * changes; the apply statement; frontier, status and history; {@code COMMIT} and buffer cleanup. Anything that
     * fails rolls it back first.
     *
     * @return the outcomes, or empty if the lock was not free and {@code wait} is false
     */
    private Optional<List<Outcome>> transaction(Connection c, List<Member> members, List<Definition> defs,
            History.Initiator initiator, boolean wait) throws SQLException, Stop, Unrecorded {
        boolean open = false;
        try {
            open = true;
            if (!lock(c, defs, wait, members.get(0).name())) {
                open = false;
                return Optional.empty();
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                outcomes.add(step(c, members.get(i), defs.get(i), initiator));
            }
            open = false;
            Jdbc.script(c, "COMMIT" + cleanup(outcomes));
            return Optional.of(outcomes);
        } finally {
            if (open) {
                rollback(c);
            }
        }
    }

    /**
     * Begins the transaction and locks the members' storage tables, in catalog id order.
     *
     * @return whether the locks were granted; false only without {@code wait}, when another session holds one
     */
    private boolean lock(Connection c, List<Definition> defs, boolean wait, TableName first)
            throws SQLException, Unrecorded {
        String tables = defs.stream().sorted(Comparator.comparingLong(Definition::id)).map(Definition::storage)
                .collect(Collectors.joining(", "));
        try {
            Jdbc.script(c, "BEGIN ISOLATION LEVEL REPEATABLE READ;\nSET LOCAL lock_timeout = "
                    + Math.max(1, lockTimeout.toMillis()) + ";\nLOCK TABLE " + tables + " IN EXCLUSIVE MODE"
                    + (wait ? "" : " NOWAIT"));
            return true;
        } catch (SQLException e) {
            rollback(c);
            if ("42501".equals(e.getSQLState())) {
                throw new Unrecorded(new RefreshException(first, e.getSQLState(), false, "refresh of stream table '"
                        + first + "' did not start: this engine's role may not write its storage table (it belongs"
                        + " to another role, whose engines refresh it): " + Errors.serverMessage(e), e));
            }
            if (!"55P03".equals(e.getSQLState())) {
                throw e;
            }
            if (!wait) {
                return false;
            }
            throw new Unrecorded(new RefreshException(first, e.getSQLState(), true, "refresh of stream table '"
                    + first + "' did not start: another session has held its storage table (another engine's refresh"
                    + " of it, or a DDL statement) for longer than the lock timeout of " + lockTimeout.toMillis()
                    + " ms", e));
        }
    }

    /** Checks, decides, applies and records one member's refresh inside the open transaction. */
    private Outcome step(Connection c, Member m, Definition def, History.Initiator initiator)
            throws SQLException, Stop {
        List<List<Object[]>> first = Jdbc.script(c, start(def));
        if (first.get(0).isEmpty()) {
            throw new StreamTableNotFoundException(m.name().toString());
        }
        Object[] status = first.get(0).get(0);
        if (((Number) status[1]).longValue() != def.generation()) {
            throw new Stop(m, def, List.of(), initiator);
        }
        if (!first.get(1).isEmpty()) {
            List<SourceChanges.Mismatch> mismatches = new ArrayList<>();
            for (Object[] row : first.get(1)) {
                mismatches.add(SourceChanges.mismatch(row));
            }
            throw new Stop(m, def, mismatches, initiator);
        }
        StreamTableStatus previous = StreamTableStatus.valueOf((String) status[0]);
        PendingChanges changes = pending(def, first.size() > 2 ? first.get(2) : List.of());
        if (!Boolean.TRUE.equals(status[4])) {
            // created, not loaded yet: the load reads this transaction's snapshot, which becomes the frontier
            long[] counts = load(c, def);
            finish(c, m.id(), RefreshAction.FULL, counts, initiator, INITIAL_LOAD);
            return new Outcome(RefreshAction.FULL, counts, INITIAL_LOAD, changes, previous);
        }
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
        finish(c, m.id(), action, counts, initiator, reason);
        return new Outcome(action, counts, reason, changes, previous);
    }

    /**
     * The statements that open a member's refresh, in the locked transaction: its status and generation (setting the
     * {@code search_path} its definition was compiled under and the refresh token), its sources and storage that
     * differ from what it last saw, then its pending changes.
     */
    private String start(Definition def) {
        return "SELECT status, generation, set_config('search_path', " + SqlNames.literal(def.searchPath())
                + ", true), set_config('pgtrickle.refresh_token', " + SqlNames.literal(token.get()) + ", true),"
                + " is_populated FROM pgtrickle.pgt_stream_tables WHERE pgt_id = " + def.id() + ";\n"
                + SourceChanges.mismatchQuery(def.id())
                + (def.changesSql() == null ? "" : ";\n" + def.changesSql());
    }

    private List<RefreshResult> report(List<Member> members, List<Outcome> outcomes, Duration took,
            boolean scheduled) {
        List<RefreshResult> results = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Outcome o = outcomes.get(i);
            RefreshResult r = new RefreshResult(members.get(i).name(), o.action(), o.counts()[0], o.counts()[1],
                    o.counts()[2], took, o.reason());
            LOG.debug("refreshed '{}' ({}): +{} ~{} -{} in {} ms", r.streamTable(), o.action(), r.rowsInserted(),
                    r.rowsUpdated(), r.rowsDeleted(), took.toMillis());
            notifier.statusChanged(r.streamTable(), o.previousStatus(), StreamTableStatus.ACTIVE, "refreshed");
            notifier.refreshed(r, scheduled);
            results.add(r);
        }
        return results;
    }

    private static String cleanup(List<Outcome> outcomes) {
        List<Long> consumed = outcomes.stream().flatMap(o -> o.changes().sources().stream())
                .filter(src -> src.changes() + src.truncations() > 0)
                .map(PendingChanges.Source::oid).distinct().toList();
        return consumed.isEmpty() ? "" : ";\n" + ChangeCapture.cleanupStatement(consumed);
    }

    private static PendingChanges pending(Definition def, List<Object[]> rows) {
        List<PendingChanges.Source> sources = rows.stream()
                .map(r -> new PendingChanges.Source(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                        ((Number) r[2]).longValue(), r[3] == null ? -1 : ((Number) r[3]).longValue()))
                .toList();
        return new PendingChanges(sources, def.uncaptured());
    }

    /** Fills the empty storage table of a stream table that was created and not loaded yet, logging progress. */
    private long[] load(Connection c, Definition def) throws SQLException {
        long started = System.nanoTime();
        long rows;
        try (LoadProgress progress = LoadProgress.start(def.name(), def.relid(), database, progressInterval)) {
            rows = Jdbc.update(c, def.loadStatements().get(0));
            for (String statement : def.loadStatements().subList(1, def.loadStatements().size())) {
                Jdbc.execute(c, statement);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // a load long enough to have logged its progress logs its end at the same level; others only at DEBUG
        if (took.compareTo(progressInterval) >= 0) {
            LOG.info("loaded stream table '{}': {} rows in {} ms", def.name(), rows, took.toMillis());
        } else {
            LOG.debug("loaded stream table '{}': {} rows in {} ms", def.name(), rows, took.toMillis());
        }
        return new long[] {rows, 0, 0};
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

    /** Rolls back whatever is open; harmless when nothing is. A dead connection has rolled back already. */
    static void rollback(Connection c) {
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
}

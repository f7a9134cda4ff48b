package dev.trickle.engine.refresh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.TrickleException;
import dev.trickle.engine.capture.WalDrain;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.Definition;
import dev.trickle.engine.definition.Definitions;
import dev.trickle.engine.definition.SourceChanges;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Errors;
import dev.trickle.engine.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one refresh of one stream table (or of an atomic group of them), in one transaction of two round trips for
 * a single stream table:
 *
 * <ol>
 *   <li>{@code BEGIN}, the lock ({@link RefreshLock}) and the member's status, source check and pending changes
 *       ({@link RefreshStep#start}), which decide the action;
 *   <li>the apply statement, which also moves the frontier, marks the stream table fresh and writes the history
 *       ({@link Bookkeeping}), then {@code COMMIT} and the buffer cleanup ({@link RefreshStep#finish}).
 * </ol>
 *
 * <p>When a member reads a source captured from the WAL, the first round trip also locks {@code pgtrickle.pgt_wal}
 * and takes the snapshot with the drain's first query; the drain ({@link WalDrain}) then writes the transactions the
 * snapshot sees into the buffers, before the first member's start, which is one more round trip.
 *
 * <p>Every statement is prepared once per connection (the texts are the same from one refresh to the next), so the
 * server plans each once. The statements are compiled by this engine from the stream table's definition
 * ({@link Definitions}); nothing read from the catalog is executed as SQL. Every failure rolls the transaction back
 * before anything else happens, which releases the lock: the connection goes back clean. A failure is then recorded
 * ({@link Failures}).
 */
public final class Refresher {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);
    private static final int ATTEMPTS = 3;

    private final Clock clock;
    private final Notifier notifier;
    private final Definitions definitions;
    private final Validation validation;
    private final Failures failures;
    private final RefreshLock lock;
    private final RefreshStep step;
    /** The stream tables refreshed by name, so that the next refresh by that name needs no lookup. */
    private final Cache<TableName, Member> members = Caffeine.newBuilder().maximumSize(10_000).build();
    /** By stream table id and generation: whether it reads a source captured from the WAL. */
    private volatile @Nullable Boolean flushes;
    private volatile boolean logsRunningXacts;
    private final Cache<String, Boolean> walReaders = Caffeine.newBuilder().maximumSize(10_000).build();

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
        this.notifier = notifier;
        this.definitions = definitions;
        this.validation = new Validation(definitions);
        this.failures = new Failures(engineId, maxConsecutiveFailures, notifier, database);
        this.lock = new RefreshLock(lockTimeout);
        this.step = new RefreshStep(engineId, fullRefreshThreshold, token, database, progressInterval);
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
        return refresh(c, name, initiator, System.nanoTime());
    }

    /**
     * Refreshes a stream table as {@link #refresh(Connection, TableName, History.Initiator)} does, for a caller who
     * started waiting earlier (for the connection): the result's duration counts from then.
     *
     * @param c a connection in auto-commit mode
     * @param name the name as given; an unqualified one is looked up in the connection's current schema
     * @param initiator who asked
     * @param startedNanos when the caller asked, as {@link System#nanoTime()}
     * @return what the refresh did
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws RefreshException if the refresh failed; nothing of it was applied
     * @throws SQLException if the server fails outside the refresh itself
     */
    public RefreshResult refresh(Connection c, TableName name, History.Initiator initiator, long startedNanos)
            throws SQLException {
        Member known = members.getIfPresent(name);
        if (known != null) {
            try {
                return run(c, List.of(known), initiator, true, startedNanos).orElseThrow().get(0);
            } catch (StreamTableNotFoundException e) {
                // dropped, or dropped and created again under a new id: look the name up again
                members.invalidate(name);
            }
        }
        Member member = Jdbc.queryOne(c, "SELECT s.pgt_id, s.pgt_schema FROM pgtrickle.pgt_stream_tables s"
                        + " WHERE s.pgt_schema = coalesce(?, current_schema()) AND s.pgt_name = ?",
                        rs -> new Member(rs.getLong(1), name.withSchema(rs.getString(2))), name.schema(), name.name())
                .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
        RefreshResult result = run(c, List.of(member), initiator, true, startedNanos).orElseThrow().get(0);
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
        return run(c, List.of(new Member(id, name)), initiator, false, System.nanoTime()).map(r -> r.get(0));
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
        return run(c, members, initiator, false, System.nanoTime());
    }

    /** Forgets the stream tables it knows by name: after a drop or replace, a name may mean another one. */
    public void forgetNames() {
        members.invalidateAll();
    }

    /** What one member's refresh did. */
    private record Outcome(RefreshStep.Decision decision, long[] counts) {}

    /**
     * A refresh that did not start, for a reason that is not the stream table's: another session holds it longer
     * than the lock timeout, or this engine's role may not write its storage table (another role's stream table).
     * Reported to the caller, not recorded as a failure of the stream table.
     */
    static final class Unrecorded extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RefreshException failure;

        Unrecorded(RefreshException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /** Why a refresh attempt stopped before it could finish, and the member concerned. */
    static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Member member;
        final transient Definition definition;
        final transient List<SourceChanges.Mismatch> mismatches;

        Stop(Member member, Definition definition, List<SourceChanges.Mismatch> mismatches) {
            super(null, null, false, false);
            this.member = member;
            this.definition = definition;
            this.mismatches = mismatches;
        }
    }

    private Optional<List<RefreshResult>> run(Connection c, List<Member> members, History.Initiator initiator,
            boolean wait, long started) throws SQLException {
        boolean scheduled = initiator == History.Initiator.SCHEDULER;
        Instant start = clock.instant();
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
     * Runs the refresh transaction: the lock and the first member's start in one round trip; each further member's
     * start in one more; each member's apply and bookkeeping in one, the last one's with {@code COMMIT} and the
     * buffer cleanup. Anything that fails rolls it back first.
     *
     * @return the outcomes, or empty if the lock was not free and {@code wait} is false
     */
    private Optional<List<Outcome>> transaction(Connection c, List<Member> members, List<Definition> defs,
            History.Initiator initiator, boolean wait) throws SQLException, Stop, Unrecorded {
        List<List<Object[]>> found;
        boolean wal = readsWal(c, defs);
        try {
            String first = wal ? WalDrain.LOCK + ";\n" + WalDrain.first(flushes(c), logsRunningXacts)
                    : step.start(defs.get(0));
            found = Jdbc.pipeline(c, lock.opening(defs, wait) + ";\n" + first);
        } catch (SQLException e) {
            rollback(c);
            lock.refused(e, wait, members.get(0).name());
            return Optional.empty();
        }
        boolean open = true;
        try {
            if (wal) {
                // after the snapshot, before the members read their pending changes
                try {
                    WalDrain.drain(c, found.get(0));
                } catch (WalDrain.SlotMissing e) {
                    // reinitializing cannot bring back the changes a lost slot held: the stream tables are made anew
                    TableName first = members.get(0).name();
                    throw new RefreshException(first, null, false, "stream table '" + first + "' cannot be refreshed: "
                            + e.getMessage() + "; drop the stream tables over sources captured from the WAL, then"
                            + " create them again", null);
                }
                found = Jdbc.pipeline(c, step.start(defs.get(0)));
            }
            List<RefreshStep.Decision> decisions = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Definition def = defs.get(i);
                if (i > 0) {
                    found = Jdbc.pipeline(c, step.start(def));
                }
                RefreshStep.Decision d = step.decide(c, members.get(i), def, found, initiator);
                decisions.add(d);
                boolean last = i == members.size() - 1;
                String cleanup = last ? RefreshStep.cleanup(decisions) : "";
                String then = !last ? "" : cleanup.isEmpty() ? "COMMIT" : "COMMIT;\n" + cleanup;
                long[] counts;
                try {
                    // when it fails, the statements after the failed one (COMMIT among them) did not run
                    counts = step.finish(c, def, d, then);
                } catch (SQLException e) {
                    if (cleanup.isEmpty()) {
                        throw e;
                    }
                    // the failed statement may be the cleanup, after COMMIT
                    counts = RefreshStep.committedCounts(c, def, d).orElseThrow(() -> e);
                    LOG.warn("refresh of stream table '{}' committed; the cleanup of its change buffers after it"
                            + " failed and is left to a later refresh: {}", def.name(), e.getMessage());
                }
                outcomes.add(new Outcome(d, counts));
                open = !last;
            }
            return Optional.of(outcomes);
        } finally {
            if (open) {
                rollback(c);
            }
        }
    }

    /**
     * Whether a member reads a source captured from the WAL, so that the refresh drains the slot: known per
     * generation (a source keeps its capture while it has a reader).
     */
    private boolean readsWal(Connection c, List<Definition> defs) throws SQLException {
        boolean any = false;
        for (Definition def : defs) {
            String key = def.id() + ":" + def.generation();
            Boolean known = walReaders.getIfPresent(key);
            if (known == null) {
                known = WalDrain.readsWal(c, def.id());
                walReaders.put(key, known);
            }
            any |= known;
        }
        return any;
    }

    /** @return whether the server flushes a logical message on request, asked once */
    private boolean flushes(Connection c) throws SQLException {
        Boolean known = flushes;
        if (known == null) {
            known = WalDrain.flushes(c);
            logsRunningXacts = WalDrain.logsRunningXacts(c);
            flushes = known;
        }
        return known;
    }

    private List<RefreshResult> report(List<Member> members, List<Outcome> outcomes, Duration took,
            boolean scheduled) {
        Duration lockWait = Duration.ofNanos(Math.min(took.toNanos(),
                Math.max(0, outcomes.get(0).decision().lockWaitMicros()) * 1000));
        List<RefreshResult> results = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Outcome o = outcomes.get(i);
            RefreshStep.Decision d = o.decision();
            RefreshResult r = new RefreshResult(members.get(i).name(), d.action(), o.counts()[0], o.counts()[1],
                    o.counts()[2], took, d.reason(), lockWait);
            LOG.debug("refreshed '{}' ({}): +{} ~{} -{} in {} ms", r.streamTable(), d.action(), r.rowsInserted(),
                    r.rowsUpdated(), r.rowsDeleted(), took.toMillis());
            notifier.statusChanged(r.streamTable(), d.previousStatus(), StreamTableStatus.ACTIVE, "refreshed");
            notifier.refreshed(r, scheduled);
            results.add(r);
        }
        return results;
    }

    /** Rolls back whatever is open; harmless when nothing is. A dead connection has rolled back already. */
    static void rollback(Connection c) {
        try {
            Jdbc.execute(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // the connection is gone: the server has rolled the transaction back
        }
    }
}

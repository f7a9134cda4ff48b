package dev.trickle.engine.refresh;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableStatus;
import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.definition.Definition;
import dev.trickle.engine.definition.SourceChanges;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.sql.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's refresh inside the locked transaction, in two parts that each ride on one round trip:
 *
 * <ol>
 *   <li>{@link #start}: in the snapshot, the stream table's status, its sources and storage compared with what it
 *       last saw ({@link SourceChanges}), and the pending changes: the buffer rows of transactions visible in this
 *       snapshot and not in the frontier (the snapshot of the previous refresh). The source check runs only when what
 *       it reads changed since it last passed. {@link #decide} reads them: a
 *       changed generation or source stops the attempt; no changes make NO_DATA, the mode, a TRUNCATE or more changes
 *       than the threshold make FULL, else DIFFERENTIAL.
 *   <li>{@link #finish}: the apply statement with the bookkeeping inside it ({@link Bookkeeping}: the frontier
 *       becomes this snapshot, status and history), followed in the same round trip by whatever the transaction
 *       runs after it ({@code COMMIT} and the buffer cleanup for the last member). With nothing to apply, the
 *       bookkeeping runs as a statement of its own.
 * </ol>
 *
 * So every committed change is applied exactly once, however long its transaction ran. The apply writes only rows
 * that change, presenting the refresh token that the storage table's guard trigger asks for (set by {@link #start},
 * with the {@code search_path} the definition was compiled under).
 */
final class RefreshStep {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshStep.class);
    /** The reason a refresh records for a stream table's initial load. */
    static final String INITIAL_LOAD = "initial load";
    /** The server's time, in nanoseconds, from the transaction's start to now (see {@link #timed}). */
    private static final String ELAPSED = "SELECT (EXTRACT(EPOCH FROM pg_catalog.clock_timestamp() - pg_catalog.now())"
            + " * 1e9)::bigint";

    private final String engineId;
    private final double fullRefreshThreshold;
    private final Supplier<String> token;
    private final Database database;
    private final Duration progressInterval;
    /** By stream table: its generation and the fingerprint its source check last passed with (see sourceCheck). */
    private final Map<Long, String> verified = new ConcurrentHashMap<>();
    /** What refreshes cost, for AUTO's choice between a differential and a full one. */
    private final RefreshCosts costs = new RefreshCosts();

    RefreshStep(String engineId, double fullRefreshThreshold, Supplier<String> token, Database database,
            Duration progressInterval) {
        this.engineId = engineId;
        this.fullRefreshThreshold = fullRefreshThreshold;
        this.token = token;
        this.database = database;
        this.progressInterval = progressInterval;
    }

    /**
     * What a member's refresh is to do.
     *
     * @param action what it does
     * @param reason why it recomputes in full, or {@code null}
     * @param changes its pending changes
     * @param previousStatus its status before
     * @param lockWaitMicros from the transaction's start to this member's first query
     * @param load whether it is the initial load
     * @param apply the apply statement with the bookkeeping, or {@code null} if nothing is applied
     * @param bookkeeping the bookkeeping as a statement of its own, when {@code apply} is {@code null}
     * @param xid the refresh transaction's id ({@code xid8} as text), which tells whether it committed
     * @param byCost whether it recomputes in full because differential refreshes cost more ({@link RefreshCosts})
     * @param startedNanos the server's time from the transaction's start to the end of {@link #start}, or -1 if the
     *     refresh is not timed
     */
    record Decision(RefreshAction action, @Nullable String reason, PendingChanges changes,
            StreamTableStatus previousStatus, long lockWaitMicros, boolean load, @Nullable String apply,
            String bookkeeping, String xid, boolean byCost, long startedNanos) {}

    /**
     * The queries that open a member's refresh, in the locked transaction: its status and generation (setting the
     * {@code search_path} its definition was compiled under and the refresh token), its sources and storage that
     * differ from what it last saw ({@link #sourceCheck}), then its pending changes.
     *
     * @param def the member
     * @return the queries, separated by semicolons
     */
    String start(Definition def) {
        return "SELECT status, generation, set_config('search_path', " + SqlNames.literal(def.searchPath())
                + ", true), set_config('pgtrickle.refresh_token', " + SqlNames.literal(token.get()) + ", true),"
                + " is_populated, " + RefreshLock.waitedMicros() + ", pg_catalog.pg_current_xact_id()::text"
                + " FROM pgtrickle.pgt_stream_tables WHERE pgt_id = "
                + def.id() + ";\n" + sourceCheck(def)
                + (def.changesSql() == null ? "" : ";\n" + def.changesSql() + (timed(def) ? ";\n" + ELAPSED : ""));
    }

    /**
     * Whether the refreshes of a stream table are timed for AUTO's cost guard: the server's clock is read at the end
     * of {@link #start} and after the apply, so the apply's cost is told apart from what every action costs alike
     * (counting the pending changes before, the commit and the buffer cleanup after).
     */
    private static boolean timed(Definition def) {
        return def.requestedMode() == RefreshMode.AUTO && def.changesSql() != null;
    }

    /**
     * The check of a member's sources and storage against the states it recorded ({@link
     * SourceChanges#mismatchQuery}), run only when a fingerprint of what that check reads differs from the one this
     * engine last saw the check pass with. The check builds each relation's state from the system catalogs (its
     * {@code pg_class}, {@code pg_namespace}, {@code pg_attribute}, {@code pg_constraint}, {@code pg_index},
     * {@code pg_trigger} and {@code pg_rewrite} rows, and its buffer's {@code pg_class} row) and compares it with the recorded one; the fingerprint is the
     * transaction ids that wrote those catalog rows ({@code xmin}: any change to a row, DDL included, writes a new
     * version with a new one). So an equal fingerprint means the sources and storage are as they were when the check
     * last passed; a different one (DDL, a frozen row) runs the check. The recorded states change only when a check
     * found a difference and the refresh recorded the new state (the catalog rows changed then too), or with a new
     * generation. Each row returned: the fingerprint, then a mismatch's columns, or {@code NULL}s when nothing
     * differs.
     */
    private String sourceCheck(Definition def) {
        String known = verified.get(def.id());
        String expected = known != null && known.startsWith(def.generation() + ":")
                ? known.substring(known.indexOf(':') + 1) : "";
        String rel = "r.rel";
        List<String> parts = List.of(
                "SELECT c.xmin::text || ',' || n.xmin::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE c.oid = " + rel,
                "SELECT pg_catalog.string_agg(a.xmin::text, ',' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a"
                        + " WHERE a.attrelid = " + rel + " AND a.attnum > 0",
                "SELECT pg_catalog.string_agg(k.xmin::text, ',' ORDER BY k.oid) FROM pg_catalog.pg_constraint k"
                        + " WHERE k.conrelid = " + rel,
                // the key may be a unique index without a constraint (a table without a primary key)
                "SELECT pg_catalog.string_agg(i.xmin::text, ',' ORDER BY i.indexrelid) FROM pg_catalog.pg_index i"
                        + " WHERE i.indrelid = " + rel,
                "SELECT pg_catalog.string_agg(g.xmin::text, ',' ORDER BY g.oid) FROM pg_catalog.pg_trigger g"
                        + " WHERE g.tgrelid = " + rel,
                // a view's rule: CREATE OR REPLACE VIEW rewrites it, not always the view's pg_class row
                "SELECT pg_catalog.string_agg(w.xmin::text, ',' ORDER BY w.oid) FROM pg_catalog.pg_rewrite w"
                        + " WHERE w.ev_class = " + rel,
                "SELECT b.xmin::text FROM pg_catalog.pg_class b WHERE b.oid = pg_catalog.to_regclass("
                        + "'pgtrickle_changes.changes_' || " + rel + "::text)",
                // a source captured from the WAL: its membership of the publication (replica identity: pg_class)
                "SELECT pg_catalog.string_agg(p.xmin::text, ',' ORDER BY p.oid) FROM pg_catalog.pg_publication_rel p"
                        + " WHERE p.prrelid = " + rel);
        String fingerprint = "SELECT pg_catalog.string_agg(r.rel::text"
                + parts.stream().map(p -> " || ';' || coalesce((" + p + "), '-')").collect(Collectors.joining())
                + ", '|' ORDER BY r.rel, r.storage)"
                + " FROM (SELECT d.source_relid AS rel, false AS storage FROM pgtrickle.pgt_dependencies d"
                + " WHERE d.pgt_id = " + def.id() + " UNION ALL SELECT s.pgt_relid, true FROM pgtrickle.pgt_stream_tables s"
                + " WHERE s.pgt_id = " + def.id() + ") r";
        return "SELECT f.fp, m.* FROM (" + fingerprint + ") f(fp) LEFT JOIN LATERAL (SELECT * FROM ("
                + SourceChanges.mismatchQuery(def.id()) + ") s WHERE f.fp IS DISTINCT FROM "
                + SqlNames.literal(expected) + " OFFSET 0) m ON true";
    }

    /**
     * Reads what {@link #start} found and decides.
     *
     * @param c the connection, in the transaction
     * @param m the member
     * @param def its definition
     * @param found the result sets of {@link #start}
     * @param initiator who asked
     * @return the decision
     * @throws Refresher.Stop if the member was reinitialized or its sources changed since it was compiled
     * @throws SQLException if the server fails (reading the history for the cost guard)
     */
    Decision decide(Connection c, Refresher.Member m, Definition def, List<List<Object[]>> found,
            History.Initiator initiator) throws Refresher.Stop, SQLException {
        if (found.get(0).isEmpty()) {
            throw new StreamTableNotFoundException(m.name().toString());
        }
        Object[] status = found.get(0).get(0);
        if (((Number) status[1]).longValue() != def.generation()) {
            throw new Refresher.Stop(m, def, List.of());
        }
        List<SourceChanges.Mismatch> mismatches = new ArrayList<>();
        try {
            for (Object[] row : found.get(1)) {
                if (row[1] != null) {
                    mismatches.add(SourceChanges.mismatch(java.util.Arrays.copyOfRange(row, 1, row.length)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("internal error: cannot read a source mismatch", e);
        }
        if (!mismatches.isEmpty()) {
            verified.remove(def.id());
            throw new Refresher.Stop(m, def, mismatches);
        }
        verified.put(def.id(), def.generation() + ":" + found.get(1).get(0)[0]);
        StreamTableStatus previous = StreamTableStatus.valueOf((String) status[0]);
        long waited = ((Number) status[5]).longValue();
        PendingChanges changes = pending(def, found.size() > 2 ? found.get(2) : List.of());
        if (!Boolean.TRUE.equals(status[4])) {
            // created, not loaded yet: the load reads this transaction's snapshot, which becomes the frontier
            String after = Bookkeeping.afterApply(def.id(), RefreshAction.FULL, initiator, INITIAL_LOAD, engineId);
            return new Decision(RefreshAction.FULL, INITIAL_LOAD, changes, previous, waited, true, null, after,
                    (String) status[6], false, -1);
        }
        RefreshAction action;
        String reason = null;
        boolean byCost = false;
        if (changes.isEmpty()) {
            action = RefreshAction.NO_DATA;
        } else if (def.effectiveMode() != RefreshMode.DIFFERENTIAL || !def.statements().hasDifferential()) {
            action = RefreshAction.FULL;
        } else {
            reason = changes.fullRefreshReason(fullRefreshThreshold, oid -> sourceName(c, oid));
            if (reason == null && def.requestedMode() == RefreshMode.AUTO) {
                reason = costGuard(c, def, changes.changeRows());
                byCost = reason != null;
            }
            action = reason == null ? RefreshAction.DIFFERENTIAL : RefreshAction.FULL;
        }
        String after = Bookkeeping.afterApply(def.id(), action, initiator, reason, engineId);
        String apply = switch (action) {
            case NO_DATA -> null;
            case FULL -> def.statements().full(after);
            case DIFFERENTIAL -> def.statements().differential(after);
        };
        return new Decision(action, reason, changes, previous, waited, false, apply,
                apply == null ? Bookkeeping.statement(new long[3], after) : "", (String) status[6], byCost,
                timed(def) ? ((Number) found.get(3).get(0)[0]).longValue() : -1);
    }

    /**
     * Asks the cost guard whether an AUTO stream table's differential refresh should recompute in full, reading the
     * last full refresh's duration from the history first if the guard needs it.
     */
    private @Nullable String costGuard(Connection c, Definition def, long changeRows) throws SQLException {
        if (costs.needsFullCost(def.id(), def.generation())) {
            OptionalLong last = Jdbc.queryOne(c, "SELECT (EXTRACT(EPOCH FROM h.end_time - h.start_time) * 1e9)"
                    + "::bigint FROM pgtrickle.pgt_refresh_history h WHERE h.pgt_id = ? AND h.action = 'FULL'"
                    + " AND h.status = 'COMPLETED' AND h.end_time IS NOT NULL ORDER BY h.refresh_id DESC LIMIT 1",
                    rs -> rs.getLong(1), def.id()).map(OptionalLong::of).orElse(OptionalLong.empty());
            costs.fullLookedUp(def.id(), def.generation(), last);
        }
        return costs.fullRefreshReason(def.id(), def.generation(), changeRows);
    }

    /**
     * Applies and records a decided refresh, then runs {@code then} in the same round trip.
     *
     * @param c the connection, in the transaction
     * @param def the member
     * @param d the decision
     * @param then Trickle's statements to run after it, separated by semicolons, or empty
     * @return inserted, updated and deleted rows
     * @throws SQLException if the server fails; the statements after the failed one did not run
     */
    long[] finish(Connection c, Definition def, Decision d, String then) throws SQLException {
        // AUTO's cost guard learns from applies; a load records the cost of its fill only (see load)
        boolean timed = d.apply() != null && d.startedNanos() >= 0;
        if (!timed) {
            return apply(c, def, d, then, false)[0];
        }
        long started = System.nanoTime();
        long[][] applied = apply(c, def, d, then, true);
        long nanos = applied.length > 1 ? applied[1][0] - d.startedNanos() : System.nanoTime() - started;
        costs.record(def.id(), def.generation(), d.action() == RefreshAction.DIFFERENTIAL, d.byCost(),
                d.changes().changeRows(), nanos, def.name());
        return applied[0];
    }

    /**
     * Runs the apply, or the bookkeeping alone, then {@code then}. Timed, an apply followed by statements of the
     * transaction's end also returns the server's time from the transaction's start to the apply's end.
     *
     * @return the counts, then the nanoseconds if the server measured them
     */
    private long[][] apply(Connection c, Definition def, Decision d, String then, boolean timed) throws SQLException {
        if (timed && !then.isEmpty()) {
            List<List<Object[]>> results = Jdbc.pipelineAfter(c, d.apply(), ELAPSED + ";\n" + then);
            return new long[][] {counts(results), {((Number) results.get(1).get(0)[0]).longValue()}};
        }
        return new long[][] {applyOnly(c, def, d, then)};
    }

    private static long[] counts(List<List<Object[]>> results) {
        Object[] row = results.get(0).get(0);
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue()};
    }

    private long[] applyOnly(Connection c, Definition def, Decision d, String then) throws SQLException {
        String tail = then.isEmpty() ? "" : ";\n" + then;
        List<List<Object[]>> results;
        if (d.load()) {
            long[] counts = load(c, def);
            results = Jdbc.pipeline(c, Bookkeeping.statement(counts, d.bookkeeping()) + tail);
        } else if (d.apply() == null) {
            results = Jdbc.pipeline(c, d.bookkeeping() + tail);
        } else if (then.isEmpty()) {
            return Jdbc.queryPrepared(c, d.apply(), rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                    .orElseThrow();
        } else {
            results = Jdbc.pipelineAfter(c, d.apply(), then);
        }
        return counts(results);
    }

    /**
     * After the last round trip of a refresh failed: whether the refresh transaction committed, and if so what it
     * counted. The round trip runs the apply, {@code COMMIT} and the buffer cleanup; a failure of the apply leaves the
     * transaction open and aborted, a failure of {@code COMMIT} rolls it back, and only a failure of the cleanup
     * (see {@link ChangeCapture#cleanupStatement}) comes after a commit. The server knows which: the status of the
     * transaction's id. The counts are those the refresh wrote into its history row.
     *
     * @param c the connection
     * @param def the member whose apply was in the round trip
     * @param d its decision
     * @return the counts if the transaction committed, else empty (also if the server cannot be asked)
     */
    static Optional<long[]> committedCounts(Connection c, Definition def, Decision d) {
        try {
            if (!Jdbc.outsideTransaction(c)) {
                return Optional.empty();
            }
            return Jdbc.queryOne(c, "SELECT h.rows_inserted, h.rows_updated, h.rows_deleted"
                    + " FROM pgtrickle.pgt_refresh_history h WHERE h.pgt_id = ?"
                    + " AND pg_catalog.pg_xact_status(?::xid8) = 'committed' AND h.xmin = pg_catalog.xid(?::xid8)",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}, def.id(), d.xid(), d.xid());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * The statement that deletes the buffer rows every reader has consumed, after the transaction commits.
     *
     * @param decisions the members' decisions
     * @return the statement, or empty if no member consumed changes
     */
    static String cleanup(List<Decision> decisions) {
        List<Long> consumed = decisions.stream().flatMap(d -> d.changes().sources().stream())
                .filter(src -> src.changes() + src.truncations() > 0)
                .map(PendingChanges.Source::oid).distinct().toList();
        return consumed.isEmpty() ? "" : ChangeCapture.cleanupStatement(consumed);
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
            long fill = System.nanoTime();
            rows = Jdbc.update(c, def.loadStatements().get(0));
            if (def.requestedMode() == RefreshMode.AUTO) {
                costs.record(def.id(), def.generation(), false, false, 0, System.nanoTime() - fill, def.name());
            }
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

    private static String sourceName(Connection c, long oid) {
        try {
            return Jdbc.queryOne(c, "SELECT ?::oid::regclass::text", rs -> rs.getString(1), oid).orElse("?");
        } catch (SQLException e) {
            return "with OID " + oid;
        }
    }
}

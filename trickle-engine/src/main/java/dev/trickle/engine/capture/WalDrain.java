package dev.trickle.engine.capture;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.sql.SqlNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the replication slot into the change buffers, inside a refresh transaction, after its snapshot was taken:
 * every transaction visible in the snapshot is then in the buffers, with its own transaction id, so the frontier
 * rule (buffer rows of transactions visible in this snapshot and not in the previous one) applies as with triggers.
 *
 * <p>The refresh locks {@code pgtrickle.pgt_wal} ({@link #LOCK}) before its snapshot, so drains follow each other
 * across engines, and each sees what the one before committed. The drain then:
 *
 * <ol>
 *   <li>reads, in the transaction's first query ({@link #first}, which takes the snapshot), the drained LSN, and
 *       writes a logical message to the WAL, flushed, whose end is {@code upto}: a transaction visible in the snapshot
 *       wrote its commit record before it became visible, so before the message, and the flush makes it readable
 *       (even a commit made with {@code synchronous_commit = off}; before PostgreSQL 17, which cannot flush on
 *       request, the drain waits for the WAL writer, see {@link #waitForFlush});
 *   <li>moves the slot to the drained LSN (committed by an earlier drain: its WAL may go), then peeks (does not
 *       consume) the slot's changes up to {@code upto}: every transaction whose commit record starts before it;
 *   <li>skips the transactions an earlier drain wrote (committed before the drained LSN, or listed in {@code
 *       pgt_wal.applied}), writes those visible in the snapshot into the buffers of the sources captured from the
 *       WAL, and leaves the others — committed after the snapshot — for a later refresh; records as drained the
 *       commit LSN of the first one left (or {@code upto}) and the transactions written after it — all in the
 *       refresh transaction, so a refresh that rolls back drained nothing.
 * </ol>
 *
 * <p>Why the ones committed after the snapshot are left: a change window ({@code XidWindow}) is the buffer rows whose
 * transaction the frontier does not see <em>and that the refresh sees</em>; with triggers a buffer row is visible
 * exactly when its transaction is, but rows written by the refresh itself are visible to it whatever their
 * transaction id, so such a transaction would be applied now and again by the next refresh.
 *
 * <p>So each transaction is written once, with its own id, by the first refresh that sees it. Rows are written as in
 * the triggers' buffers: +1 new, -1 old, and the marker (weight
 * 0, recompute in full) for a TRUNCATE or a change decoded with a captured column no longer as recorded (dropped,
 * renamed, retyped), or an old row without every column. Values reach the server as bound parameters only: each row
 * as the text of a row of the buffer's type.
 */
public final class WalDrain {
    private static final Logger LOG = LoggerFactory.getLogger(WalDrain.class);

    /** The lock that serializes drains, taken before the snapshot. */
    public static final String LOCK = "LOCK TABLE pgtrickle.pgt_wal IN SHARE ROW EXCLUSIVE MODE";

    /**
     * The refresh's first query, which takes its snapshot: the slot, the drained LSN, the end of a WAL record written
     * after the snapshot was taken, the snapshot's {@code xmax} (which gives decoded transaction ids their epoch), and
     * the slot's state. It may also log the server's running transactions
     * first ({@code pg_log_standby_snapshot()}, PostgreSQL 16 and later, superusers unless granted): the slot's restart
     * point, from which every drain decodes, moves only past such a record, which the server otherwise logs every 15
     * seconds; logged by each drain, it moves with the drains, and each decodes about the WAL since the one before.
     *
     * @param flushes whether the server flushes the record on request ({@code pg_logical_emit_message} with
     *     {@code flush}: 17 and later)
     * @param logsRunningXacts whether to log the running transactions
     * @return the query
     */
    public static String first(boolean flushes, boolean logsRunningXacts) {
        return "SELECT w.slot_name::text, w.drained_lsn::text,"
                + " pg_catalog.pg_logical_emit_message(false, 'pgtrickle', ''" + (flushes ? ", true" : "") + ")::text,"
                + " pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text, s.slot_name IS NOT NULL,"
                + " s.wal_status, s.confirmed_flush_lsn::text, pg_catalog.pg_current_wal_flush_lsn()::text,"
                + " pg_catalog.current_setting('wal_writer_delay'), w.applied::text[],"
                + " pg_catalog.pg_current_snapshot()::text"
                + " FROM " + (logsRunningXacts ? "(SELECT pg_catalog.pg_log_standby_snapshot()) l, " : "")
                + "pgtrickle.pgt_wal w LEFT JOIN pg_catalog.pg_replication_slots s ON s.slot_name = w.slot_name";
    }

    /**
     * Whether this session may log the running transactions ({@code pg_log_standby_snapshot()}).
     *
     * @param c a connection
     * @return whether the function exists (PostgreSQL 16 and later) and the role may execute it
     * @throws SQLException if the server fails
     */
    public static boolean logsRunningXacts(Connection c) throws SQLException {
        return Jdbc.queryOne(c, "SELECT to_regprocedure('pg_catalog.pg_log_standby_snapshot()') IS NOT NULL"
                + " AND has_function_privilege('pg_catalog.pg_log_standby_snapshot()', 'EXECUTE')",
                rs -> rs.getBoolean(1)).orElse(false);
    }

    /**
     * Whether the server flushes a logical message on request (PostgreSQL 17 and later).
     *
     * @param c a connection
     * @return whether {@code pg_logical_emit_message} takes {@code flush}
     * @throws SQLException if the server fails
     */
    public static boolean flushes(Connection c) throws SQLException {
        return Jdbc.queryOne(c, "SELECT current_setting('server_version_num')::int >= 170000",
                rs -> rs.getBoolean(1)).orElse(false);
    }

    private static final String TARGETS = """
            SELECT w.source_relid::bigint, w.column_names, w.column_types::bigint[], w.column_typmods,
                   (SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = pg_catalog.to_regclass('pgtrickle_changes.changes_' || w.source_relid::text)
                       AND a.attnum > 0 AND NOT a.attisdropped)
              FROM pgtrickle.pgt_capture w""";

    private WalDrain() {}

    /** Why a drain cannot make the refresh current: the slot is gone or lost its WAL. */
    public static final class SlotMissing extends Exception {
        private static final long serialVersionUID = 1L;

        SlotMissing(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What one drain did.
     *
     * @param transactions transactions written into buffers
     * @param rows buffer rows written
     */
    public record Drained(int transactions, long rows) {}

    /**
     * Drains the slot, in the refresh transaction, after {@link #first}.
     *
     * @param c the connection, in the refresh transaction
     * @param first the rows of {@link #first}
     * @return what was drained
     * @throws SlotMissing if the slot is not set up, missing, or invalidated
     * @throws SQLException if the server fails
     */
    public static Drained drain(Connection c, List<Object[]> first) throws SlotMissing, SQLException {
        if (first.isEmpty()) {
            throw new SlotMissing("change capture from the WAL has no replication slot (pgtrickle.pgt_wal is empty):"
                    + " changes may have been missed");
        }
        Object[] row = first.get(0);
        String slot = (String) row[0];
        long drained = lsn((String) row[1]);
        long upto = lsn((String) row[2]);
        waitForFlush(c, upto, lsn((String) row[7]), (String) row[8]);
        long xmax = Long.parseLong((String) row[3]);
        Set<Long> applied = new HashSet<>();
        if (row[9] instanceof java.sql.Array a) {
            for (Object x : (Object[]) a.getArray()) {
                applied.add(Long.parseLong((String) x));
            }
        }
        Snapshot snapshot = Snapshot.parse((String) row[10]);
        if (!Boolean.TRUE.equals(row[4])) {
            throw new SlotMissing("replication slot '" + slot + "' of change capture from the WAL is missing (dropped"
                    + " by hand?): changes may have been missed");
        }
        if ("lost".equals(row[5])) {
            throw new SlotMissing("replication slot '" + slot + "' of change capture from the WAL lost WAL it needed"
                    + " (max_slot_wal_keep_size): changes may have been missed");
        }
        if (row[6] != null && lsn((String) row[6]) < drained) {
            Jdbc.queryOne(c, "SELECT 1 FROM pg_catalog.pg_replication_slot_advance(?, ?::pg_lsn)", rs -> 1, slot,
                    lsnText(drained));
        }
        if (upto <= drained) {
            return new Drained(0, 0);
        }
        Map<Long, Target> targets = new HashMap<>();
        for (Target t : Jdbc.query(c, TARGETS, WalDrain::target)) {
            if (t != null) {
                targets.put(t.oid, t);
            }
        }
        Decoder decoder = new Decoder(targets, drained, xmax, applied, snapshot);
        if (LOG.isTraceEnabled()) {
            LOG.trace("drain from {} to {}, snapshot {}", lsnText(drained), lsnText(upto), row[10]);
        }
        Jdbc.query(c, "SELECT data FROM pg_catalog.pg_logical_slot_peek_binary_changes(?, ?::pg_lsn, NULL,"
                + " 'proto_version', '1', 'publication_names', ?)", rs -> {
                    decoder.message(ByteBuffer.wrap(rs.getBytes(1)));
                    return 0;
                }, slot, lsnText(upto), WalCapture.PUBLICATION);
        long rows = 0;
        for (Target t : targets.values()) {
            if (t.rows.isEmpty()) {
                continue;
            }
            String buffer = SqlNames.changeBuffer(t.oid);
            rows += Jdbc.update(c, "INSERT INTO " + buffer + " SELECT (x).* FROM (SELECT r::" + buffer
                    + " AS x FROM pg_catalog.unnest(?::text[]) r OFFSET 0) s", (Object) t.rows.toArray(String[]::new));
        }
        // the first transaction left for a later refresh: drained up to it; those written after it are remembered
        long next = decoder.firstLeft < 0 ? upto : decoder.firstLeft;
        String[] remembered = decoder.written.entrySet().stream().filter(e -> e.getValue() >= next)
                .map(e -> Long.toString(e.getKey())).toArray(String[]::new);
        Jdbc.update(c, "UPDATE pgtrickle.pgt_wal SET drained_lsn = ?::pg_lsn, applied = ?::text[]::xid8[]"
                + " WHERE slot_name = ?", lsnText(next), remembered, slot);
        if (decoder.applied > 0) {
            LOG.debug("drained {} transaction(s), {} buffer row(s) from slot '{}' up to {}", decoder.applied, rows,
                    slot, lsnText(upto));
        }
        return new Drained(decoder.applied, rows);
    }

    /**
     * Waits until the WAL is flushed up to the record written after the snapshot, on a server that does not flush it
     * on request (before 17). Every transaction visible in the snapshot wrote its commit record before that one; a
     * synchronous commit flushed it before it became visible, and the WAL writer flushes an asynchronous one
     * ({@code synchronous_commit = off}) within three times {@code wal_writer_delay}. So the wait ends when the flush
     * reaches the record, or after that time: records after the last commit may stay unflushed until the next one.
     */
    private static void waitForFlush(Connection c, long upto, long flushed, String writerDelay) throws SQLException {
        if (flushed >= upto) {
            return;
        }
        long delayMillis = Jdbc.queryOne(c, "SELECT EXTRACT(EPOCH FROM ?::interval) * 1000", rs -> rs.getLong(1),
                writerDelay.endsWith("ms") || writerDelay.endsWith("s") ? writerDelay : writerDelay + "ms")
                .orElse(200L);
        long deadline = System.nanoTime() + (3 * delayMillis + 50) * 1_000_000L;
        while (System.nanoTime() < deadline) {
            long now = Jdbc.queryOne(c, "SELECT pg_catalog.pg_current_wal_flush_lsn()::text",
                    rs -> lsn(rs.getString(1))).orElseThrow();
            if (now >= upto) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the WAL to be flushed", "57014", e);
            }
        }
    }

    private static @Nullable Target target(java.sql.ResultSet rs) throws SQLException {
        java.sql.Array buffer = rs.getArray(5);
        if (buffer == null) {
            // the buffer was dropped by hand: its readers' source check says so
            return null;
        }
        Map<String, long[]> recorded = new HashMap<>();
        String[] names = (String[]) rs.getArray(2).getArray();
        Long[] types = (Long[]) rs.getArray(3).getArray();
        Integer[] typmods = (Integer[]) rs.getArray(4).getArray();
        for (int i = 0; i < names.length; i++) {
            recorded.put(names[i], new long[] {types[i], typmods[i]});
        }
        List<String> columns = new ArrayList<>();
        for (String col : (String[]) buffer.getArray()) {
            if (!col.equals("__pgt_xid") && !col.equals(SqlNames.WEIGHT)) {
                columns.add(col);
            }
        }
        return new Target(rs.getLong(1), columns, recorded);
    }

    /** @return an LSN's 64-bit position */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    /** @return an LSN as PostgreSQL writes it */
    static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xffffffffL).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Gives a decoded 32-bit transaction id its epoch: the full id nearest to a reference full id (the snapshot's
     * {@code xmax}, close to every transaction the slot still holds: PostgreSQL keeps live ids within 2^31 of the
     * next one), so ids just before or after a wraparound of the 32-bit counter get the right epoch.
     *
     * @param xid the 32-bit id, unsigned
     * @param reference a full ({@code xid8}) id
     * @return the full id
     */
    static long fullXid(long xid, long reference) {
        return reference + (int) (xid - reference);
    }

    /**
     * A buffer to write: its source, its columns after the transaction id and weight, the captured columns as
     * recorded (type and modifier by name), and the rows to write (texts of buffer rows).
     */
    private static final class Target {
        final long oid;
        final List<String> columns;
        final Map<String, long[]> recorded;
        final List<String> rows = new ArrayList<>();
        /** The relation message its mapping was made for, and the mapping: buffer column to decoded column. */
        @Nullable Relation mappedFor;
        int @Nullable [] mapping;

        Target(long oid, List<String> columns, Map<String, long[]> recorded) {
            this.oid = oid;
            this.columns = columns;
            this.recorded = recorded;
        }

        /** @return for each buffer column the decoded column's index, or null if one is not as recorded */
        int @Nullable [] mapping(Relation rel) {
            if (mappedFor != rel) {
                mappedFor = rel;
                mapping = new int[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    long[] want = recorded.get(columns.get(i));
                    int found = want == null ? -1 : rel.index(columns.get(i), want[0], (int) want[1]);
                    if (found < 0) {
                        mapping = null;
                        break;
                    }
                    mapping[i] = found;
                }
            }
            return mapping;
        }
    }

    /** A snapshot: which transaction ids it sees as committed. */
    record Snapshot(long xmin, long xmax, Set<Long> running) {
        static Snapshot parse(String text) {
            String[] parts = text.split(":", -1);
            Set<Long> running = new HashSet<>();
            if (parts.length > 2 && !parts[2].isEmpty()) {
                for (String x : parts[2].split(",")) {
                    running.add(Long.parseLong(x));
                }
            }
            return new Snapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), running);
        }

        /** @return whether a committed transaction is visible in the snapshot */
        boolean sees(long xid) {
            return xid < xmin || (xid < xmax && !running.contains(xid));
        }
    }

    /** A decoded relation: its columns' names, types and type modifiers. */
    private record Relation(String[] names, long[] types, int[] typmods) {
        int index(String name, long type, int typmod) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return types[i] == type && typmods[i] == typmod ? i : -1;
                }
            }
            return -1;
        }
    }

    /** A decoded tuple: each column's value as text, or null; {@code unchanged} marks a TOASTed value not sent. */
    private record Tuple(@Nullable String[] values, boolean[] unchanged) {}

    /** A change of a transaction: relation, kind, old and new tuples (an old key-only tuple counts as none). */
    private record Change(long rel, char kind, @Nullable Tuple old, @Nullable Tuple fresh, boolean keyOnly,
            long[] truncated) {}

    /** Reads pgoutput messages (protocol version 1) in order and writes the transactions not drained before. */
    private static final class Decoder {
        private final Map<Long, Target> targets;
        private final long drained;
        private final long xmax;
        private final Map<Long, Relation> relations = new HashMap<>();
        private long commitLsn;
        private long xid;
        private final List<Change> changes = new ArrayList<>();
        /** Transactions written by earlier drains that committed after the drained LSN. */
        private final Set<Long> writtenBefore;
        private final Snapshot snapshot;
        /** Every transaction decoded and written (now or before) from the drained LSN on: full id to commit LSN. */
        final Map<Long, Long> written = new HashMap<>();
        /** The commit LSN of the first transaction left for a later refresh, or -1. */
        long firstLeft = -1;
        int applied;

        Decoder(Map<Long, Target> targets, long drained, long xmax, Set<Long> writtenBefore, Snapshot snapshot) {
            this.targets = targets;
            this.drained = drained;
            this.xmax = xmax;
            this.writtenBefore = writtenBefore;
            this.snapshot = snapshot;
        }

        void message(ByteBuffer b) {
            char type = (char) b.get();
            switch (type) {
                case 'B' -> {
                    commitLsn = b.getLong();
                    b.getLong();
                    xid = Integer.toUnsignedLong(b.getInt());
                    changes.clear();
                }
                case 'R' -> relation(b);
                case 'I' -> {
                    long rel = Integer.toUnsignedLong(b.getInt());
                    b.get();
                    changes.add(new Change(rel, 'I', null, tuple(b), false, new long[0]));
                }
                case 'U' -> {
                    long rel = Integer.toUnsignedLong(b.getInt());
                    char next = (char) b.get();
                    Tuple old = null;
                    boolean keyOnly = false;
                    if (next == 'K' || next == 'O') {
                        keyOnly = next == 'K';
                        old = tuple(b);
                        b.get();
                    }
                    changes.add(new Change(rel, 'U', keyOnly ? null : old, tuple(b), keyOnly || old == null,
                            new long[0]));
                }
                case 'D' -> {
                    long rel = Integer.toUnsignedLong(b.getInt());
                    char next = (char) b.get();
                    Tuple old = tuple(b);
                    changes.add(new Change(rel, 'D', next == 'O' ? old : null, null, next != 'O', new long[0]));
                }
                case 'T' -> {
                    int n = b.getInt();
                    b.get();
                    long[] rels = new long[n];
                    for (int i = 0; i < n; i++) {
                        rels[i] = Integer.toUnsignedLong(b.getInt());
                    }
                    changes.add(new Change(0, 'T', null, null, false, rels));
                }
                case 'C' -> commit();
                default -> {
                    // origin, type and logical messages do not concern the buffers
                }
            }
        }

        private void relation(ByteBuffer b) {
            long oid = Integer.toUnsignedLong(b.getInt());
            string(b);
            string(b);
            b.get();
            int n = b.getShort();
            String[] names = new String[n];
            long[] types = new long[n];
            int[] typmods = new int[n];
            for (int i = 0; i < n; i++) {
                b.get();
                names[i] = string(b);
                types[i] = Integer.toUnsignedLong(b.getInt());
                typmods[i] = b.getInt();
            }
            relations.put(oid, new Relation(names, types, typmods));
        }

        private static String string(ByteBuffer b) {
            int start = b.position();
            while (b.get() != 0) {
                // to the terminating zero
            }
            return new String(b.array(), b.arrayOffset() + start, b.position() - start - 1, StandardCharsets.UTF_8);
        }

        private static Tuple tuple(ByteBuffer b) {
            int n = b.getShort();
            String[] values = new String[n];
            boolean[] unchanged = new boolean[n];
            for (int i = 0; i < n; i++) {
                char kind = (char) b.get();
                switch (kind) {
                    case 'n' -> values[i] = null;
                    case 'u' -> unchanged[i] = true;
                    case 't', 'b' -> {
                        int len = b.getInt();
                        values[i] = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
                        b.position(b.position() + len);
                    }
                    default -> throw new IllegalStateException("internal error: unknown pgoutput column kind " + kind);
                }
            }
            return new Tuple(values, unchanged);
        }

        private void commit() {
            long fullXid = fullXid(xid, xmax);
            if (commitLsn < drained || writtenBefore.contains(fullXid)) {
                // an earlier drain wrote it
                if (commitLsn >= drained) {
                    written.put(fullXid, commitLsn);
                }
                changes.clear();
                return;
            }
            if (!snapshot.sees(fullXid)) {
                // committed after the snapshot: a later refresh writes it (a change window is bounded above by what
                // the refresh sees of the buffer, so its rows must not be in it yet)
                if (firstLeft < 0) {
                    firstLeft = commitLsn;
                }
                changes.clear();
                return;
            }
            written.put(fullXid, commitLsn);
            String full = Long.toString(fullXid);
            Set<Long> marked = new HashSet<>();
            boolean wrote = false;
            for (Change ch : changes) {
                if (ch.kind == 'T') {
                    for (long rel : ch.truncated) {
                        wrote |= mark(rel, full, marked);
                    }
                    continue;
                }
                Target t = targets.get(ch.rel);
                if (t == null) {
                    continue;
                }
                wrote = true;
                Relation rel = relations.get(ch.rel);
                int[] mapping = rel == null ? null : t.mapping(rel);
                if (mapping == null || ch.keyOnly) {
                    mark(ch.rel, full, marked);
                    continue;
                }
                if (marked.contains(ch.rel)) {
                    continue;
                }
                String oldRow = ch.old == null ? null : row(t, mapping, full, -1, ch.old, null);
                String newRow = ch.fresh == null ? null : row(t, mapping, full, 1, ch.fresh, ch.old);
                if ((ch.kind != 'I' && oldRow == null) || (ch.kind != 'D' && newRow == null)) {
                    mark(ch.rel, full, marked);
                    continue;
                }
                if (oldRow != null) {
                    t.rows.add(oldRow);
                }
                if (newRow != null) {
                    t.rows.add(newRow);
                }
            }
            if (wrote) {
                applied++;
                if (LOG.isTraceEnabled()) {
                    LOG.trace("drained transaction {} (commit {}): {}", full, lsnText(commitLsn), changes.size());
                }
            }
            changes.clear();
        }

        /** Writes the marker for a relation, once per transaction; its rows written so far stay (they are true). */
        private boolean mark(long rel, String xid, Set<Long> marked) {
            Target t = targets.get(rel);
            if (t == null) {
                return false;
            }
            if (marked.add(rel)) {
                StringBuilder sb = new StringBuilder("(").append(xid).append(",0");
                sb.append(",".repeat(t.columns.size()));
                t.rows.add(sb.append(')').toString());
            }
            return true;
        }

        /**
         * Writes a buffer row as the text of a row of the buffer's type, or null if a value is missing (a TOASTed
         * value not sent, and no old tuple to take it from).
         */
        private static @Nullable String row(Target t, int[] mapping, String xid, int weight, Tuple tuple,
                @Nullable Tuple old) {
            StringBuilder sb = new StringBuilder("(").append(xid).append(',').append(weight);
            for (int i = 0; i < mapping.length; i++) {
                int at = mapping[i];
                if (at >= tuple.values().length) {
                    return null;
                }
                String value = tuple.values()[at];
                if (tuple.unchanged()[at]) {
                    if (old == null || at >= old.values().length || old.unchanged()[at]) {
                        return null;
                    }
                    value = old.values()[at];
                }
                sb.append(',');
                if (value != null) {
                    sb.append('"');
                    for (int k = 0; k < value.length(); k++) {
                        char ch = value.charAt(k);
                        if (ch == '"' || ch == '\\') {
                            sb.append('\\');
                        }
                        sb.append(ch);
                    }
                    sb.append('"');
                }
            }
            return sb.append(')').toString();
        }
    }

    /**
     * Whether any source of a stream table is captured from the WAL, so that its refresh must drain.
     *
     * @param c a connection
     * @param id the stream table's catalog id
     * @return whether it reads such a source
     * @throws SQLException if the server fails
     */
    public static boolean readsWal(Connection c, long id) throws SQLException {
        Optional<Integer> found = Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_dependencies d"
                + " JOIN pgtrickle.pgt_capture w ON w.source_relid = d.source_relid WHERE d.pgt_id = ? LIMIT 1",
                rs -> 1, id);
        return found.isPresent();
    }
}

package dev.trickle.engine.capture;

import dev.trickle.CaptureMode;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.sql.CaptureDdl;
import dev.trickle.jooq.sql.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches the change capture of a new (or reinitialized) stream table's sources, inside its creating transaction.
 *
 * <p>For each source, in OID order, the buffer and trigger function are made to record the needed columns, and the
 * four capture triggers are (re)created with {@code CREATE OR REPLACE TRIGGER}. That statement takes the source's
 * {@code SHARE ROW EXCLUSIVE} lock, which waits for every writer in flight and holds new ones off until the creating
 * transaction ends: so every write is either visible to the initial load, which runs after, or captured. It needs only
 * the {@code TRIGGER} privilege on the source (a {@code LOCK TABLE} in that mode would need {@code UPDATE},
 * {@code DELETE} or {@code TRUNCATE}). Replacing the triggers changes the xmin of their catalog rows, which every
 * stream table reading the source compares with (see {@code pgtrickle.source_state}); so the recorded states that
 * matched the source before are brought up to date — and only those: a stream table that already saw its capture
 * disabled keeps seeing it. A source captured from the WAL gets no triggers: it is attached to the slot instead
 * ({@link WalCapture#attach}), which locks it the same way.
 */
public final class CaptureAttachment {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureAttachment.class);

    private CaptureAttachment() {}

    /**
     * Attaches capture to sources.
     *
     * @param c the connection, in the creating transaction (read committed, with a lock timeout)
     * @param captureColumns for each source OID, the columns its buffer must record (empty: only that it changed)
     * @throws SQLException if the server fails, including a lock timeout while writers hold a source
     */
    public static void attach(Connection c, Map<Long, List<String>> captureColumns) throws SQLException {
        attach(c, captureColumns, CaptureMode.TRIGGERS);
    }

    /**
     * Attaches capture to sources; a source that no stream table read before is captured as {@code mode} says (from
     * the WAL only if the slot is set up, see {@link WalCapture#setup}; else by triggers, with a warning), one
     * already captured keeps its capture.
     *
     * @param c the connection, in the creating transaction (read committed, with a lock timeout)
     * @param captureColumns for each source OID, the columns its buffer must record (empty: only that it changed)
     * @param mode how the engine captures new sources
     * @throws SQLException if the server fails, including a lock timeout while writers hold a source
     */
    public static void attach(Connection c, Map<Long, List<String>> captureColumns, CaptureMode mode)
            throws SQLException {
        for (Map.Entry<Long, List<String>> e : new TreeMap<>(captureColumns).entrySet()) {
            long oid = e.getKey();
            String source = Jdbc.queryOne(c, "SELECT ?::oid::regclass::text", rs -> rs.getString(1), oid)
                    .orElseThrow();
            // ChangeCapture.ensure (re)creates the triggers last
            String before = ensureInTurn(c, oid, source, e.getValue(), mode);
            giveToSchemaOwner(c, oid);
            restate(c, oid, before, state(c, oid));
        }
    }

    /**
     * Installs or widens a source's capture, one session at a time: two sessions replacing one buffer and function at
     * once fail ("tuple concurrently updated"), and the states they read and record must follow each other. Attachers
     * take turns on a lock of Trickle's catalog that only Trickle's roles may take and that writers never wait for
     * (the source itself may not be lockable by the engine's role, which needs only {@code SELECT} and
     * {@code TRIGGER} on it); creates are rare and this step is short. A source with capture then has its triggers
     * replaced first, which takes the source's lock before anything that writers' triggers wait for (its buffer):
     * a writer holding the source while its trigger waits for the buffer would otherwise deadlock with this
     * transaction.
     *
     * @return the source's state before the change, read in turn
     */
    private static String ensureInTurn(Connection c, long oid, String source, List<String> columns,
            CaptureMode mode) throws SQLException {
        Jdbc.execute(c, "LOCK TABLE pgtrickle.pgt_schema_version IN SHARE UPDATE EXCLUSIVE MODE");
        String before = state(c, oid);
        if (Jdbc.queryOne(c, "SELECT to_regprocedure(? || '()') IS NOT NULL", rs -> rs.getBoolean(1),
                SqlNames.captureFunction(oid)).orElseThrow()) {
            for (String trigger : CaptureDdl.triggers(oid, source)) {
                Jdbc.execute(c, trigger);
            }
        }
        boolean wal;
        if (Jdbc.queryOne(c, "SELECT to_regclass(?) IS NOT NULL", rs -> rs.getBoolean(1),
                SqlNames.changeBuffer(oid)).orElseThrow()) {
            wal = WalCapture.isCaptured(c, oid);
        } else {
            // a stream table read by another is written by refreshes, which a downstream member of the same
            // transaction must see before the commit: only triggers capture those
            boolean streamTable = Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_relid = ?::oid",
                    rs -> 1, oid).isPresent();
            wal = mode == CaptureMode.WAL && !streamTable && WalCapture.isSetUp(c);
            if (mode == CaptureMode.WAL && !wal && !streamTable) {
                LOG.warn("{} is captured by triggers: change capture from the WAL is not set up", source);
            }
        }
        ChangeCapture.ensure(c, oid, columns, wal);
        return before;
    }

    /**
     * Hands a source's buffer, trigger function and columns function to the owner of schema {@code
     * pgtrickle_changes} when that is a role the engine's role is a member of (several application roles sharing one
     * catalog through a common role): every member's engine can then read and clean the buffer, and the functions
     * run as their owner (the trigger function calls the columns function, which no one else may execute).
     */
    private static void giveToSchemaOwner(Connection c, long oid) throws SQLException {
        java.util.Optional<String> owner = Jdbc.queryOne(c, """
                SELECT quote_ident(r.rolname) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
                 WHERE n.nspname = 'pgtrickle_changes' AND pg_has_role(r.oid, 'MEMBER')
                   AND EXISTS (SELECT 1 FROM pg_class b WHERE b.oid = to_regclass(?) AND b.relowner <> r.oid)""",
                rs -> rs.getString(1), SqlNames.changeBuffer(oid));
        if (owner.isPresent()) {
            Jdbc.execute(c, "ALTER TABLE " + SqlNames.changeBuffer(oid) + " OWNER TO " + owner.get());
            Jdbc.execute(c, "ALTER FUNCTION " + SqlNames.captureFunction(oid) + "() OWNER TO " + owner.get());
            if (Jdbc.queryOne(c, "SELECT to_regprocedure(? || '(regclass)') IS NOT NULL", rs -> rs.getBoolean(1),
                    CaptureDdl.columnsFunction(oid)).orElseThrow()) {
                Jdbc.execute(c, "ALTER FUNCTION " + CaptureDdl.columnsFunction(oid) + "(regclass) OWNER TO "
                        + owner.get());
            }
        }
    }

    /**
     * Records the new state of a relation for every stream table whose recorded state of it was the old one.
     *
     * @param c the connection, in the changing transaction
     * @param oid the relation, a source or a storage table
     * @param before its state before the change
     * @param after its state after the change
     * @throws SQLException if the server fails
     */
    public static void restate(Connection c, long oid, String before, String after) throws SQLException {
        if (before.equals(after)) {
            return;
        }
        Jdbc.update(c, "UPDATE pgtrickle.pgt_dependencies SET source_state = ?::jsonb"
                + " WHERE source_relid = ?::oid AND source_state = ?::jsonb", after, oid, before);
        Jdbc.update(c, "UPDATE pgtrickle.pgt_stream_tables SET storage_state = ?::jsonb"
                + " WHERE pgt_relid = ?::oid AND storage_state = ?::jsonb", after, oid, before);
    }

    /**
     * Describes a relation as stream tables record it.
     *
     * @param c a connection
     * @param oid the relation
     * @return {@code pgtrickle.source_state(oid)} as text
     * @throws SQLException if the server fails
     */
    public static String state(Connection c, long oid) throws SQLException {
        return Jdbc.queryOne(c, "SELECT pgtrickle.source_state(?::oid)::text", rs -> rs.getString(1), oid)
                .orElseThrow();
    }
}

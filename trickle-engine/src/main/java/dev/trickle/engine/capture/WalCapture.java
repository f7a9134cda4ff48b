package dev.trickle.engine.capture;

import dev.trickle.DatabaseException;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.sql.CaptureDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of change capture from the WAL: the database's replication slot and publication, and the attachment of
 * sources to them. A source captured from the WAL has a row in {@code pgtrickle.pgt_capture}; its changes reach its
 * change buffer when a refresh drains the slot ({@link WalDrain}).
 *
 * <p>One logical slot per database (plugin {@code pgoutput}, named {@code pgtrickle_<database oid>}: slot names are
 * cluster-wide) and one publication {@code pgtrickle}. {@code pgtrickle.pgt_wal} holds the slot's name and the LSN
 * drained so far. Whoever creates, uses or drops the slot holds {@code pgtrickle.pgt_wal} in {@code SHARE ROW
 * EXCLUSIVE} mode, which conflicts with itself: drains, attachments and the slot's removal follow each other.
 */
public final class WalCapture {
    private static final Logger LOG = LoggerFactory.getLogger(WalCapture.class);
    /** The publication that lists the sources captured from the WAL. */
    public static final String PUBLICATION = "pgtrickle";

    private WalCapture() {}

    /**
     * Makes sure the database can capture from the WAL: {@code wal_level = logical}, a role that may use replication,
     * the publication and the slot. Runs in auto-commit mode (a slot cannot be created in a transaction that wrote),
     * before the transaction that attaches the first source. Creating the slot waits for the transactions running
     * then to end.
     *
     * @param c a connection in auto-commit mode
     * @throws DatabaseException if a requirement is missing, or the slot is missing while sources are captured
     * @throws SQLException if the server fails
     */
    public static void setup(Connection c) throws SQLException {
        String level = Jdbc.queryOne(c, "SELECT current_setting('wal_level')", rs -> rs.getString(1)).orElseThrow();
        if (!"logical".equals(level)) {
            throw missing("change capture from the WAL needs wal_level = logical (it is " + level + "): set it in"
                    + " postgresql.conf and restart the server");
        }
        boolean replication = Jdbc.queryOne(c, "SELECT rolreplication OR rolsuper FROM pg_roles"
                + " WHERE rolname = current_user", rs -> rs.getBoolean(1)).orElse(false);
        if (!replication) {
            throw missing("change capture from the WAL needs a role with the REPLICATION attribute: ALTER ROLE "
                    + Jdbc.queryOne(c, "SELECT quote_ident(current_user)", rs -> rs.getString(1)).orElseThrow()
                    + " REPLICATION");
        }
        if (Jdbc.queryOne(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", rs -> 1, PUBLICATION).isEmpty()) {
            try {
                Jdbc.execute(c, "CREATE PUBLICATION " + PUBLICATION
                        + " WITH (publish = 'insert, update, delete, truncate')");
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        String slot = slotName(c);
        boolean exists = slotExists(c, slot);
        Optional<String> recorded = Jdbc.queryOne(c, "SELECT slot_name::text FROM pgtrickle.pgt_wal",
                rs -> rs.getString(1));
        if (exists && recorded.isPresent()) {
            return;
        }
        boolean captured = Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_capture LIMIT 1", rs -> 1).isPresent();
        if (captured && recorded.isPresent()) {
            throw missing("replication slot '" + recorded.get() + "' of change capture from the WAL is missing"
                    + " (dropped by hand?): the stream tables over sources captured from the WAL may have missed"
                    + " changes; drop them, then create them again");
        }
        if (!exists) {
            try {
                Jdbc.queryOne(c, "SELECT pg_create_logical_replication_slot(?, 'pgoutput')", rs -> 0, slot);
                LOG.info("created replication slot '{}' for change capture from the WAL", slot);
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        // a new slot starts where it was created: nothing before it is drained
        Jdbc.update(c, "INSERT INTO pgtrickle.pgt_wal (slot_name, drained_lsn) SELECT s.slot_name,"
                + " s.confirmed_flush_lsn FROM pg_replication_slots s WHERE s.slot_name = ?"
                + " ON CONFLICT (slot_name) DO UPDATE SET drained_lsn = excluded.drained_lsn, applied = '{}'", slot);
    }

    private static DatabaseException missing(String message) {
        return new DatabaseException(message, "55000", false, new SQLException(message, "55000"));
    }

    /** @return the slot's name: {@code pgtrickle_<database oid>} */
    static String slotName(Connection c) throws SQLException {
        return Jdbc.queryOne(c, "SELECT 'pgtrickle_' || oid FROM pg_database WHERE datname = current_database()",
                rs -> rs.getString(1)).orElseThrow();
    }

    private static boolean slotExists(Connection c, String slot) throws SQLException {
        return Jdbc.queryOne(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", rs -> 1, slot).isPresent();
    }

    /**
     * Whether the slot is set up, so that a source can be attached.
     *
     * @param c a connection
     * @return whether {@code pgtrickle.pgt_wal} names a slot that exists
     * @throws SQLException if the server fails
     */
    public static boolean isSetUp(Connection c) throws SQLException {
        return Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_wal w JOIN pg_replication_slots s"
                + " ON s.slot_name = w.slot_name", rs -> 1).isPresent();
    }

    /**
     * Whether a source is captured from the WAL.
     *
     * @param c a connection
     * @param sourceOid the source
     * @return whether it has a row in {@code pgtrickle.pgt_capture}
     * @throws SQLException if the server fails
     */
    public static boolean isCaptured(Connection c, long sourceOid) throws SQLException {
        return Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_capture WHERE source_relid = ?::oid", rs -> 1,
                sourceOid).isPresent();
    }

    /**
     * Attaches a source to the slot, in the transaction that creates its buffer: its replica identity becomes
     * {@code FULL} (old rows then carry every column; the one it had is recorded, and restored when its last reader
     * goes) and it joins the publication. Waits for a drain in progress; fails if the slot is gone.
     *
     * @param c the connection, in the creating transaction
     * @param sourceOid the source
     * @param source the quoted, qualified source
     * @throws SQLException if the server fails, or the engine's role does not own the source
     */
    static void attach(Connection c, long sourceOid, String source) throws SQLException {
        Jdbc.execute(c, "LOCK TABLE pgtrickle.pgt_wal IN SHARE ROW EXCLUSIVE MODE");
        // no writer in flight while the source joins the publication: every write after this transaction is decoded
        Jdbc.execute(c, "LOCK TABLE " + source + " IN SHARE ROW EXCLUSIVE MODE");
        if (!isSetUp(c)) {
            throw new SQLException("the replication slot of change capture from the WAL was dropped while a stream"
                    + " table was created: create it again", "55000");
        }
        Object[] identity = Jdbc.queryOne(c, "SELECT c.relreplident::text, (SELECT i.indexrelid::bigint FROM pg_index i"
                + " WHERE i.indrelid = c.oid AND i.indisreplident), EXISTS (SELECT 1 FROM pg_publication_rel pr"
                + " JOIN pg_publication p ON p.oid = pr.prpubid WHERE p.pubname = ? AND pr.prrelid = c.oid)"
                + " FROM pg_class c WHERE c.oid = ?::oid", rs -> new Object[] {rs.getString(1), rs.getObject(2),
                rs.getBoolean(3)}, PUBLICATION, sourceOid).orElseThrow();
        Jdbc.update(c, "INSERT INTO pgtrickle.pgt_capture (source_relid, kind, replica_identity_before,"
                + " replica_identity_index) VALUES (?::oid, 'WAL', ?::\"char\", ?::bigint::oid)", sourceOid,
                identity[0], identity[1]);
        if (!"f".equals(identity[0])) {
            Jdbc.execute(c, "ALTER TABLE " + source + " REPLICA IDENTITY FULL");
        }
        if (!Boolean.TRUE.equals(identity[2])) {
            Jdbc.execute(c, "ALTER PUBLICATION " + PUBLICATION + " ADD TABLE " + source);
        }
        LOG.debug("attached {} to change capture from the WAL", source);
    }

    /**
     * Makes an attached source fit for capture again, when a stream table over it is reinitialized: replica identity
     * {@code FULL} and a member of the publication (someone may have changed either by hand; the stream tables over
     * it failed then, and the reinitialized one recomputes in full).
     *
     * @param c the connection, in the reinitializing transaction
     * @param sourceOid the source
     * @param source the quoted, qualified source
     * @throws SQLException if the server fails
     */
    static void reassert(Connection c, long sourceOid, String source) throws SQLException {
        Object[] state = Jdbc.queryOne(c, "SELECT c.relreplident::text, EXISTS (SELECT 1 FROM pg_publication_rel pr"
                + " JOIN pg_publication p ON p.oid = pr.prpubid WHERE p.pubname = ? AND pr.prrelid = c.oid)"
                + " FROM pg_class c WHERE c.oid = ?::oid", rs -> new Object[] {rs.getString(1), rs.getBoolean(2)},
                PUBLICATION, sourceOid).orElseThrow();
        if ("f".equals(state[0]) && Boolean.TRUE.equals(state[1])) {
            return;
        }
        Jdbc.execute(c, "LOCK TABLE pgtrickle.pgt_wal IN SHARE ROW EXCLUSIVE MODE");
        Jdbc.execute(c, "LOCK TABLE " + source + " IN SHARE ROW EXCLUSIVE MODE");
        if (!"f".equals(state[0])) {
            Jdbc.execute(c, "ALTER TABLE " + source + " REPLICA IDENTITY FULL");
        }
        if (!Boolean.TRUE.equals(state[1])) {
            Jdbc.execute(c, "ALTER PUBLICATION " + PUBLICATION + " ADD TABLE " + source);
        }
    }

    /**
     * Records the captured columns as the source has them now, which the drain compares each decoded relation with.
     *
     * @param c the connection, in the creating transaction
     * @param sourceOid the source
     * @param columns the buffer's source columns, in buffer order
     * @throws SQLException if the server fails
     */
    static void recordColumns(Connection c, long sourceOid, List<CaptureDdl.SourceColumn> columns)
            throws SQLException {
        Jdbc.update(c, "UPDATE pgtrickle.pgt_capture SET column_names = ?::text[], column_types = ?::bigint[]::oid[],"
                + " column_typmods = ?::integer[] WHERE source_relid = ?::oid",
                columns.stream().map(CaptureDdl.SourceColumn::name).toArray(String[]::new),
                columns.stream().map(col -> col.typeOid()).toArray(Long[]::new),
                columns.stream().map(col -> col.typmod()).toArray(Integer[]::new), sourceOid);
    }

    /**
     * Detaches a source whose last reader goes, in the dropping transaction: it leaves the publication and gets back
     * the replica identity it had (an index that is gone: the default). A source that no longer exists only loses
     * its row.
     *
     * @param c the connection, in the dropping transaction
     * @param sourceOid the source
     * @throws SQLException if the server fails
     */
    static void detach(Connection c, long sourceOid) throws SQLException {
        Optional<Object[]> row = Jdbc.queryOne(c, "DELETE FROM pgtrickle.pgt_capture WHERE source_relid = ?::oid"
                + " RETURNING replica_identity_before::text, (SELECT quote_ident(x.relname) FROM pg_index i"
                + " JOIN pg_class x ON x.oid = i.indexrelid"
                + " WHERE i.indexrelid = replica_identity_index AND i.indrelid = source_relid),"
                + " (SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid = source_relid),"
                + " (SELECT c.relreplident::text FROM pg_class c WHERE c.oid = source_relid)",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}, sourceOid);
        if (row.isEmpty() || row.get()[2] == null) {
            return;
        }
        String source = (String) row.get()[2];
        if (Jdbc.queryOne(c, "SELECT 1 FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
                + " WHERE p.pubname = ? AND pr.prrelid = ?::oid", rs -> 1, PUBLICATION, sourceOid).isPresent()) {
            Jdbc.execute(c, "ALTER PUBLICATION " + PUBLICATION + " DROP TABLE " + source);
        }
        String before = (String) row.get()[0];
        if (!before.equals(row.get()[3])) {
            String identity = switch (before) {
                case "n" -> "NOTHING";
                case "f" -> "FULL";
                case "i" -> row.get()[1] == null ? "DEFAULT" : "USING INDEX " + row.get()[1];
                default -> "DEFAULT";
            };
            Jdbc.execute(c, "ALTER TABLE " + source + " REPLICA IDENTITY " + identity);
        }
        LOG.debug("detached {} from change capture from the WAL", source);
    }

    /**
     * Drops the slot when no source is captured from the WAL any more: an abandoned slot would retain WAL forever.
     * Runs in its own transaction, after the drop that detached the last source committed.
     *
     * @param c a connection in auto-commit mode
     * @throws SQLException if the server fails
     */
    public static void dropSlotIfUnused(Connection c) throws SQLException {
        if (Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_wal w WHERE NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_capture)",
                rs -> 1).isEmpty()) {
            return;
        }
        c.setAutoCommit(false);
        try {
            Jdbc.execute(c, "LOCK TABLE pgtrickle.pgt_wal IN SHARE ROW EXCLUSIVE MODE");
            List<String> slots = Jdbc.query(c, "DELETE FROM pgtrickle.pgt_wal WHERE NOT EXISTS (SELECT 1 FROM"
                    + " pgtrickle.pgt_capture) RETURNING slot_name::text", rs -> rs.getString(1));
            for (String slot : slots) {
                if (slotExists(c, slot)) {
                    Jdbc.queryOne(c, "SELECT pg_drop_replication_slot(?)", rs -> 0, slot);
                    LOG.info("dropped replication slot '{}': no source is captured from the WAL any more", slot);
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}

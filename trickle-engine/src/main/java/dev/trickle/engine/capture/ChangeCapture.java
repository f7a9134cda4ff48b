package dev.trickle.engine.capture;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.sql.CaptureDdl;
import dev.trickle.jooq.sql.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, widens and removes the change capture of sources. Runs inside the caller's transaction, which must hold
 * a {@code SHARE ROW EXCLUSIVE} lock on the source: no writer is in flight and no other engine installs at the
 * same time.
 */
public final class ChangeCapture {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeCapture.class);

    private ChangeCapture() {}

    /**
     * Makes capture of a source record at least {@code columns}, as the source is now: the buffer is created, or
     * widened with the missing columns; buffer columns that the source no longer has as they were are brought up to
     * date (a dropped or renamed column leaves the buffer, a retyped one takes its new type — its pending values are
     * lost, but only stream tables that the change broke read them, and those are reinitialized); then the trigger
     * function is written again, with every column as the source has it now, and the triggers are (re)created.
     *
     * @param c the connection, in the creating or reinitializing transaction
     * @param sourceOid the source
     * @param columns the columns a new reader needs
     * @throws SQLException if the server fails
     */
    public static void ensure(Connection c, long sourceOid, List<String> columns) throws SQLException {
        ensure(c, sourceOid, columns, false);
    }

    /**
     * Makes capture of a source record at least {@code columns}, as {@link #ensure(Connection, long, List)} does,
     * by triggers or from the WAL. A source captured from the WAL gets no triggers: it is attached to the slot when
     * its buffer is created ({@link WalCapture#attach}), and the columns it records are written down for the drain.
     *
     * @param c the connection, in the creating or reinitializing transaction
     * @param sourceOid the source
     * @param columns the columns a new reader needs
     * @param wal whether the source is (or, without a buffer yet, is to be) captured from the WAL
     * @throws SQLException if the server fails
     */
    public static void ensure(Connection c, long sourceOid, List<String> columns, boolean wal) throws SQLException {
        String source = Jdbc.queryOne(c, "SELECT ?::oid::regclass::text", rs -> rs.getString(1), sourceOid)
                .orElseThrow();
        long bufferOid = bufferOid(c, sourceOid);
        boolean created = bufferOid == 0;
        Set<String> recorded = new LinkedHashSet<>(created ? List.of() : bufferColumns(c, bufferOid));
        List<String> missing = columns.stream().filter(col -> !recorded.contains(col)).distinct().toList();
        Set<String> all = new LinkedHashSet<>(recorded);
        all.addAll(missing);
        Map<String, SourceColumns.Described> described = SourceColumns.describe(c, sourceOid, bufferOid, all);
        List<CaptureDdl.Column> added = newBufferColumns(missing, described);
        if (created) {
            Jdbc.execute(c, CaptureDdl.createBuffer(sourceOid, added));
            // an analyzed empty table makes the planner estimate the buffer from its current size; a table never
            // analyzed is assumed to hold hundreds of rows, and small deltas then get hash joins over whole tables
            Jdbc.execute(c, "ANALYZE " + SqlNames.changeBuffer(sourceOid));
        } else {
            bringUpToDate(c, sourceOid, recorded, described);
            if (!added.isEmpty()) {
                Jdbc.execute(c, CaptureDdl.addColumns(sourceOid, added));
            }
        }
        List<CaptureDdl.SourceColumn> captured = new ArrayList<>();
        for (String col : all) {
            if (described.containsKey(col)) {
                captured.add(described.get(col).source());
            }
        }
        if (wal) {
            if (created) {
                WalCapture.attach(c, sourceOid, source);
            } else {
                WalCapture.reassert(c, sourceOid, source);
            }
            WalCapture.recordColumns(c, sourceOid, captured);
        } else {
            for (String sql : CaptureDdl.function(sourceOid, captured)) {
                Jdbc.execute(c, sql);
            }
            for (String trigger : CaptureDdl.triggers(sourceOid, source)) {
                Jdbc.execute(c, trigger);
            }
        }
        if (created || !missing.isEmpty()) {
            LOG.debug("{} change capture of {} ({} columns)", created ? "installed" : "widened", source, captured.size());
        }
    }

    /** Drops the buffer columns the source no longer has, retypes those it has with another type. */
    private static void bringUpToDate(Connection c, long sourceOid, Set<String> recorded,
            Map<String, SourceColumns.Described> described) throws SQLException {
        String buffer = SqlNames.changeBuffer(sourceOid);
        for (String col : recorded) {
            SourceColumns.Described d = described.get(col);
            if (d == null) {
                Jdbc.execute(c, "ALTER TABLE " + buffer + " DROP COLUMN " + SqlNames.quote(col));
                LOG.debug("change buffer of source {}: dropped column {}, which the source no longer has", sourceOid,
                        col);
            } else if (!Boolean.TRUE.equals(d.fitsBuffer())) {
                Jdbc.execute(c, "ALTER TABLE " + buffer + " ALTER COLUMN " + SqlNames.quote(col) + " TYPE "
                        + d.bufferType() + " USING NULL");
                LOG.debug("change buffer of source {}: column {} is now {}", sourceOid, col, d.bufferType());
            }
        }
    }

    /**
     * Removes the capture of the sources that no stream table reads any more.
     *
     * @param c the connection, in the dropping transaction
     * @param sourceOids the sources of the dropped stream table
     * @throws SQLException if the server fails
     */
    public static void removeUnused(Connection c, Collection<Long> sourceOids) throws SQLException {
        for (long oid : sourceOids) {
            boolean used = Jdbc.queryOne(c, "SELECT 1 FROM pgtrickle.pgt_dependencies WHERE source_relid = ?::oid"
                    + " LIMIT 1", rs -> 1, oid).isPresent();
            if (used) {
                continue;
            }
            WalCapture.detach(c, oid);
            if (bufferOid(c, oid) == 0) {
                continue;
            }
            Optional<String> source = Jdbc.queryOne(c, "SELECT oid::regclass::text FROM pg_class WHERE oid = ?::oid",
                    rs -> rs.getString(1), oid);
            for (String sql : CaptureDdl.drop(oid)) {
                Jdbc.execute(c, sql);
            }
            LOG.debug("removed change capture of {}", source.orElse("dropped relation " + oid));
        }
    }

    /**
     * Deletes buffer rows that every reader has consumed: those of transactions older than every reader's frontier
     * (readers without a frontier, not loaded yet, read the source itself when they load). Runs in its own short
     * transaction (auto-commit), after the refresh commits: cleanup is not needed for correctness (frontiers decide
     * what a refresh reads), and running it inside concurrent {@code REPEATABLE READ} refreshes would make them fail
     * on each other's deletes. One plain {@code DELETE} per source, which the connection prepares once: a function
     * looping over the sources with dynamic SQL and a subtransaction per source cost about six times as much.
     *
     * <p>A statement fails only if its buffer is gone (dropped by hand, or with its last reader by a drop that ran
     * between the refresh's {@code COMMIT} and the cleanup) or if the session's {@code statement_timeout} ends a wait
     * for rows that a concurrent cleanup is deleting. The refresh has committed by then: its caller asks the server
     * whether it did ({@code Refresher}).
     *
     * @param sourceOids the sources to clean
     * @return the statements, separated by semicolons
     */
    public static String cleanupStatement(Collection<Long> sourceOids) {
        return sourceOids.stream().sorted()
                .map(oid -> "DELETE FROM " + SqlNames.changeBuffer(oid)
                        + " WHERE \"__pgt_xid\" OPERATOR(pg_catalog.<) (SELECT pg_catalog.min(pg_catalog.pg_snapshot_xmin(d.frontier)) FROM pgtrickle.pgt_dependencies d"
                        + " WHERE d.source_relid OPERATOR(pg_catalog.=) " + oid + ")")
                .collect(java.util.stream.Collectors.joining(";\n"));
    }

    /** Types the buffer columns to add, which the new reader's query was just compiled against. */
    private static List<CaptureDdl.Column> newBufferColumns(List<String> missing,
            Map<String, SourceColumns.Described> described) {
        List<CaptureDdl.Column> added = new ArrayList<>();
        for (String col : missing) {
            SourceColumns.Described d = described.get(col);
            if (d == null) {
                throw new IllegalStateException("internal error: no column " + col);
            }
            added.add(new CaptureDdl.Column(col, d.bufferType()));
        }
        return added;
    }

    /** @return the oid of a source's buffer, or 0 if there is none */
    private static long bufferOid(Connection c, long sourceOid) throws SQLException {
        return Jdbc.queryOne(c, "SELECT coalesce(to_regclass(?)::oid::bigint, 0)", rs -> rs.getLong(1),
                SqlNames.changeBuffer(sourceOid)).orElseThrow();
    }

    /** @return the source columns a buffer records, in order */
    private static List<String> bufferColumns(Connection c, long bufferOid) throws SQLException {
        return Jdbc.query(c, "SELECT attname FROM pg_attribute WHERE attrelid = ?::oid AND attnum > 0"
                + " AND NOT attisdropped AND attname NOT IN ('__pgt_xid', '__pgt_w') ORDER BY attnum",
                rs -> rs.getString(1), bufferOid);
    }
}

package dev.trickle.engine.capture;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.ddl.CaptureDdl;
import dev.trickle.jooq.ddl.SqlNames;
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
     * Makes sure a source's buffer records at least {@code columns}, and that its triggers are in place. When the
     * buffer is created or widened, the function is written again for every buffer column: each as the source has
     * it now if the buffer column still fits it, otherwise as changed, so that statements write only the marker
     * rather than copy a column of another type.
     *
     * @param c the connection, in the creating transaction
     * @param sourceOid the source
     * @param columns the columns a new reader needs
     * @throws SQLException if the server fails
     */
    public static void ensure(Connection c, long sourceOid, List<String> columns) throws SQLException {
        String source = Jdbc.queryOne(c, "SELECT ?::oid::regclass::text", rs -> rs.getString(1), sourceOid)
                .orElseThrow();
        long bufferOid = bufferOid(c, sourceOid);
        boolean created = bufferOid == 0;
        Set<String> recorded = new LinkedHashSet<>(created ? List.of() : bufferColumns(c, bufferOid));
        List<String> missing = columns.stream().filter(col -> !recorded.contains(col)).distinct().toList();
        if (!created && missing.isEmpty()) {
            return;
        }
        recorded.addAll(missing);
        Map<String, SourceColumns.Described> described = SourceColumns.describe(c, sourceOid, bufferOid, recorded);
        List<CaptureDdl.Column> added = newBufferColumns(missing, described);
        if (created) {
            Jdbc.execute(c, CaptureDdl.createBuffer(sourceOid, added));
            // an analyzed empty table makes the planner estimate the buffer from its current size; a table never
            // analyzed is assumed to hold hundreds of rows, and small deltas then get hash joins over whole tables
            Jdbc.execute(c, "ANALYZE " + SqlNames.changeBuffer(sourceOid));
        } else {
            Jdbc.execute(c, CaptureDdl.addColumns(sourceOid, added));
        }
        for (String sql : CaptureDdl.function(sourceOid, captured(recorded, missing, described))) {
            Jdbc.execute(c, sql);
        }
        for (String trigger : CaptureDdl.triggers(sourceOid, source)) {
            Jdbc.execute(c, trigger);
        }
        LOG.info("{} change capture of {} ({} columns)", created ? "installed" : "widened", source, recorded.size());
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
            if (used || bufferOid(c, oid) == 0) {
                continue;
            }
            Optional<String> source = Jdbc.queryOne(c, "SELECT oid::regclass::text FROM pg_class WHERE oid = ?::oid",
                    rs -> rs.getString(1), oid);
            for (String sql : CaptureDdl.drop(oid)) {
                Jdbc.execute(c, sql);
            }
            LOG.info("removed change capture of {}", source.orElse("dropped relation " + oid));
        }
    }

    /**
     * Deletes buffer rows that every reader has consumed: those of transactions older than every reader's
     * frontier ({@code pgtrickle.cleanup_buffers}). Runs in its own short transaction (auto-commit), after the
     * refresh commits: cleanup is not needed for correctness (frontiers decide what a refresh reads), and running it
     * inside concurrent {@code REPEATABLE READ} refreshes would make them fail on each other's deletes.
     *
     * @param sourceOids the sources to clean
     * @return the statement, which never fails and returns the number of rows deleted
     */
    public static String cleanupStatement(Collection<Long> sourceOids) {
        return "SELECT pgtrickle.cleanup_buffers('{" + sourceOids.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",")) + "}'::bigint[])";
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

    /** Describes each buffer column for the function: as the source has it, or as changed if it no longer fits. */
    private static List<CaptureDdl.SourceColumn> captured(Collection<String> recorded, List<String> added,
            Map<String, SourceColumns.Described> described) {
        List<CaptureDdl.SourceColumn> captured = new ArrayList<>();
        for (String col : recorded) {
            SourceColumns.Described d = described.get(col);
            boolean fits = d != null && (added.contains(col) || Boolean.TRUE.equals(d.fitsBuffer()));
            captured.add(fits ? d.source() : CaptureDdl.SourceColumn.changed(col));
        }
        return captured;
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

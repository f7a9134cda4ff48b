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
     * Makes sure a source's buffer records at least {@code columns}, and that its triggers are in place.
     *
     * @param c the connection, in the creating transaction
     * @param sourceOid the source
     * @param columns the columns a new reader needs
     * @throws SQLException if the server fails
     */
    public static void ensure(Connection c, long sourceOid, List<String> columns) throws SQLException {
        String source = Jdbc.queryOne(c, "SELECT ?::oid::regclass::text", rs -> rs.getString(1), sourceOid)
                .orElseThrow();
        List<String> existing = bufferColumns(c, sourceOid);
        boolean created = existing == null;
        Set<String> recorded = new LinkedHashSet<>(created ? List.of() : existing);
        List<String> missing = columns.stream().filter(col -> !recorded.contains(col)).toList();
        if (created) {
            Jdbc.execute(c, CaptureDdl.createBuffer(sourceOid, types(c, sourceOid, missing)));
            // an analyzed empty table makes the planner estimate the buffer from its current size; a table never
            // analyzed is assumed to hold hundreds of rows, and small deltas then get hash joins over whole tables
            Jdbc.execute(c, "ANALYZE " + SqlNames.changeBuffer(sourceOid));
        } else if (!missing.isEmpty()) {
            Jdbc.execute(c, CaptureDdl.addColumns(sourceOid, types(c, sourceOid, missing)));
        }
        if (created || !missing.isEmpty()) {
            recorded.addAll(missing);
            Jdbc.execute(c, CaptureDdl.function(sourceOid, new ArrayList<>(recorded)));
            for (String trigger : CaptureDdl.triggers(sourceOid, source)) {
                Jdbc.execute(c, trigger);
            }
            LOG.info("{} change capture of {} ({} columns)", created ? "installed" : "widened", source,
                    recorded.size());
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
            if (used || bufferColumns(c, oid) == null) {
                continue;
            }
            Optional<String> source = Jdbc.queryOne(c, "SELECT oid::regclass::text FROM pg_class WHERE oid = ?::oid",
                    rs -> rs.getString(1), oid);
            for (String sql : CaptureDdl.drop(oid, source.orElse(null))) {
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

    /** @return the source columns the buffer records, in order, or {@code null} if there is no buffer */
    private static List<String> bufferColumns(Connection c, long sourceOid) throws SQLException {
        Optional<Long> buffer = Jdbc.queryOne(c, "SELECT to_regclass(?)::oid::bigint",
                rs -> rs.getObject(1) == null ? null : rs.getLong(1), SqlNames.changeBuffer(sourceOid));
        if (buffer.isEmpty() || buffer.get() == null) {
            return null;
        }
        return Jdbc.query(c, "SELECT attname FROM pg_attribute WHERE attrelid = ?::oid AND attnum > 0"
                + " AND NOT attisdropped AND attname NOT IN ('__pgt_xid', '__pgt_w') ORDER BY attnum",
                rs -> rs.getString(1), buffer.get());
    }

    /** Spells the columns' types schema-qualified where needed, whatever the search path. */
    private static List<CaptureDdl.Column> types(Connection c, long sourceOid, List<String> columns)
            throws SQLException {
        String path = Jdbc.queryOne(c, "SELECT current_setting('search_path')", rs -> rs.getString(1)).orElseThrow();
        Jdbc.queryOne(c, "SELECT set_config('search_path', 'pg_catalog', true)", rs -> 0);
        try {
            List<CaptureDdl.Column> result = new ArrayList<>();
            for (String col : columns) {
                String type = Jdbc.queryOne(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                                + " WHERE attrelid = ?::oid AND attname = ? AND NOT attisdropped",
                                rs -> rs.getString(1), sourceOid, col)
                        .orElseThrow(() -> new IllegalStateException("internal error: no column " + col));
                result.add(new CaptureDdl.Column(col, type));
            }
            return result;
        } finally {
            Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, path);
        }
    }
}

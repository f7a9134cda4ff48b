package dev.trickle.engine.catalog;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.model.SourceRelation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads and writes the catalog tables. Every method runs on the caller's connection and transaction. */
public final class Catalog {
    private static final String COLUMNS = """
            pgt_id, pgt_relid, pgt_schema, pgt_name, defining_query, search_path, refresh_mode, effective_mode,
            fallback_reason, row_identity, generation, schedule, status,
            data_timestamp, consecutive_errors, last_error, created_at, diamond_consistency, diamond_schedule_policy,
            is_populated""";

    private Catalog() {}

    /**
     * The values of a new catalog row; {@code populated} is false for a stream table whose storage is not loaded yet
     * (its first refresh loads it).
     */
    public record NewStreamTable(
            long relid,
            TableName name,
            String query,
            String searchPath,
            RefreshMode refreshMode,
            RefreshMode effectiveMode,
            @Nullable String fallbackReason,
            String rowIdentity,
            @Nullable String schedule,
            String diamondConsistency,
            String diamondSchedulePolicy,
            boolean populated) {}

    /**
     * Looks a stream table up by qualified name.
     *
     * @param c the connection
     * @param name a qualified name
     * @param forUpdate whether to lock the row
     * @return the row, or empty
     * @throws SQLException if the server fails
     */
    public static Optional<StreamTableRow> find(Connection c, TableName name, boolean forUpdate) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM pgtrickle.pgt_stream_tables"
                + " WHERE pgt_schema = ? AND pgt_name = ?" + (forUpdate ? " FOR UPDATE" : ""),
                Catalog::row, name.schema(), name.name());
    }

    /**
     * Looks a stream table up by id.
     *
     * @param c the connection
     * @param id the catalog id
     * @return the row, or empty
     * @throws SQLException if the server fails
     */
    public static Optional<StreamTableRow> find(Connection c, long id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM pgtrickle.pgt_stream_tables WHERE pgt_id = ?",
                Catalog::row, id);
    }

    /**
     * Lists every stream table.
     *
     * @param c the connection
     * @return the rows, ordered by schema and name
     * @throws SQLException if the server fails
     */
    public static List<StreamTableRow> all(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT " + COLUMNS + " FROM pgtrickle.pgt_stream_tables ORDER BY pgt_schema, pgt_name",
                Catalog::row);
    }

    /**
     * Inserts a stream table.
     *
     * @param c the connection
     * @param st the values
     * @return the new catalog id
     * @throws SQLException if the server fails, for example on a duplicate name
     */
    public static long insert(Connection c, NewStreamTable st) throws SQLException {
        return Jdbc.queryOne(c, """
                        INSERT INTO pgtrickle.pgt_stream_tables (pgt_relid, pgt_schema, pgt_name, defining_query,
                            search_path, refresh_mode, effective_mode, fallback_reason, row_identity, schedule,
                            diamond_consistency, diamond_schedule_policy, is_populated, data_timestamp, last_refresh_at)
                        VALUES (?::oid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END,
                                CASE WHEN ? THEN now() END)
                        RETURNING pgt_id""",
                        rs -> rs.getLong(1),
                        st.relid(), st.name().schema(), st.name().name(), st.query(), st.searchPath(),
                        st.refreshMode().name(), st.effectiveMode().name(), st.fallbackReason(), st.rowIdentity(),
                        st.schedule(), st.diamondConsistency(), st.diamondSchedulePolicy(), st.populated(),
                        st.populated(), st.populated())
                .orElseThrow();
    }

    /**
     * Records that a stream table reads a source, with the frontier of the statement's snapshot and what the source
     * looks like now ({@code pgtrickle.source_state}), which every refresh compares with.
     *
     * @param c the connection, in the transaction whose snapshot is the frontier
     * @param streamTableId the reader
     * @param source the source
     * @param columnsUsed the source columns the reader's differential refresh reads, or {@code null}
     * @throws SQLException if the server fails
     */
    public static void insertDependency(Connection c, long streamTableId, SourceRelation source,
            @Nullable List<String> columnsUsed) throws SQLException {
        Jdbc.update(c, """
                INSERT INTO pgtrickle.pgt_dependencies
                    (pgt_id, source_relid, source_schema, source_name, source_type, frontier, columns_used,
                     source_state)
                VALUES (?, ?::oid, ?, ?, ?, pg_current_snapshot(), ?, pgtrickle.source_state(?::oid))""",
                streamTableId, source.oid(), source.schema(), source.name(), source.kind().name(),
                columnsUsed == null ? null : c.createArrayOf("text", columnsUsed.toArray()), source.oid());
    }

    /**
     * Records what a stream table's storage table looks like now ({@code pgtrickle.source_state}), which every refresh
     * compares with.
     *
     * @param c the connection, in the transaction that created or changed the storage table
     * @param streamTableId the stream table
     * @throws SQLException if the server fails
     */
    public static void recordStorageState(Connection c, long streamTableId) throws SQLException {
        Jdbc.update(c, "UPDATE pgtrickle.pgt_stream_tables SET storage_state = pgtrickle.source_state(pgt_relid)"
                + " WHERE pgt_id = ?", streamTableId);
    }

    /**
     * Locks a stream table's storage table, if it still exists, inside the caller's transaction: {@code EXCLUSIVE}
     * waits for a refresh of it (refreshes hold that lock) and keeps new ones off; {@code ACCESS EXCLUSIVE} also keeps
     * readers off, before the table is dropped.
     *
     * @param c the connection, in a transaction with a lock timeout
     * @param streamTable the stream table
     * @param mode {@code EXCLUSIVE} or {@code ACCESS EXCLUSIVE}
     * @throws SQLException if the server fails, or the lock timeout runs out
     */
    public static void lockStorage(Connection c, StreamTableRow streamTable, String mode) throws SQLException {
        if (!mode.equals("EXCLUSIVE") && !mode.equals("ACCESS EXCLUSIVE")) {
            throw new IllegalArgumentException("internal error: lock mode " + mode);
        }
        Optional<String> storage = Jdbc.queryOne(c, "SELECT oid::regclass::text FROM pg_class WHERE oid = ?::oid",
                rs -> rs.getString(1), streamTable.relid());
        if (storage.isPresent()) {
            Jdbc.execute(c, "LOCK TABLE " + storage.get() + " IN " + mode + " MODE");
        }
    }

    /**
     * Lists the sources of a stream table.
     *
     * @param c the connection
     * @param streamTableId the reader
     * @return its dependencies, ordered by source name
     * @throws SQLException if the server fails
     */
    public static List<DependencyRow> dependencies(Connection c, long streamTableId) throws SQLException {
        return Jdbc.query(c, """
                SELECT pgt_id, source_relid::bigint, source_schema, source_name, source_type
                  FROM pgtrickle.pgt_dependencies WHERE pgt_id = ? ORDER BY source_schema, source_name""",
                rs -> new DependencyRow(rs.getLong(1), rs.getLong(2), new TableName(rs.getString(3), rs.getString(4)),
                        SourceRelation.Kind.valueOf(rs.getString(5))),
                streamTableId);
    }

    /**
     * Changes the options of a stream table that need no new storage.
     *
     * @param c the connection
     * @param id the stream table
     * @param schedule the canonical schedule, or {@code null} for calculated
     * @param diamondConsistency {@code atomic} or {@code none}
     * @param diamondSchedulePolicy {@code fastest} or {@code slowest}
     * @throws SQLException if the server fails
     */
    public static void updateOptions(Connection c, long id, @Nullable String schedule, String diamondConsistency,
            String diamondSchedulePolicy) throws SQLException {
        Jdbc.update(c, """
                UPDATE pgtrickle.pgt_stream_tables
                   SET schedule = ?, diamond_consistency = ?, diamond_schedule_policy = ?, updated_at = clock_timestamp()
                 WHERE pgt_id = ?""", schedule, diamondConsistency, diamondSchedulePolicy, id);
    }

    /**
     * Makes a stream table ACTIVE and clears its error count.
     *
     * @param c the connection
     * @param name a qualified name
     * @return the status it had, or empty if no stream table has that name
     * @throws SQLException if the server fails
     */
    public static Optional<StreamTableStatus> resume(Connection c, TableName name) throws SQLException {
        return Jdbc.queryOne(c, """
                WITH old AS (SELECT pgt_id, status FROM pgtrickle.pgt_stream_tables
                              WHERE pgt_schema = ? AND pgt_name = ? FOR UPDATE)
                UPDATE pgtrickle.pgt_stream_tables s
                   SET status = 'ACTIVE', consecutive_errors = 0, last_error = NULL, updated_at = clock_timestamp()
                  FROM old WHERE s.pgt_id = old.pgt_id
                RETURNING old.status""", rs -> StreamTableStatus.valueOf(rs.getString(1)), name.schema(), name.name());
    }

    /**
     * Lists the stream tables that read a stream table.
     *
     * @param c the connection
     * @param streamTable the stream table
     * @return the readers, ordered by schema and name
     * @throws SQLException if the server fails
     */
    public static List<TableName> readers(Connection c, StreamTableRow streamTable) throws SQLException {
        return Jdbc.query(c, """
                SELECT s.pgt_schema, s.pgt_name FROM pgtrickle.pgt_dependencies d
                  JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = d.pgt_id
                 WHERE d.source_relid = ?::oid AND d.pgt_id <> ? ORDER BY 1, 2""",
                rs -> new TableName(rs.getString(1), rs.getString(2)), streamTable.relid(), streamTable.id());
    }

    /**
     * Drops a stream table's storage table (if it still exists) and deletes its catalog rows, inside the caller's
     * transaction.
     *
     * @param c the connection
     * @param streamTable the stream table
     * @throws SQLException if the server fails, for example when a view of the user's reads the storage table
     */
    public static void dropStorageAndRows(Connection c, StreamTableRow streamTable) throws SQLException {
        Optional<String> storage = Jdbc.queryOne(c, "SELECT oid::regclass::text FROM pg_class WHERE oid = ?::oid",
                rs -> rs.getString(1), streamTable.relid());
        if (storage.isPresent()) {
            Jdbc.execute(c, "DROP TABLE " + storage.get());
        }
        delete(c, streamTable.id());
    }

    /**
     * Deletes a stream table's catalog rows (dependencies and history cascade).
     *
     * @param c the connection
     * @param streamTableId the stream table
     * @throws SQLException if the server fails
     */
    public static void delete(Connection c, long streamTableId) throws SQLException {
        Jdbc.update(c, "DELETE FROM pgtrickle.pgt_stream_tables WHERE pgt_id = ?", streamTableId);
    }

    private static StreamTableRow row(ResultSet rs) throws SQLException {
        return new StreamTableRow(
                rs.getLong("pgt_id"),
                rs.getLong("pgt_relid"),
                new TableName(rs.getString("pgt_schema"), rs.getString("pgt_name")),
                rs.getString("defining_query"),
                rs.getString("search_path"),
                RefreshMode.valueOf(rs.getString("refresh_mode")),
                RefreshMode.valueOf(rs.getString("effective_mode")),
                rs.getString("fallback_reason"),
                rs.getString("row_identity"),
                rs.getLong("generation"),
                rs.getString("schedule"),
                StreamTableStatus.valueOf(rs.getString("status")),
                instant(rs.getTimestamp("data_timestamp")),
                rs.getInt("consecutive_errors"),
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("diamond_consistency"),
                rs.getString("diamond_schedule_policy"),
                rs.getBoolean("is_populated"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

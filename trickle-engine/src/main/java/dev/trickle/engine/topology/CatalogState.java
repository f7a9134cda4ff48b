package dev.trickle.engine.topology;

import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the dependency graph is built from, and what the scheduler needs of the catalog for one tick: every stream table's status, schedule and data timestamp,
 * and what each reads. Read in two queries.
 *
 * @param tables the stream tables, by name
 * @param sources the relations each stream table reads, by the stream table's name
 */
public record CatalogState(Map<TableName, Table> tables, Map<TableName, List<TableName>> sources) {

    /**
     * One stream table as the scheduler sees it.
     *
     * @param owner the role that owns its storage table, or {@code null} if the storage table is gone
     * @param mine whether this engine's role may refresh it: it owns the storage table, directly or through a role it
     *     inherits from (a missing storage table counts as refreshable: the refresh reports it)
     */
    public record Table(long id, TableName name, StreamTableStatus status, @Nullable String schedule,
            @Nullable Instant dataTimestamp, int consecutiveErrors, String diamondConsistency,
            String diamondSchedulePolicy, @Nullable String owner, boolean mine) {

        /** A stream table whose storage table this engine's role owns (its owner's name unknown). */
        public Table(long id, TableName name, StreamTableStatus status, @Nullable String schedule,
                @Nullable Instant dataTimestamp, int consecutiveErrors, String diamondConsistency,
                String diamondSchedulePolicy) {
            this(id, name, status, schedule, dataTimestamp, consecutiveErrors, diamondConsistency,
                    diamondSchedulePolicy, null, true);
        }
    }

    /**
     * Reads the catalog.
     *
     * @param c a connection
     * @return every stream table and what it reads
     * @throws SQLException if the server fails
     */
    public static CatalogState load(Connection c) throws SQLException {
        Map<TableName, Table> tables = new LinkedHashMap<>();
        Map<Long, TableName> byId = new HashMap<>();
        for (Table t : Jdbc.query(c, """
                SELECT s.pgt_id, s.pgt_schema, s.pgt_name, s.status, s.schedule, s.data_timestamp,
                       s.consecutive_errors, s.diamond_consistency, s.diamond_schedule_policy, r.rolname,
                       coalesce(pg_has_role(c.relowner, 'USAGE'), true)
                  FROM pgtrickle.pgt_stream_tables s
                  LEFT JOIN pg_class c ON c.oid = s.pgt_relid
                  LEFT JOIN pg_roles r ON r.oid = c.relowner
                 ORDER BY s.pgt_schema, s.pgt_name""",
                rs -> new Table(rs.getLong(1), new TableName(rs.getString(2), rs.getString(3)),
                        StreamTableStatus.valueOf(rs.getString(4)), rs.getString(5), instant(rs.getTimestamp(6)),
                        rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getBoolean(11)))) {
            tables.put(t.name(), t);
            byId.put(t.id(), t.name());
        }
        Map<TableName, List<TableName>> sources = new LinkedHashMap<>();
        tables.keySet().forEach(n -> sources.put(n, new ArrayList<>()));
        for (Object[] d : Jdbc.query(c, """
                SELECT d.pgt_id, coalesce(u.pgt_schema, d.source_schema), coalesce(u.pgt_name, d.source_name)
                  FROM pgtrickle.pgt_dependencies d
                  LEFT JOIN pgtrickle.pgt_stream_tables u ON u.pgt_relid = d.source_relid
                 ORDER BY 1, 2, 3""",
                rs -> new Object[] {rs.getLong(1), new TableName(rs.getString(2), rs.getString(3))})) {
            TableName reader = byId.get((Long) d[0]);
            if (reader != null) {
                sources.get(reader).add((TableName) d[1]);
            }
        }
        return new CatalogState(tables, sources);
    }

    /** @return a value that changes whenever a stream table, its schedule or its sources change */
    public int shapeFingerprint() {
        int hash = 1;
        for (Table t : tables.values()) {
            hash = 31 * hash + Objects.hash(t.id(), t.name(), t.schedule(), t.diamondConsistency(),
                    t.diamondSchedulePolicy());
        }
        return 31 * hash + sources.hashCode();
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

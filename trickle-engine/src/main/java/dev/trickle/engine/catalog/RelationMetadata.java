package dev.trickle.engine.catalog;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.model.SourceRelation;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the compiler needs to know about relations from PostgreSQL's catalog. */
public final class RelationMetadata {
    private RelationMetadata() {}

    /**
     * Resolves a relation name as the server would in a query, through the connection's {@code search_path}.
     *
     * @param c the connection
     * @param parts the name as written: one or two identifier parts, exactly spelled
     * @return the relation's OID, or empty if no such relation is visible
     * @throws SQLException if the server fails
     */
    public static Optional<Long> resolve(Connection c, List<String> parts) throws SQLException {
        if (parts.size() > 2) {
            return Optional.empty();
        }
        String quoted = String.join(".", parts.stream().map(dev.trickle.jooq.sql.SqlNames::quote).toList());
        return Jdbc.queryOne(c, "SELECT to_regclass(?)::oid::bigint", rs -> {
            long oid = rs.getLong(1);
            return rs.wasNull() ? null : oid;
        }, quoted).filter(java.util.Objects::nonNull);
    }

    /**
     * Describes relations by OID.
     *
     * @param c the connection
     * @param oids the relations
     * @return one description per OID, in the given order
     * @throws SQLException if the server fails
     */
    public static List<SourceRelation> describe(Connection c, List<Long> oids) throws SQLException {
        if (oids.isEmpty()) {
            return List.of();
        }
        Array ids = c.createArrayOf("bigint", oids.toArray());
        Map<Long, List<SourceRelation.Column>> columns = new HashMap<>();
        for (Object[] col : Jdbc.query(c, """
                SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod)
                  FROM pg_attribute a
                 WHERE a.attrelid = ANY (?::bigint[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attrelid, a.attnum""",
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}, ids)) {
            columns.computeIfAbsent((Long) col[0], k -> new ArrayList<>())
                    .add(new SourceRelation.Column((String) col[1], (String) col[2], true));
        }
        Map<Long, List<String>> keys = new HashMap<>();
        // the key the catalog's source state records (see v5.sql): the primary key, else the replica identity index,
        // else a unique index whose columns are all NOT NULL; a refresh fails if it changes
        for (Object[] key : Jdbc.query(c, """
                SELECT s.rel::bigint, a.attname
                  FROM pgtrickle.source_states(?::bigint[]::oid[]) s
                  CROSS JOIN LATERAL jsonb_array_elements_text(s.state -> 'key') WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = s.rel AND a.attnum = k.attnum::int2
                 ORDER BY s.rel, k.ord""",
                rs -> new Object[] {rs.getLong(1), rs.getString(2)}, ids)) {
            keys.computeIfAbsent((Long) key[0], k -> new ArrayList<>()).add((String) key[1]);
        }
        Map<Long, SourceRelation> byOid = new HashMap<>();
        for (SourceRelation r : Jdbc.query(c, """
                SELECT c.oid::bigint, n.nspname, c.relname,
                       CASE WHEN c.relkind = 'r' AND c.relpersistence = 'u' THEN 'u' ELSE c.relkind::text END,
                       EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_relid = c.oid)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.oid = ANY (?::bigint[]::oid[])""",
                rs -> {
                    long oid = rs.getLong(1);
                    return new SourceRelation(oid, rs.getString(2), rs.getString(3),
                            kind(rs.getString(4), rs.getBoolean(5)),
                            columns.getOrDefault(oid, List.of()), keys.getOrDefault(oid, List.of()));
                },
                ids)) {
            byOid.put(r.oid(), r);
        }
        List<SourceRelation> result = new ArrayList<>();
        for (Long oid : oids) {
            SourceRelation r = byOid.get(oid);
            if (r != null) {
                result.add(r);
            }
        }
        return result;
    }

    private static SourceRelation.Kind kind(String relkind, boolean isStreamTable) {
        if (isStreamTable) {
            return SourceRelation.Kind.STREAM_TABLE;
        }
        return switch (relkind) {
            case "r" -> SourceRelation.Kind.TABLE;
            case "u" -> SourceRelation.Kind.UNLOGGED_TABLE;
            case "p" -> SourceRelation.Kind.PARTITIONED_TABLE;
            case "v" -> SourceRelation.Kind.VIEW;
            case "m" -> SourceRelation.Kind.MATERIALIZED_VIEW;
            case "f" -> SourceRelation.Kind.FOREIGN_TABLE;
            default -> SourceRelation.Kind.OTHER;
        };
    }
}

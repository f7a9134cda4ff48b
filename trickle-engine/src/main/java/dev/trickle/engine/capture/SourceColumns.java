package dev.trickle.engine.capture;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.sql.CaptureDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads what capture needs to know of a source's columns, all in one query: number, type and modifier (for the
 * function's check that the column did not change), the base type of a domain (the buffer column's type) and
 * whether an existing buffer column still has that type.
 */
final class SourceColumns {
    /**
     * Walks each column's type down its domains ({@code getBaseTypeAndTypmod}: each domain's {@code typtypmod}
     * applies to its base; a domain takes no modifier of its own) and compares the base type with the buffer column
     * of the same name. {@code format_type} qualifies types not on the search path, which the caller pins.
     */
    private static final String QUERY = """
            WITH RECURSIVE col (attname, attnum, atttypid, atttypmod, base, basemod) AS (
                SELECT a.attname, a.attnum, a.atttypid, a.atttypmod, a.atttypid, a.atttypmod
                  FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY (?)
                UNION ALL
                SELECT c.attname, c.attnum, c.atttypid, c.atttypmod, t.typbasetype, t.typtypmod
                  FROM col c JOIN pg_catalog.pg_type t ON t.oid = c.base AND t.typtype = 'd'
            )
            SELECT c.attname, c.attnum, c.atttypid::bigint, c.atttypmod, pg_catalog.format_type(c.base, c.basemod),
                   b.atttypid = c.base AND b.atttypmod = c.basemod
              FROM col c
              JOIN pg_catalog.pg_type t ON t.oid = c.base AND t.typtype <> 'd'
              LEFT JOIN pg_catalog.pg_attribute b ON b.attrelid = ?::oid AND b.attname = c.attname
                   AND b.attnum > 0 AND NOT b.attisdropped""";

    private SourceColumns() {}

    /**
     * A source column.
     *
     * @param source as the capture function checks it
     * @param bufferType the base type, as the buffer column's type
     * @param fitsBuffer whether the buffer has a column of this name and type; {@code null} if it has no such column
     */
    record Described(CaptureDdl.SourceColumn source, String bufferType, @Nullable Boolean fitsBuffer) {}

    /**
     * Describes source columns by name; names the source no longer has are left out.
     *
     * @param c the connection; its search path is pinned to {@code pg_catalog} for the query
     * @param sourceOid the source
     * @param bufferOid its buffer, or 0 if there is none yet
     * @param names the columns
     * @return the columns found, by name
     * @throws SQLException if the server fails
     */
    static Map<String, Described> describe(Connection c, long sourceOid, long bufferOid, Collection<String> names)
            throws SQLException {
        String path = Jdbc.queryOne(c, "SELECT current_setting('search_path')", rs -> rs.getString(1)).orElseThrow();
        Jdbc.queryOne(c, "SELECT set_config('search_path', 'pg_catalog', true)", rs -> 0);
        try {
            Map<String, Described> result = new LinkedHashMap<>();
            for (Described d : Jdbc.query(c, QUERY, rs -> new Described(new CaptureDdl.SourceColumn(rs.getString(1),
                            rs.getInt(2), rs.getLong(3), rs.getInt(4)), rs.getString(5),
                            (Boolean) rs.getObject(6)),
                    sourceOid, names.toArray(String[]::new), bufferOid)) {
                result.put(d.source().name(), d);
            }
            return result;
        } finally {
            Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, path);
        }
    }
}

package dev.trickle.engine.catalog;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.OutputColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the server what a defining query is: it creates a temporary view of the query, which makes the server parse,
 * resolve and type-check it exactly as it will run, then reads the view's columns and the relations its rewrite
 * rule depends on. Must run in a transaction that the caller rolls back, so the view never outlives the check.
 */
public final class QueryProbe {
    private static final String VIEW = "pg_temp.\"__pgt_probe\"";

    private QueryProbe() {}

    /**
     * What the server says about a query.
     *
     * @param columns the output columns, in order
     * @param sourceOids the relations the query reads (tables, views, stream tables), in OID order
     */
    public record Description(List<OutputColumn> columns, List<Long> sourceOids) {}

    /**
     * Describes a query.
     *
     * @param c a connection inside a transaction the caller will roll back
     * @param query the defining query
     * @return the description
     * @throws SQLException if the server rejects the query; the transaction is then aborted
     */
    public static Description describe(Connection c, String query) throws SQLException {
        createView(c, query);
        List<String[]> cols = Jdbc.query(c, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = '" + VIEW + "'::regclass AND attnum > 0 ORDER BY attnum",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        List<Long> sources = Jdbc.query(c, "SELECT DISTINCT d.refobjid::bigint FROM pg_depend d"
                + " JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
                + " WHERE r.ev_class = '" + VIEW + "'::regclass AND d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid <> r.ev_class ORDER BY 1", rs -> rs.getLong(1));
        Map<String, Boolean> equality = new HashMap<>();
        List<OutputColumn> columns = new ArrayList<>();
        for (String[] col : cols) {
            boolean eq = equality.computeIfAbsent(col[1], type -> hasEquality(c, type));
            columns.add(new OutputColumn(col[0], col[1], eq));
        }
        Jdbc.execute(c, "DROP VIEW " + VIEW);
        return new Description(columns, sources);
    }

    /**
     * Lists the base types of a query's output columns: domains resolved to the type they are over, without type
     * modifiers ({@code numeric}, not {@code numeric(12,2)}), as {@code format_type} spells them.
     *
     * @param c a connection inside a transaction the caller will roll back
     * @param query the query
     * @return the types, in column order
     * @throws SQLException if the server rejects the query; the transaction is then aborted
     */
    public static List<String> baseTypes(Connection c, String query) throws SQLException {
        createView(c, query);
        List<String> types = Jdbc.query(c, """
                WITH RECURSIVE t(attnum, typ) AS (
                    SELECT a.attnum, a.atttypid FROM pg_attribute a
                     WHERE a.attrelid = '%s'::regclass AND a.attnum > 0
                    UNION ALL
                    SELECT t.attnum, y.typbasetype FROM t JOIN pg_type y ON y.oid = t.typ WHERE y.typtype = 'd')
                SELECT format_type(t.typ, NULL) FROM t JOIN pg_type y ON y.oid = t.typ
                 WHERE y.typtype <> 'd' ORDER BY t.attnum""".formatted(VIEW), rs -> rs.getString(1));
        Jdbc.execute(c, "DROP VIEW " + VIEW);
        return types;
    }

    private static void createView(Connection c, String query) throws SQLException {
        Jdbc.execute(c, "CREATE TEMP VIEW \"__pgt_probe\" AS\n" + query + "\n");
    }

    /** Tries {@code IS NOT DISTINCT FROM} on the type in a savepoint: json, xml, point... have no equality. */
    private static boolean hasEquality(Connection c, String type) {
        try {
            Jdbc.execute(c, "SAVEPOINT \"__pgt_eq\"");
            try {
                Jdbc.execute(c, "SELECT NULL::" + type + " IS NOT DISTINCT FROM NULL::" + type);
                Jdbc.execute(c, "RELEASE SAVEPOINT \"__pgt_eq\"");
                return true;
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT \"__pgt_eq\"");
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("internal error: cannot probe type " + type, e);
        }
    }
}

package dev.trickle.engine.definition;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.model.OutputColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Asks the server what a defining query is: it creates a view of the query, which makes the server parse, resolve
 * and type-check it exactly as it will run, then reads the view's columns and the relations its rewrite rule depends
 * on. The view lives in schema {@code pgtrickle} (so no {@code TEMP} privilege is needed) under a name of its own per
 * call, and must be created in a transaction that the caller rolls back: nobody ever sees it.
 */
final class QueryProbe {

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
    static Description describe(Connection c, String query) throws SQLException {
        String view = createView(c, query);
        List<String[]> cols = Jdbc.query(c, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = '" + view + "'::regclass AND attnum > 0 ORDER BY attnum",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        List<Long> sources = reads(c, "'" + view + "'::regclass");
        Map<String, Boolean> equality = new HashMap<>();
        List<OutputColumn> columns = new ArrayList<>();
        for (String[] col : cols) {
            boolean eq = equality.computeIfAbsent(col[1], type -> hasEquality(c, type));
            columns.add(new OutputColumn(col[0], col[1], eq));
        }
        Jdbc.execute(c, "DROP VIEW " + view);
        return new Description(columns, sources);
    }

    /**
     * Lists the relations a view's rewrite rule depends on: those its query reads.
     *
     * @param c a connection
     * @param view an SQL expression of type {@code regclass} or {@code oid} naming the view
     * @return their OIDs, in order
     * @throws SQLException if the server fails
     */
    static List<Long> reads(Connection c, String view) throws SQLException {
        return Jdbc.query(c, "SELECT DISTINCT d.refobjid::bigint FROM pg_depend d"
                + " JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
                + " WHERE r.ev_class = " + view + " AND d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid <> r.ev_class ORDER BY 1", rs -> rs.getLong(1));
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
    static List<String> baseTypes(Connection c, String query) throws SQLException {
        String view = createView(c, query);
        List<String> types = Jdbc.query(c, """
                WITH RECURSIVE t(attnum, typ) AS (
                    SELECT a.attnum, a.atttypid FROM pg_attribute a
                     WHERE a.attrelid = '%s'::regclass AND a.attnum > 0
                    UNION ALL
                    SELECT t.attnum, y.typbasetype FROM t JOIN pg_type y ON y.oid = t.typ WHERE y.typtype = 'd')
                SELECT format_type(t.typ, NULL) FROM t JOIN pg_type y ON y.oid = t.typ
                 WHERE y.typtype <> 'd' ORDER BY t.attnum""".formatted(view), rs -> rs.getString(1));
        Jdbc.execute(c, "DROP VIEW " + view);
        return types;
    }

    /**
     * Normalizes a query as the server reads it: the text {@code pg_get_viewdef} gives for a view of it, with every
     * name that is not in {@code pg_catalog} schema-qualified. Two queries that differ only in spelling, layout,
     * aliases' quoting or the search path they are resolved under normalize to the same text.
     *
     * @param c a connection inside a transaction the caller will roll back, with the query's search path set
     * @param query the query
     * @return the normalized text
     * @throws SQLException if the server rejects the query; the transaction is then aborted
     */
    static String normalize(Connection c, String query) throws SQLException {
        String view = createView(c, query);
        String path = Jdbc.queryOne(c, "SELECT current_setting('search_path')", rs -> rs.getString(1)).orElseThrow();
        Jdbc.queryOne(c, "SELECT set_config('search_path', 'pg_catalog', true)", rs -> 0);
        String text = Jdbc.queryOne(c, "SELECT pg_get_viewdef('" + view + "'::regclass, false)", rs -> rs.getString(1))
                .orElseThrow();
        Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, path);
        Jdbc.execute(c, "DROP VIEW " + view);
        // the view's own name does not appear in its definition; the column list does, as the query's output names
        return text;
    }

    /** @return the view's qualified name, quoted */
    private static String createView(Connection c, String query) throws SQLException {
        String view = "pgtrickle.\"__pgt_probe_" + UUID.randomUUID().toString().replace("-", "") + "\"";
        Jdbc.execute(c, "CREATE VIEW " + view + " AS\n" + query + "\n");
        return view;
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

package dev.trickle.engine.definition;

import dev.trickle.engine.catalog.RelationMetadata;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.QueryCompiler;
import dev.trickle.jooq.model.ParsedQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the definitions of the ordinary views a query reads, and of the views those read, so that the compiler can
 * expand them and capture sits on their base tables. A definition is read with {@code pg_get_viewdef} under the
 * definition's {@code search_path} (set by the caller), which qualifies every name that path would not resolve to the
 * same relation: the text resolves as the view does. It is parsed and handed to the compiler, never executed as read.
 *
 * <p>The view itself stays a source of the stream table, with its state recorded (catalog version 6 adds a hash of
 * its definition), so a refresh fails with the reason once the view is replaced or dropped.
 */
final class ViewExpansion {
    private ViewExpansion() {}

    /**
     * What the expansion found.
     *
     * @param definitions each view's definition, by OID
     * @param sourceOids every relation read, the views' own and the query's, in OID order
     * @param functions the names of the functions the views' definitions call
     */
    record Expanded(Map<Long, String> definitions, List<Long> sourceOids, Set<String> functions) {}

    /**
     * Expands the views among a query's relations.
     *
     * @param c a connection, under the definition's search path
     * @param compiler parses the definitions
     * @param sourceOids the relations the query reads
     * @param written the relations the query names, by name as written: the names the definitions use are added
     * @param standardConformingStrings the session's setting, for reading the definitions
     * @return the definitions and every relation read
     * @throws SQLException if the server fails
     */
    static Expanded expand(Connection c, QueryCompiler compiler, List<Long> sourceOids, Map<List<String>, Long> written,
            boolean standardConformingStrings) throws SQLException {
        Map<Long, String> definitions = new LinkedHashMap<>();
        Set<Long> all = new TreeSet<>(sourceOids);
        Set<String> functions = new TreeSet<>();
        Deque<Long> views = new ArrayDeque<>(views(c, sourceOids));
        while (!views.isEmpty()) {
            long view = views.pop();
            if (definitions.containsKey(view)) {
                continue;
            }
            String text = Jdbc.queryOne(c, "SELECT pg_get_viewdef(?::oid, false)", rs -> rs.getString(1), view)
                    .orElseThrow();
            definitions.put(view, text);
            ParsedQuery parsed = compiler.parse(text, standardConformingStrings);
            for (List<String> table : parsed.tables()) {
                RelationMetadata.resolve(c, table).ifPresent(oid -> written.putIfAbsent(table, oid));
            }
            functions.addAll(compiler.functionNames(text, standardConformingStrings));
            List<Long> reads = QueryProbe.reads(c, view + "::oid");
            all.addAll(reads);
            views.addAll(views(c, reads));
        }
        return new Expanded(definitions, List.copyOf(all), functions);
    }

    private static List<Long> views(Connection c, List<Long> oids) throws SQLException {
        if (oids.isEmpty()) {
            return List.of();
        }
        return Jdbc.query(c, "SELECT oid::bigint FROM pg_class WHERE oid = ANY (?::bigint[]::oid[]) AND relkind = 'v'"
                + " ORDER BY oid", rs -> rs.getLong(1), c.createArrayOf("bigint", oids.toArray()));
    }
}

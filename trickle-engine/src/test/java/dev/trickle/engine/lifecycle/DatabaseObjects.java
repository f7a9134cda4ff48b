package dev.trickle.engine.lifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * What a database holds outside PostgreSQL's own schemas, for "nothing left behind" checks (invariant I5): every
 * relation (tables, indexes, sequences, views, change buffers in {@code pgtrickle_changes}), every trigger that is
 * not internal, every function, every schema, and the row counts of Trickle's catalog tables. Two snapshots are
 * equal when nothing was created or dropped in between.
 *
 * @param schemas non-system schemas
 * @param relations {@code schema.relname (relkind)} of every relation in a non-system schema
 * @param triggers {@code table: trigger} of every non-internal trigger
 * @param functions {@code schema.name(arguments)} of every function in a non-system schema
 * @param catalogRows row count of each catalog table, -1 if it does not exist
 */
public record DatabaseObjects(
        List<String> schemas,
        List<String> relations,
        List<String> triggers,
        List<String> functions,
        Map<String, Long> catalogRows) {

    private static final String USER_SCHEMA = """
            n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
            AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'""";

    private static final List<String> CATALOG_TABLES = List.of(
            "pgtrickle.pgt_stream_tables",
            "pgtrickle.pgt_dependencies",
            "pgtrickle.pgt_refresh_history",
            "pgtrickle.pgt_schema_version");

    /**
     * Takes a snapshot.
     *
     * @param dsl a context on the database
     * @return what the database holds now
     */
    public static DatabaseObjects snapshot(DSLContext dsl) {
        List<String> schemas = strings(dsl, "SELECT n.nspname FROM pg_namespace n WHERE " + USER_SCHEMA + " ORDER BY 1");
        List<String> relations = strings(dsl, """
                SELECT format('%I.%I (%s)', n.nspname, c.relname, c.relkind)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE\s""" + USER_SCHEMA + " ORDER BY 1");
        List<String> triggers = strings(dsl, """
                SELECT format('%s: %I', t.tgrelid::regclass, t.tgname)
                  FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 1""");
        List<String> functions = strings(dsl, """
                SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
                  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE\s""" + USER_SCHEMA + " ORDER BY 1");
        Map<String, Long> catalogRows = new LinkedHashMap<>();
        for (String table : CATALOG_TABLES) {
            boolean exists = dsl.fetchOne("SELECT to_regclass({0}) IS NOT NULL", table).get(0, Boolean.class);
            catalogRows.put(table, exists ? dsl.fetchOne("SELECT count(*) FROM " + table).get(0, Long.class) : -1L);
        }
        return new DatabaseObjects(schemas, relations, triggers, functions, catalogRows);
    }

    private static List<String> strings(DSLContext dsl, String sql) {
        return dsl.fetch(sql).getValues(0, String.class);
    }
}

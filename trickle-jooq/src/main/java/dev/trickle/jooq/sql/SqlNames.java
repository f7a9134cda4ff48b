package dev.trickle.jooq.sql;

import dev.trickle.TableName;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Names and quotes every database object Trickle creates. Identifiers are always double-quoted, so any name a
 * relation may have (mixed case, spaces, quotes) is safe to splice into SQL.
 */
public final class SqlNames {
    /** Schema of the catalog tables and monitoring functions. */
    public static final String CATALOG_SCHEMA = "pgtrickle";
    /** Schema of the change buffers. */
    public static final String CHANGES_SCHEMA = "pgtrickle_changes";
    /** Prefix of every column, trigger and function Trickle adds. Output columns may not use it. */
    public static final String RESERVED_PREFIX = "__pgt_";
    /** The weight column of every change buffer: +1 an inserted row, -1 a deleted one, 0 a TRUNCATE marker. */
    public static final String WEIGHT = "__pgt_w";
    /** The row identity column of every storage table. */
    public static final String ROW_ID = "__pgt_row_id";

    private SqlNames() {}

    /**
     * Quotes an identifier.
     *
     * @param identifier the identifier, exactly as spelled
     * @return the identifier in double quotes, inner quotes doubled
     */
    public static String quote(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Quotes a qualified name.
     *
     * @param schema the schema
     * @param name the relation
     * @return {@code "schema"."name"}
     */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /**
     * Quotes a qualified table name.
     *
     * @param name a qualified name
     * @return {@code "schema"."name"}
     * @throws IllegalArgumentException if {@code name} has no schema
     */
    public static String qualified(TableName name) {
        if (name.schema() == null) {
            throw new IllegalArgumentException("internal error: unqualified name " + name);
        }
        return qualified(name.schema(), name.name());
    }

    /**
     * Quotes and joins column names.
     *
     * @param columns the columns
     * @param prefix a table alias to qualify each with, or empty
     * @return {@code "a", "b"} or {@code x."a", x."b"}
     */
    public static String columnList(List<String> columns, String prefix) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        return columns.stream().map(c -> p + quote(c)).collect(Collectors.joining(", "));
    }

    /**
     * Quotes a string as an SQL literal that means {@code value} whatever the session's
     * {@code standard_conforming_strings}: a plain {@code '...'} literal reads a backslash as an escape when that
     * setting is off, so a value with a backslash becomes an escape string constant {@code E'...'}.
     *
     * @param value the string
     * @return {@code 'value'} with inner quotes doubled, or {@code E'value'} with quotes and backslashes doubled
     */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string contains a NUL character");
        }
        String quoted = "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
        return value.indexOf('\\') < 0 ? quoted : "E" + quoted;
    }

    /**
     * Names the change buffer of a source.
     *
     * @param sourceOid the source relation's OID
     * @return {@code "pgtrickle_changes"."changes_<oid>"}
     */
    public static String changeBuffer(long sourceOid) {
        return qualified(CHANGES_SCHEMA, "changes_" + sourceOid);
    }

    /**
     * Names the change buffer of a source, for jOOQ.
     *
     * @param sourceOid the source relation's OID
     * @return {@code pgtrickle_changes.changes_<oid>}
     */
    public static org.jooq.Name changeBufferName(long sourceOid) {
        return org.jooq.impl.DSL.name(CHANGES_SCHEMA, "changes_" + sourceOid);
    }

    /**
     * Names a relation, for jOOQ.
     *
     * @param name a qualified name
     * @return {@code schema.name}
     */
    public static org.jooq.Name name(TableName name) {
        if (name.schema() == null) {
            throw new IllegalArgumentException("internal error: unqualified name " + name);
        }
        return org.jooq.impl.DSL.name(name.schema(), name.name());
    }

    /**
     * Names the capture trigger function of a source.
     *
     * @param sourceOid the source relation's OID
     * @return {@code "pgtrickle_changes"."capture_<oid>"}
     */
    public static String captureFunction(long sourceOid) {
        return qualified(CHANGES_SCHEMA, "capture_" + sourceOid);
    }

    /**
     * @param column a column name
     * @return whether {@code column} uses the prefix reserved for Trickle's own columns
     */
    public static boolean isReserved(String column) {
        return column.startsWith(RESERVED_PREFIX);
    }
}

package dev.trickle.jooq.ddl;

import static dev.trickle.jooq.ddl.SqlNames.quote;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a source's change capture: its buffer table in {@code pgtrickle_changes} and one statement-level trigger
 * function fired by four triggers. INSERT, UPDATE and DELETE copy their transition tables into the buffer in one
 * bulk insert per statement, weighted +1 for new rows and -1 for old rows; TRUNCATE writes a marker (weight 0) that
 * makes the next refresh recompute in full. Every buffer row carries the writing transaction's id ({@code
 * pg_current_xact_id()}), which the refresh frontier is compared with.
 *
 * <p>The function names every column, so adding columns to the source does not disturb it. It is {@code SECURITY
 * DEFINER}: roles that write the source need no privilege on the buffer. A buffer without columns (read only by
 * stream tables refreshed in full) records one row per statement: the fact that something changed.
 */
public final class CaptureDdl {
    /** Trigger names on the source; trigger names are per table, so they need no source in them. */
    public static final List<String> TRIGGERS =
            List.of("__pgt_capture_ins", "__pgt_capture_upd", "__pgt_capture_del", "__pgt_capture_trunc");

    private CaptureDdl() {}

    /**
     * A buffer column.
     *
     * @param name the source column's name
     * @param type its type, schema-qualified where needed ({@code format_type} under {@code search_path=pg_catalog})
     */
    public record Column(String name, String type) {}

    /**
     * Writes the buffer table.
     *
     * @param sourceOid the source
     * @param columns the source columns to record
     * @return {@code CREATE TABLE}
     */
    public static String createBuffer(long sourceOid, List<Column> columns) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(SqlNames.changeBuffer(sourceOid)).append(" (\n")
                .append("    ").append(quote("__pgt_xid")).append(" xid8 NOT NULL DEFAULT pg_current_xact_id(),\n")
                .append("    ").append(quote("__pgt_w")).append(" smallint NOT NULL");
        for (Column c : columns) {
            sql.append(",\n    ").append(quote(c.name())).append(' ').append(c.type());
        }
        return sql.append("\n)").toString();
    }

    /**
     * Writes the addition of columns to an existing buffer.
     *
     * @param sourceOid the source
     * @param columns the columns to add
     * @return {@code ALTER TABLE}
     */
    public static String addColumns(long sourceOid, List<Column> columns) {
        return "ALTER TABLE " + SqlNames.changeBuffer(sourceOid) + " "
                + columns.stream().map(c -> "ADD COLUMN " + quote(c.name()) + " " + c.type())
                        .collect(Collectors.joining(", "));
    }

    /**
     * Writes the trigger function.
     *
     * @param sourceOid the source
     * @param columns the buffer's source columns, in buffer order
     * @return {@code CREATE OR REPLACE FUNCTION}
     */
    public static String function(long sourceOid, List<String> columns) {
        String buffer = SqlNames.changeBuffer(sourceOid);
        String body;
        if (columns.isEmpty()) {
            String marker = "INSERT INTO " + buffer + " (" + quote("__pgt_w") + ") VALUES (%s);";
            body = "  IF TG_OP = 'TRUNCATE' THEN\n    " + String.format(marker, "0") + "\n  ELSE\n    "
                    + String.format(marker, "1") + "\n  END IF;\n";
        } else {
            String target = "INSERT INTO " + buffer + " (" + quote("__pgt_w") + ", " + SqlNames.columnList(columns, "")
                    + ")";
            String newRows = "SELECT 1, " + SqlNames.columnList(columns, "n") + " FROM " + quote("__pgt_new") + " n";
            String oldRows = "SELECT -1, " + SqlNames.columnList(columns, "o") + " FROM " + quote("__pgt_old") + " o";
            body = "  IF TG_OP = 'INSERT' THEN\n    " + target + " " + newRows + ";\n"
                    + "  ELSIF TG_OP = 'UPDATE' THEN\n    " + target + " " + oldRows + " UNION ALL " + newRows + ";\n"
                    + "  ELSIF TG_OP = 'DELETE' THEN\n    " + target + " " + oldRows + ";\n"
                    + "  ELSE\n    INSERT INTO " + buffer + " (" + quote("__pgt_w") + ") VALUES (0);\n  END IF;\n";
        }
        String tag = dollarTag(body);
        return "CREATE OR REPLACE FUNCTION " + SqlNames.captureFunction(sourceOid) + "() RETURNS trigger\n"
                + "LANGUAGE plpgsql SECURITY DEFINER AS " + tag + "\nBEGIN\n" + body + "  RETURN NULL;\nEND\n" + tag;
    }

    /**
     * Writes the four triggers.
     *
     * @param sourceOid the source
     * @param source the quoted, qualified source table
     * @return one {@code CREATE OR REPLACE TRIGGER} per event
     */
    public static List<String> triggers(long sourceOid, String source) {
        String fn = " FOR EACH STATEMENT EXECUTE FUNCTION " + SqlNames.captureFunction(sourceOid) + "()";
        String newTable = " NEW TABLE AS " + quote("__pgt_new");
        String oldTable = " OLD TABLE AS " + quote("__pgt_old");
        return List.of(
                "CREATE OR REPLACE TRIGGER " + quote(TRIGGERS.get(0)) + " AFTER INSERT ON " + source
                        + " REFERENCING" + newTable + fn,
                "CREATE OR REPLACE TRIGGER " + quote(TRIGGERS.get(1)) + " AFTER UPDATE ON " + source
                        + " REFERENCING" + oldTable + newTable + fn,
                "CREATE OR REPLACE TRIGGER " + quote(TRIGGERS.get(2)) + " AFTER DELETE ON " + source
                        + " REFERENCING" + oldTable + fn,
                "CREATE OR REPLACE TRIGGER " + quote(TRIGGERS.get(3)) + " AFTER TRUNCATE ON " + source + fn);
    }

    /**
     * Writes the removal of a source's capture.
     *
     * @param sourceOid the source
     * @param source the quoted, qualified source table, or {@code null} if the source no longer exists
     * @return the statements, triggers first
     */
    public static List<String> drop(long sourceOid, @org.jspecify.annotations.Nullable String source) {
        List<String> sql = new java.util.ArrayList<>();
        if (source != null) {
            TRIGGERS.forEach(t -> sql.add("DROP TRIGGER IF EXISTS " + quote(t) + " ON " + source));
        }
        sql.add("DROP FUNCTION IF EXISTS " + SqlNames.captureFunction(sourceOid) + "()");
        sql.add("DROP TABLE IF EXISTS " + SqlNames.changeBuffer(sourceOid));
        return sql;
    }

    private static String dollarTag(String body) {
        String tag = "$pgt$";
        for (int i = 0; body.contains(tag); i++) {
            tag = "$pgt" + i + "$";
        }
        return tag;
    }
}

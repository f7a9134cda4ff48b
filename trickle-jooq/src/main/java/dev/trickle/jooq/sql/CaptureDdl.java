package dev.trickle.jooq.sql;

import static dev.trickle.jooq.sql.SqlNames.quote;

import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a source's change capture: its buffer table in {@code pgtrickle_changes} and one statement-level trigger
 * function fired by four triggers. INSERT, UPDATE and DELETE copy their transition tables into the buffer in one
 * bulk insert per statement, weighted +1 for new rows and -1 for old rows; TRUNCATE writes a marker (weight 0) that
 * makes the next refresh recompute in full. Every buffer row carries the writing transaction's id ({@code
 * pg_current_xact_id()}), which the refresh frontier is compared with.
 *
 * <p>Capture does not make writes fail when the source changes. The function names every column it copies, so
 * adding columns to the source does not disturb it; before copying, each statement checks in {@code pg_attribute}
 * that every captured column still has the number, name, type and type modifier it had when the function was
 * written, and if one was dropped, renamed or retyped it writes only the marker. (A {@code REPEATABLE READ}
 * transaction whose snapshot predates the DDL still sees the old catalog, and its write fails.) Buffer columns have
 * the base types of domains, so no domain check runs in capture and no tightened domain is held up by buffer rows.
 *
 * <p>The function is {@code SECURITY DEFINER}, so that roles that write the source need no privilege on the buffer,
 * and it runs nothing those roles control: its {@code search_path} is pinned to {@code pg_catalog, pg_temp}
 * (operators and functions then resolve only in {@code pg_catalog}, which only superusers can write; every relation
 * in the body is qualified or a transition table), {@code PUBLIC} may not execute it (so no other role can attach
 * it to a table of its own), and it raises an error when fired on any table but its source. A buffer without
 * columns (read only by stream tables refreshed in full) records one row per statement: the fact that something
 * changed.
 */
public final class CaptureDdl {
    /** Trigger names on the source; trigger names are per table, so they need no source in them. */
    public static final List<String> TRIGGERS =
            List.of("__pgt_capture_ins", "__pgt_capture_upd", "__pgt_capture_del", "__pgt_capture_trunc");

    private static final String WEIGHT = quote("__pgt_w");

    private CaptureDdl() {}

    /**
     * A buffer column.
     *
     * @param name the source column's name
     * @param type its base type (domains resolved), schema-qualified where needed ({@code format_type} under {@code
     *     search_path=pg_catalog})
     */
    public record Column(String name, String type) {}

    /**
     * A captured column as the source had it when the function was written: the function copies it only while the
     * source still has a column of that number, name, type and type modifier.
     *
     * @param name the column's name, which is also the buffer column's
     * @param attnum its number ({@code pg_attribute.attnum})
     * @param typeOid its type ({@code atttypid}, a domain itself if the column is of one)
     * @param typmod its type modifier ({@code atttypmod})
     */
    public record SourceColumn(String name, int attnum, long typeOid, int typmod) {}

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
                .append("    ").append(WEIGHT).append(" smallint NOT NULL");
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
     * Writes the trigger function and the revocation of {@code PUBLIC}'s right to execute it, to be run in that
     * order in one transaction.
     *
     * @param sourceOid the source
     * @param columns the buffer's source columns, in buffer order
     * @return {@code CREATE OR REPLACE FUNCTION}, then {@code REVOKE}
     */
    public static List<String> function(long sourceOid, List<SourceColumn> columns) {
        String buffer = SqlNames.changeBuffer(sourceOid);
        String body = "  IF TG_RELID <> '" + sourceOid + "' THEN\n"
                + "    RAISE EXCEPTION 'capture function of relation " + sourceOid + " fired on relation %', TG_RELID"
                + " USING ERRCODE = 'insufficient_privilege';\n"
                + "  END IF;\n"
                + "  -- the buffer dropped by hand: the write goes on; its readers find the buffer missing and say so\n"
                + "  IF pg_catalog.to_regclass(" + SqlNames.literal(buffer) + ") IS NULL THEN\n"
                + "    RETURN NULL;\n"
                + "  END IF;\n"
                + (columns.isEmpty()
                        ? "  IF TG_OP = 'TRUNCATE' THEN\n    " + marker(buffer, 0) + "\n"
                                + "  ELSE\n    " + marker(buffer, 1) + "\n  END IF;\n"
                        : copy(sourceOid, buffer, columns));
        String tag = dollarTag(body);
        String fn = SqlNames.captureFunction(sourceOid) + "()";
        return List.of("CREATE OR REPLACE FUNCTION " + fn + " RETURNS trigger\n"
                        + "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS " + tag
                        + "\nBEGIN\n" + body + "  RETURN NULL;\nEND\n" + tag,
                "REVOKE ALL ON FUNCTION " + fn + " FROM PUBLIC");
    }

    private static String marker(String buffer, int weight) {
        return "INSERT INTO " + buffer + " (" + WEIGHT + ") VALUES (" + weight + ");";
    }

    /** Writes the copy of the transition tables, or the marker if the statement truncated or a column changed. */
    private static String copy(long sourceOid, String buffer, List<SourceColumn> columns) {
        List<String> names = columns.stream().map(SourceColumn::name).toList();
        String target = "INSERT INTO " + buffer + " (" + WEIGHT + ", " + SqlNames.columnList(names, "") + ")";
        String newRows = "SELECT 1, " + SqlNames.columnList(names, "n") + " FROM " + quote("__pgt_new") + " n";
        String oldRows = "SELECT -1, " + SqlNames.columnList(names, "o") + " FROM " + quote("__pgt_old") + " o";
        return "  -- a TRUNCATE, or a captured column dropped, renamed or retyped since this function was written:\n"
                + "  -- record only that the table changed\n"
                + "  IF TG_OP = 'TRUNCATE' OR " + probe(sourceOid, columns) + " THEN\n"
                + "    " + marker(buffer, 0) + "\n"
                + "  ELSIF TG_OP = 'INSERT' THEN\n    " + target + " " + newRows + ";\n"
                + "  ELSIF TG_OP = 'UPDATE' THEN\n    " + target + " " + oldRows + " UNION ALL " + newRows + ";\n"
                + "  ELSE\n    " + target + " " + oldRows + ";\n"
                + "  END IF;\n";
    }

    /**
     * Writes the condition that a captured column changed: fewer than all of them are found as they were. It runs on
     * every write statement, so it reads as few catalog rows as it can: the relation is a constant rather than {@code
     * TG_RELID} (which the check before equals; as a parameter it made the query take twice as long), and the range
     * of column numbers lets the index skip the other columns of a wide table, and there is no test of {@code
     * attisdropped}: a dropped column is renamed {@code ........pg.dropped.<n>........} and its type set to 0, so it
     * never matches. Oids are quoted, since those above 2^31 are no integer literals; names are literals that mean
     * the same under any setting of {@code standard_conforming_strings} in the writer's session ({@link
     * SqlNames#literal}).
     */
    private static String probe(long sourceOid, List<SourceColumn> columns) {
        String rows = columns.stream()
                .map(c -> "(" + c.attnum() + ", " + SqlNames.literal(c.name()) + ", '" + c.typeOid() + "', " + c.typmod()
                        + ")")
                .collect(Collectors.joining(",\n          "));
        IntSummaryStatistics attnums = columns.stream().mapToInt(SourceColumn::attnum).summaryStatistics();
        return "(SELECT count(*) FROM pg_catalog.pg_attribute\n"
                + "      WHERE attrelid = '" + sourceOid + "' AND attnum BETWEEN " + attnums.getMin() + " AND "
                + attnums.getMax() + "\n"
                + "        AND (attnum, attname, atttypid, atttypmod) IN (\n          " + rows + ")) <> "
                + columns.size();
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
     * Writes the removal of a source's capture. Dropping the function drops the triggers that call it, without the
     * ownership of the source that {@code DROP TRIGGER} needs: Trickle may capture a table it only has the {@code
     * TRIGGER} privilege on.
     *
     * @param sourceOid the source, which may no longer exist
     * @return the statements, function (and triggers) first
     */
    public static List<String> drop(long sourceOid) {
        return List.of("DROP FUNCTION IF EXISTS " + SqlNames.captureFunction(sourceOid) + "() CASCADE",
                "DROP TABLE IF EXISTS " + SqlNames.changeBuffer(sourceOid));
    }

    private static String dollarTag(String body) {
        String tag = "$pgt$";
        for (int i = 0; body.contains(tag); i++) {
            tag = "$pgt" + i + "$";
        }
        return tag;
    }
}

package dev.trickle.jooq.sql;

import static dev.trickle.jooq.sql.SqlNames.quote;

import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a source's change capture: its buffer table in {@code pgtrickle_changes}, one statement-level trigger
 * function fired by four triggers, and the function that tells it whether the source's captured columns changed.
 * INSERT, UPDATE and DELETE copy their transition tables into the buffer in one bulk insert per statement, weighted
 * +1 for new rows and -1 for old rows; TRUNCATE writes a marker (weight 0) that makes the next refresh recompute in
 * full. Every buffer row carries the writing transaction's id ({@code
 * pg_current_xact_id()}), which the refresh frontier is compared with.
 *
 * <p>Capture does not make writes fail when the source changes. The function names every column it copies, so
 * adding columns to the source does not disturb it; before copying, each statement makes sure that every captured
 * column still has the number, name, type and type modifier it had when the function was written (in {@code
 * pg_attribute}), and if one was dropped, renamed or retyped it writes only the marker. (A {@code REPEATABLE READ}
 * transaction whose snapshot predates the DDL still sees the old catalog, and its write fails.) Buffer columns have
 * the base types of domains, so no domain check runs in capture and no tightened domain is held up by buffer rows.
 *
 * <p>That check would cost a catalog query per statement, as much as the copy itself. It is made when PostgreSQL
 * plans it instead, and again only after the source changed: see {@link #columnsFunction}.
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
     * order in one transaction; a source with columns to record gets its {@link #columnsFunction columns function}
     * first, one without loses it.
     *
     * @param sourceOid the source
     * @param columns the buffer's source columns, in buffer order
     * @return the statements
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
        List<String> statements = new ArrayList<>();
        if (columns.isEmpty()) {
            statements.add("DROP FUNCTION IF EXISTS " + columnsFunction(sourceOid) + "(regclass)");
        } else {
            statements.addAll(columnsFunction(sourceOid, columns));
        }
        statements.add("CREATE OR REPLACE FUNCTION " + fn + " RETURNS trigger\n"
                + "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS " + tag + "\n"
                + (columns.isEmpty() ? "" : "DECLARE\n  unchanged boolean;\n")
                + "BEGIN\n" + body + "  RETURN NULL;\nEND\n" + tag);
        statements.add("REVOKE ALL ON FUNCTION " + fn + " FROM PUBLIC");
        return List.copyOf(statements);
    }

    /**
     * Names the columns function of a source, which takes the source as a {@code regclass} and returns whether every
     * captured column is still as it was when the capture function was written.
     *
     * <p>The capture function calls it as {@code unchanged := columns('<oid>'::regclass)}: an expression without
     * tables, which PL/pgSQL keeps as a cached plan. The columns function is declared {@code IMMUTABLE}, so the
     * planner calls it once, when it plans the expression, and keeps its value as a constant in the plan; the
     * {@code regclass} constant makes the plan depend on the source, so PostgreSQL plans it again, and the function
     * reads {@code pg_attribute} again, after every invalidation of the source's catalog entry: every {@code ALTER
     * TABLE} of the source, including each rename, drop or retype of a column, in the writer's own transaction (at
     * the next command) or in another (before the writer's next statement on the source has its lock: the DDL's lock
     * excludes writers until it commits), and also after any rollback of such a change. A statement therefore sees
     * the answer that reading {@code pg_attribute} in it would give: in {@code READ COMMITTED} the plan is made with
     * a snapshot taken after the statement locked the source. Under another isolation level the snapshot may
     * predate changes that later statements of other transactions must see, so the function returns {@code null}
     * there and the capture function reads {@code pg_attribute} itself, in that statement, as it always did; the
     * null stays in the plan until the next invalidation, so later statements of that session take the slower path
     * too, which is correct.
     *
     * @param sourceOid the source
     * @return {@code "pgtrickle_changes"."capture_<oid>_columns"}
     */
    public static String columnsFunction(long sourceOid) {
        return SqlNames.qualified(SqlNames.CHANGES_SCHEMA, "capture_" + sourceOid + "_columns");
    }

    private static List<String> columnsFunction(long sourceOid, List<SourceColumn> columns) {
        String fn = columnsFunction(sourceOid) + "(source regclass)";
        String body = "  IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN\n"
                + "    RETURN NULL;\n"
                + "  END IF;\n"
                + "  RETURN " + unchanged("source", columns) + ";\n";
        String tag = dollarTag(body);
        return List.of("CREATE OR REPLACE FUNCTION " + fn + " RETURNS boolean\n"
                        + "LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS " + tag + "\n"
                        + "BEGIN\n" + body + "END\n" + tag,
                "REVOKE ALL ON FUNCTION " + columnsFunction(sourceOid) + "(regclass) FROM PUBLIC");
    }

    private static String marker(String buffer, int weight) {
        return "INSERT INTO " + buffer + " (" + WEIGHT + ") VALUES (" + weight + ");";
    }

    /**
     * Writes the copy of the transition tables, or the marker if the statement truncated or a column changed. An
     * UPDATE's two branches give every buffer column, the transaction id and a {@code smallint} weight included, so
     * that the plan needs no projection above the {@code Append} of the two transition tables.
     */
    private static String copy(long sourceOid, String buffer, List<SourceColumn> columns) {
        List<String> names = columns.stream().map(SourceColumn::name).toList();
        String list = SqlNames.columnList(names, "");
        String target = "INSERT INTO " + buffer + " (" + WEIGHT + ", " + list + ")";
        String newRows = "SELECT 1, " + SqlNames.columnList(names, "n") + " FROM " + quote("__pgt_new") + " n";
        String oldRows = "SELECT -1, " + SqlNames.columnList(names, "o") + " FROM " + quote("__pgt_old") + " o";
        String xid = "pg_catalog.pg_current_xact_id()";
        String update = "INSERT INTO " + buffer + " (" + quote("__pgt_xid") + ", " + WEIGHT + ", " + list + ") SELECT "
                + xid + ", -1::smallint, " + SqlNames.columnList(names, "o") + " FROM " + quote("__pgt_old") + " o"
                + " UNION ALL SELECT " + xid + ", 1::smallint, " + SqlNames.columnList(names, "n") + " FROM "
                + quote("__pgt_new") + " n";
        return "  IF TG_OP = 'TRUNCATE' THEN\n"
                + "    " + marker(buffer, 0) + "\n"
                + "    RETURN NULL;\n"
                + "  END IF;\n"
                + "  -- whether the captured columns are as they were when this function was written: planned\n"
                + "  -- once, and again after each change to the source; null outside READ COMMITTED, where this\n"
                + "  -- statement reads the catalog itself\n"
                + "  unchanged := " + columnsFunction(sourceOid) + "('" + sourceOid + "'::regclass);\n"
                + "  IF unchanged IS NULL THEN\n"
                + "    unchanged := " + unchanged("'" + sourceOid + "'", columns) + ";\n"
                + "  END IF;\n"
                + "  -- a captured column dropped, renamed or retyped: record only that the table changed\n"
                + "  IF NOT unchanged THEN\n"
                + "    " + marker(buffer, 0) + "\n"
                + "  ELSIF TG_OP = 'INSERT' THEN\n    " + target + " " + newRows + ";\n"
                + "  ELSIF TG_OP = 'UPDATE' THEN\n    " + update + ";\n"
                + "  ELSE\n    " + target + " " + oldRows + ";\n"
                + "  END IF;\n";
    }

    /**
     * Writes the condition that every captured column is found as it was. It reads as few catalog rows as it can:
     * the range of column numbers lets the index skip the other columns of a wide table, and there is no test of
     * {@code attisdropped}: a dropped column is renamed {@code ........pg.dropped.<n>........} and its type set to 0,
     * so it never matches. Oids are quoted, since those above 2^31 are no integer literals; names are literals that
     * mean the same under any setting of {@code standard_conforming_strings} in the writer's session ({@link
     * SqlNames#literal}).
     *
     * @param relation the source: a quoted oid, or the columns function's parameter
     */
    private static String unchanged(String relation, List<SourceColumn> columns) {
        String rows = columns.stream()
                .map(c -> "(" + c.attnum() + ", " + SqlNames.literal(c.name()) + ", '" + c.typeOid() + "', "
                        + c.typmod() + ")")
                .collect(Collectors.joining(",\n          "));
        IntSummaryStatistics attnums = columns.stream().mapToInt(SourceColumn::attnum).summaryStatistics();
        return "(SELECT count(*) FROM pg_catalog.pg_attribute\n"
                + "      WHERE attrelid = " + relation + " AND attnum BETWEEN " + attnums.getMin() + " AND "
                + attnums.getMax() + "\n"
                + "        AND (attnum, attname, atttypid, atttypmod) IN (\n          " + rows + ")) = "
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
                "DROP FUNCTION IF EXISTS " + columnsFunction(sourceOid) + "(regclass)",
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

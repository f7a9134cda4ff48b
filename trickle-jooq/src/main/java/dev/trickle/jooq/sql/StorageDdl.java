package dev.trickle.jooq.sql;

import static dev.trickle.jooq.sql.SqlNames.ROW_ID;
import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.TableName;
import java.util.List;

/**
 * Writes the DDL of a storage table. The table is created by {@code CREATE TABLE ... AS} its storage query, so
 * PostgreSQL itself decides every column's name and type exactly as for the defining query; a unique index on
 * {@code __pgt_row_id}, built after the initial load, is what refreshes look rows up by; a guard trigger refuses every write but a refresh's.
 */
public final class StorageDdl {
    /** The name of the guard trigger on every storage table. */
    public static final String GUARD_TRIGGER = "__pgt_guard";

    private StorageDdl() {}

    /**
     * Writes the guard trigger of a storage table: before every INSERT, UPDATE, DELETE and TRUNCATE statement,
     * {@code pgtrickle.guard_storage()} refuses it unless the transaction presents the refresh token.
     *
     * @param target the qualified storage table name
     * @return {@code CREATE TRIGGER}
     */
    public static String guard(TableName target) {
        return "CREATE TRIGGER " + quote(GUARD_TRIGGER) + " BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
                + SqlNames.qualified(target) + " FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle.guard_storage()";
    }

    /**
     * Writes the statements that create the storage table, empty and without its index ({@link #load} fills it and
     * then builds the index, which is cheaper than growing it row by row): its columns are the storage query's, in
     * order.
     *
     * @param target the qualified storage table name
     * @param storageQuery the query that computes the storage columns and {@code __pgt_row_id}
     * @return the statements, in order
     */
    public static List<String> create(TableName target, String storageQuery) {
        String table = SqlNames.qualified(target);
        return List.of(
                // the query may end in a line comment: the clause after it starts on a line of its own
                "CREATE TABLE " + table + " AS\n" + storageQuery + "\nWITH NO DATA",
                "COMMENT ON TABLE " + table + " IS " + SqlNames.literal("stream table maintained by Trickle"));
    }

    /**
     * Writes the statements that fill an empty storage table (the initial load), in one transaction: the insert, whose
     * update count is the rows loaded, then the unique index on {@code __pgt_row_id} that refreshes look rows up by.
     *
     * @param target the qualified storage table name
     * @param storageQuery the query that computes the storage columns and {@code __pgt_row_id}, in the table's order
     * @return {@code INSERT}, then {@code CREATE UNIQUE INDEX}
     */
    public static List<String> load(TableName target, String storageQuery) {
        String table = SqlNames.qualified(target);
        // unnamed: PostgreSQL picks a free name; a fixed one collides with any relation that already has it
        return List.of("INSERT INTO " + table + "\n" + storageQuery,
                "CREATE UNIQUE INDEX ON " + table + " (" + quote(ROW_ID) + ")");
    }
}

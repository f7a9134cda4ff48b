package dev.trickle.jooq.ddl;

import static dev.trickle.jooq.ddl.SqlNames.ROW_ID;
import static dev.trickle.jooq.ddl.SqlNames.quote;

import dev.trickle.TableName;
import java.util.List;

/**
 * Writes the DDL of a storage table. The table is created by {@code CREATE TABLE ... AS} its storage query, so
 * PostgreSQL itself decides every column's name and type exactly as for the defining query; a unique index on
 * {@code __pgt_row_id} is what refreshes look rows up by.
 */
public final class StorageDdl {
    private StorageDdl() {}

    /**
     * Writes the statements that create and fill the storage table.
     *
     * @param target the qualified storage table name
     * @param storageQuery the query that computes the storage columns and {@code __pgt_row_id}
     * @return the statements, in order
     */
    public static List<String> create(TableName target, String storageQuery) {
        String table = SqlNames.qualified(target);
        // unnamed: PostgreSQL picks a free name; a fixed one collides with any relation that already has it
        return List.of(
                "CREATE TABLE " + table + " AS\n" + storageQuery,
                "CREATE UNIQUE INDEX ON " + table + " (" + quote(ROW_ID) + ")",
                "COMMENT ON TABLE " + table + " IS " + SqlNames.literal("stream table maintained by Trickle"));
    }
}

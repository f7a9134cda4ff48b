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
        String index = quote(truncate(target.name(), 40) + "__pgt_row_id_idx");
        return List.of(
                "CREATE TABLE " + table + " AS\n" + storageQuery,
                "CREATE UNIQUE INDEX " + index + " ON " + table + " (" + quote(ROW_ID) + ")",
                "COMMENT ON TABLE " + table + " IS " + SqlNames.literal("stream table maintained by Trickle"));
    }

    /** Keeps a prefix of at most {@code max} bytes of UTF-8, never splitting a character. */
    static String truncate(String name, int max) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + len > max) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}

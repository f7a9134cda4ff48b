package dev.trickle.engine.lifecycle;

import dev.trickle.testkit.StreamTableOracle;
import java.util.List;
import org.jooq.DSLContext;

/** Reads a stream table's storage, and compares it with its query recomputed through the test kit's oracle. */
final class StorageContents {
    static final String ROW_ID = "__pgt_row_id";

    private StorageContents() {}

    /**
     * Lists a relation's columns in order.
     *
     * @param dsl a context on the database
     * @param relation the relation, as SQL spells it ({@code public."Line Totals"})
     * @return the column names
     */
    static List<String> columns(DSLContext dsl, String relation) {
        return dsl.fetch("""
                SELECT attname FROM pg_attribute
                 WHERE attrelid = to_regclass({0}) AND attnum > 0 AND NOT attisdropped ORDER BY attnum""",
                relation).getValues(0, String.class);
    }

    /**
     * Lists a relation's columns without Trickle's own ({@code __pgt_row_id} and hidden state columns).
     *
     * @param dsl a context on the database
     * @param relation the relation, as SQL spells it
     * @return the output column names
     */
    static List<String> userColumns(DSLContext dsl, String relation) {
        return columns(dsl, relation).stream().filter(c -> !c.startsWith("__pgt_")).toList();
    }

    /**
     * Asserts that the storage table holds exactly the rows of {@code query}, duplicates included, ignoring
     * {@code __pgt_row_id} and hidden state columns, and that every row has a distinct row id.
     *
     * @param dsl a context on the database
     * @param storage the storage table, as SQL spells it
     * @param query the defining query
     */
    static void assertMatchesQuery(DSLContext dsl, String storage, String query) {
        StreamTableOracle.assertMatchesRecompute(dsl, storage, query);
    }

    /**
     * Counts a relation's rows.
     *
     * @param dsl a context on the database
     * @param relation the relation, as SQL spells it
     * @return the row count
     */
    static long count(DSLContext dsl, String relation) {
        return dsl.fetchOne("SELECT count(*) FROM " + relation).get(0, Long.class);
    }
}

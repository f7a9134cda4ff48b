package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

/** Compares a stream table's storage with its query recomputed, as multisets ({@code EXCEPT ALL} both ways). */
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
        List<String> columns = columns(dsl, storage);
        assertThat(columns).as("columns of %s", storage).contains(ROW_ID);
        String userColumns = String.join(", ", columns.stream()
                .filter(c -> !c.startsWith("__pgt_"))
                .map(c -> '"' + c.replace("\"", "\"\"") + '"')
                .toList());
        String stored = "SELECT " + userColumns + " FROM " + storage;
        String computed = "SELECT * FROM (\n" + query + "\n) q";
        Result<Record> missing = dsl.fetch(computed + "\nEXCEPT ALL\n" + stored);
        Result<Record> extra = dsl.fetch(stored + "\nEXCEPT ALL\n" + computed);
        assertThat(missing).as("rows of the query missing from %s", storage).isEmpty();
        assertThat(extra).as("rows of %s that the query does not return", storage).isEmpty();
        long distinctIds = dsl.fetchOne("SELECT count(DISTINCT " + ROW_ID + ") FROM " + storage).get(0, Long.class);
        assertThat(distinctIds).as("distinct row ids of %s", storage).isEqualTo(count(dsl, storage));
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

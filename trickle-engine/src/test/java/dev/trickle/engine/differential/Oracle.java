package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

/** Compares a stream table with its query recomputed, as multisets, and checks its hidden counts. */
final class Oracle {
    private Oracle() {}

    static void assertMatches(DSLContext dsl, String streamTable, String query) {
        List<String> columns = dsl.fetch("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass({0})"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum", streamTable).getValues(0, String.class);
        String outputs = String.join(", ", columns.stream().filter(c -> !c.startsWith("__pgt_"))
                .map(c -> '"' + c.replace("\"", "\"\"") + '"').toList());
        String stored = "SELECT " + outputs + " FROM " + streamTable;
        String computed = "SELECT * FROM (" + query + ") q";
        Result<Record> missing = dsl.fetch(computed + " EXCEPT ALL " + stored);
        Result<Record> extra = dsl.fetch(stored + " EXCEPT ALL " + computed);
        assertThat(missing).as("rows of the query missing from %s", streamTable).isEmpty();
        assertThat(extra).as("rows of %s the query does not return", streamTable).isEmpty();
        for (String hidden : columns.stream().filter(c -> c.equals("__pgt_count") || c.startsWith("__pgt_nn_")).toList()) {
            assertThat(dsl.fetchValue("SELECT count(*) FROM " + streamTable + " WHERE \"" + hidden + "\" < 0"))
                    .as("rows of %s with %s below zero", streamTable, hidden).isEqualTo(0L);
        }
    }
}

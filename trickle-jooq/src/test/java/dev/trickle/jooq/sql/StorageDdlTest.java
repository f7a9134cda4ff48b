package dev.trickle.jooq.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.TableName;
import org.junit.jupiter.api.Test;

/**
 * {@link StorageDdl}: the storage table is created empty from its storage query and loaded by inserting the
 * storage query, then given its unique row id index.
 */
class StorageDdlTest {

    @Test
    void create_target_createsEmptyAndComments() {
        assertThat(StorageDdl.create(new TableName("Sales", "Order Totals"), "SELECT 1 AS \"__pgt_row_id\""))
                .containsExactly(
                        "CREATE TABLE \"Sales\".\"Order Totals\" AS\nSELECT 1 AS \"__pgt_row_id\"\nWITH NO DATA",
                        "COMMENT ON TABLE \"Sales\".\"Order Totals\" IS 'stream table maintained by Trickle'");
    }

    @Test
    void create_queryEndingInLineComment_startsWithNoDataOnItsOwnLine() {
        assertThat(StorageDdl.create(new TableName("public", "t"), "SELECT 1 AS x -- ) note").get(0))
                .endsWith("-- ) note\nWITH NO DATA");
    }

    @Test
    void load_target_insertsTheStorageQueryThenIndexesIt() {
        assertThat(StorageDdl.load(new TableName("Sales", "Order Totals"), "SELECT 1 AS \"__pgt_row_id\""))
                .containsExactly("INSERT INTO \"Sales\".\"Order Totals\"\nSELECT 1 AS \"__pgt_row_id\"",
                        "CREATE UNIQUE INDEX ON \"Sales\".\"Order Totals\" (\"__pgt_row_id\")");
    }
}

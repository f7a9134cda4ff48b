package dev.trickle.jooq.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.TableName;
import org.junit.jupiter.api.Test;

/** {@link StorageDdl}: the storage table is created from its storage query, with a unique row id index. */
class StorageDdlTest {

    @Test
    void create_target_createsFillsIndexesAndComments() {
        assertThat(StorageDdl.create(new TableName("Sales", "Order Totals"), "SELECT 1 AS \"__pgt_row_id\""))
                .containsExactly(
                        "CREATE TABLE \"Sales\".\"Order Totals\" AS\nSELECT 1 AS \"__pgt_row_id\"",
                        "CREATE UNIQUE INDEX ON \"Sales\".\"Order Totals\" (\"__pgt_row_id\")",
                        "COMMENT ON TABLE \"Sales\".\"Order Totals\" IS 'stream table maintained by Trickle'");
    }
}

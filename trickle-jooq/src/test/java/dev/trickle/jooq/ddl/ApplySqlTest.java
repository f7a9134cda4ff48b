package dev.trickle.jooq.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.OutputColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ApplySql}: the statement that applies net changes ({@code I}, {@code U}, {@code D}) to a storage table. */
class ApplySqlTest {
    private static final String STORAGE = "\"public\".\"st\"";
    private static final List<OutputColumn> COLUMNS = List.of(
            new OutputColumn("id", "integer", true), new OutputColumn("doc", "json", false));

    @Test
    void applyCtes_twoColumns_deletesUpdatesChangedRowsAndInserts() {
        Golden.assertSql(ApplySql.applyCtes(STORAGE, COLUMNS));
    }

    @Test
    void applyCtes_update_skipsRowsWhoseValuesAreNotDistinct() {
        assertThat(ApplySql.applyCtes(STORAGE, COLUMNS))
                .contains("AND (t.\"id\" IS DISTINCT FROM d.\"id\""
                        + " OR t.\"doc\"::text IS DISTINCT FROM d.\"doc\"::text)");
    }

    @Test
    void applyCtes_eachAction_matchesOnlyItsRowsByRowId() {
        String sql = ApplySql.applyCtes(STORAGE, COLUMNS);

        assertThat(sql).contains("DELETE FROM \"public\".\"st\" t USING \"__pgt_d\" d WHERE d.\"__pgt_action\" = 'D'"
                        + " AND t.\"__pgt_row_id\" = d.\"__pgt_row_id\" RETURNING 1")
                .contains("FROM \"__pgt_d\" d WHERE d.\"__pgt_action\" = 'U'"
                        + " AND t.\"__pgt_row_id\" = d.\"__pgt_row_id\"")
                .contains("FROM \"__pgt_d\" d WHERE d.\"__pgt_action\" = 'I' RETURNING 1");
    }

    @Test
    void applyCtes_result_countsInsertedUpdatedDeletedInThatOrder() {
        assertThat(ApplySql.applyCtes(STORAGE, COLUMNS))
                .contains("\"__pgt_counts\" AS (SELECT (SELECT count(*) FROM \"__pgt_ins\") AS inserted,"
                        + " (SELECT count(*) FROM \"__pgt_upd\") AS updated, (SELECT count(*) FROM \"__pgt_del\")"
                        + " AS deleted)")
                .endsWith("SELECT inserted, updated, deleted FROM \"__pgt_counts\"");
    }

    @Test
    void applyCtes_afterApply_runsBeforeTheFinalSelectAndMayReadTheCounts() {
        String sql = ApplySql.applyCtes(STORAGE, COLUMNS, "\"h\" AS (INSERT INTO log SELECT * FROM \"__pgt_counts\")");

        assertThat(sql).contains(" AS deleted),\n\"h\" AS (INSERT INTO log SELECT * FROM \"__pgt_counts\")\nSELECT");
    }

    @Test
    void applyCtes_noColumns_hasNoUpdateAndCountsZeroUpdates() {
        String sql = ApplySql.applyCtes(STORAGE, List.of());

        assertThat(sql).doesNotContain("UPDATE")
                .contains("INSERT INTO \"public\".\"st\" (\"__pgt_row_id\") SELECT d.\"__pgt_row_id\" FROM")
                .contains("0::bigint AS updated");
    }

    @Test
    void applyCtes_quotedColumnNames_areQuoted() {
        String sql = ApplySql.applyCtes(STORAGE, List.of(new OutputColumn("Total \"x\"", "numeric", true)));

        assertThat(sql).contains("SET \"Total \"\"x\"\"\" = d.\"Total \"\"x\"\"\"");
    }

    @Test
    void fullRefresh_twoColumns_fullJoinsRecomputationWithStorage() {
        Golden.assertSql(ApplySql.fullRefresh(STORAGE, COLUMNS, "SELECT 1 AS \"id\", NULL::json AS \"doc\","
                + " 1::bigint AS \"__pgt_row_id\""));
    }

    @Test
    void fullRefresh_noColumns_comparesOnlyRowIds() {
        String sql = ApplySql.fullRefresh(STORAGE, List.of(), "SELECT 1::bigint AS \"__pgt_row_id\"");

        assertThat(sql).contains("SELECT coalesce(n.\"__pgt_row_id\", o.\"__pgt_row_id\") AS \"__pgt_row_id\",")
                .contains("OR (false)");
    }

    @Test
    void distinct_typeWithoutEquality_comparesText() {
        assertThat(ApplySql.distinct(new OutputColumn("p", "point", false)))
                .isEqualTo("n.\"p\"::text IS DISTINCT FROM o.\"p\"::text");
        assertThat(ApplySql.distinct(new OutputColumn("n", "integer", true)))
                .isEqualTo("n.\"n\" IS DISTINCT FROM o.\"n\"");
    }
}

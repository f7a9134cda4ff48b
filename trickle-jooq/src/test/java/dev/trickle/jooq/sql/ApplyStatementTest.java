package dev.trickle.jooq.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.TableName;
import dev.trickle.jooq.Golden;
import dev.trickle.jooq.model.OutputColumn;
import java.util.List;
import org.jooq.Name;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** {@link ApplyStatement}: the statement that applies net changes ({@code I}, {@code U}, {@code D}) to a storage table. */
class ApplyStatementTest {
    private static final Name STORAGE = SqlNames.name(new TableName("public", "st"));
    private static final List<OutputColumn> COLUMNS = List.of(
            new OutputColumn("id", "integer", true), new OutputColumn("doc", "json", false));
    private static final String QUERY = "SELECT 1 AS \"id\", NULL::json AS \"doc\", 1::bigint AS \"__pgt_row_id\"";

    /** A differential statement over one changed source whose net changes are given. */
    private static String differential(List<OutputColumn> columns, String afterApply) {
        return differential(columns, afterApply, false);
    }

    private static String differential(List<OutputColumn> columns, String afterApply, boolean formatted) {
        return ApplyStatement.differential(STORAGE, columns, new XidWindow(7),
                List.of(new ApplyStatement.ChangedSource(16401, List.of("id"))),
                List.of(new Sql.Cte(ApplyStatement.CHANGES, true, DSL.select(Sql.raw("n.*"))
                        .from(DSL.table(DSL.name(ApplyStatement.changesOf(16401))).as("n")))),
                afterApply, formatted);
    }

    @Test
    void differential_twoColumns_readsWindowThenDeletesUpdatesChangedRowsAndInserts() {
        Golden.assertSql(differential(COLUMNS, "", true));
    }

    @Test
    void differential_window_isWrittenOncePerSource() {
        String sql = differential(COLUMNS, "");

        assertThat(sql.split("pg_visible_in_snapshot", -1)).hasSize(2);
        assertThat(sql).startsWith("WITH \"__pgt_changes_16401\" AS (\nSELECT \"b\".\"__pgt_w\", \"b\".\"id\" FROM"
                + " \"pgtrickle_changes\".\"changes_16401\" AS \"b\" WHERE (\"b\".\"__pgt_w\" <> 0 AND ");
    }

    @Test
    void apply_update_skipsRowsWhoseValuesAreNotDistinct() {
        assertThat(differential(COLUMNS, ""))
                .contains("(\"t\".\"id\" IS DISTINCT FROM \"d\".\"id\""
                        + " OR cast(\"t\".\"doc\" AS text) IS DISTINCT FROM cast(\"d\".\"doc\" AS text))");
    }

    @Test
    void apply_eachAction_matchesOnlyItsRowsByRowId() {
        String sql = differential(COLUMNS, "");

        assertThat(sql).contains("DELETE FROM \"public\".\"st\" AS \"t\" USING \"__pgt_d\" AS \"d\" WHERE"
                        + " (\"d\".\"__pgt_action\" = 'D' AND \"t\".\"__pgt_row_id\" = \"d\".\"__pgt_row_id\")"
                        + " RETURNING 1")
                .contains("FROM \"__pgt_d\" AS \"d\" WHERE (\"d\".\"__pgt_action\" = 'U'"
                        + " AND \"t\".\"__pgt_row_id\" = \"d\".\"__pgt_row_id\"")
                .contains("FROM \"__pgt_d\" AS \"d\" WHERE \"d\".\"__pgt_action\" = 'I' RETURNING 1");
    }

    @Test
    void apply_result_countsInsertedUpdatedDeletedInThatOrder() {
        assertThat(differential(COLUMNS, ""))
                .contains("\"__pgt_counts\" AS (\nSELECT (SELECT count(*) FROM \"__pgt_ins\") AS \"inserted\","
                        + " (SELECT count(*) FROM \"__pgt_upd\") AS \"updated\", (SELECT count(*) FROM \"__pgt_del\")"
                        + " AS \"deleted\"\n)")
                .endsWith("SELECT \"inserted\", \"updated\", \"deleted\" FROM \"__pgt_counts\"");
    }

    @Test
    void apply_afterApply_runsBeforeTheFinalSelectAndMayReadTheCounts() {
        String sql = differential(COLUMNS, "\"h\" AS (INSERT INTO log SELECT * FROM \"__pgt_counts\")");

        assertThat(sql).contains(" AS \"deleted\"\n),\n\"h\" AS (INSERT INTO log SELECT * FROM \"__pgt_counts\")\n"
                + "SELECT \"inserted\"");
    }

    @Test
    void apply_noColumns_hasNoUpdateAndCountsZeroUpdates() {
        String sql = differential(List.of(), "");

        assertThat(sql).doesNotContain("UPDATE")
                .contains("INSERT INTO \"public\".\"st\" (\"__pgt_row_id\") SELECT \"d\".\"__pgt_row_id\" FROM")
                .contains("0 AS \"updated\"");
    }

    @Test
    void apply_quotedColumnNames_areQuoted() {
        String sql = differential(List.of(new OutputColumn("Total \"x\"", "numeric", true)), "");

        assertThat(sql).contains("SET \"Total \"\"x\"\"\" = \"d\".\"Total \"\"x\"\"\"");
    }

    @Test
    void full_twoColumns_fullJoinsRecomputationWithStorage() {
        Golden.assertSql(ApplyStatement.full(STORAGE, COLUMNS, QUERY, ""));
    }

    @Test
    void full_noColumns_comparesOnlyRowIds() {
        String sql = ApplyStatement.full(STORAGE, List.of(), "SELECT 1::bigint AS \"__pgt_row_id\"", "");

        assertThat(sql).contains("SELECT coalesce(\"n\".\"__pgt_row_id\", \"o\".\"__pgt_row_id\") AS"
                        + " \"__pgt_row_id\",")
                .doesNotContain("IS DISTINCT FROM");
    }

    @Test
    void full_queryEndingInLineComment_closesItsCteOnANewLine() {
        assertThat(ApplyStatement.full(STORAGE, COLUMNS, QUERY + " -- the end", ""))
                .contains("-- the end\n)");
    }
}

package dev.trickle.jooq.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CaptureDdl}: change buffers, the statement-level trigger function and its four triggers. */
class CaptureDdlTest {
    private static final long OID = 16401;

    @Test
    void function_columns_copiesTransitionTablesWithWeights() {
        Golden.assertSql(CaptureDdl.function(OID, List.of("id", "amount")));
    }

    @Test
    void function_noColumns_recordsOneMarkerRowPerStatement() {
        Golden.assertSql(CaptureDdl.function(OID, List.of()));
    }

    @Test
    void function_update_writesOldRowsNegativeThenNewRowsPositive() {
        assertThat(CaptureDdl.function(OID, List.of("id"))).contains("ELSIF TG_OP = 'UPDATE' THEN\n"
                + "    INSERT INTO \"pgtrickle_changes\".\"changes_16401\" (\"__pgt_w\", \"id\")"
                + " SELECT -1, o.\"id\" FROM \"__pgt_old\" o UNION ALL SELECT 1, n.\"id\" FROM \"__pgt_new\" n;");
    }

    @Test
    void function_truncate_writesZeroWeightMarker() {
        assertThat(CaptureDdl.function(OID, List.of("id")))
                .contains("  ELSE\n    INSERT INTO \"pgtrickle_changes\".\"changes_16401\" (\"__pgt_w\") VALUES (0);");
    }

    @Test
    void function_plainColumns_usesPgtDollarTag() {
        String sql = CaptureDdl.function(OID, List.of("id"));

        assertThat(sql).contains("SECURITY DEFINER AS $pgt$\nBEGIN\n").endsWith("END\n$pgt$");
    }

    @Test
    void function_columnNamedLikeTheDollarTag_picksAnotherTag() {
        String sql = CaptureDdl.function(OID, List.of("$pgt$"));

        assertThat(sql).contains("AS $pgt0$\nBEGIN").endsWith("END\n$pgt0$").contains("n.\"$pgt$\"");
    }

    @Test
    void function_columnsNamedLikeTwoTags_picksAFreeOne() {
        String sql = CaptureDdl.function(OID, List.of("$pgt$", "$pgt0$"));

        assertThat(sql).contains("AS $pgt1$\nBEGIN").endsWith("END\n$pgt1$");
    }

    @Test
    void triggers_source_areStatementLevelWithTransitionTables() {
        Golden.assertSql(String.join(";\n", CaptureDdl.triggers(OID, "\"public\".\"orders\"")));
    }

    @Test
    void triggers_names_areTheFourCaptureTriggers() {
        assertThat(CaptureDdl.triggers(OID, "\"s\".\"t\"")).hasSize(4).allSatisfy(sql -> assertThat(sql)
                .startsWith("CREATE OR REPLACE TRIGGER \"__pgt_capture_")
                .endsWith(" FOR EACH STATEMENT EXECUTE FUNCTION \"pgtrickle_changes\".\"capture_16401\"()"));
        assertThat(CaptureDdl.TRIGGERS)
                .containsExactly("__pgt_capture_ins", "__pgt_capture_upd", "__pgt_capture_del", "__pgt_capture_trunc");
    }

    @Test
    void createBuffer_columns_addsXidAndWeightFirst() {
        assertThat(CaptureDdl.createBuffer(OID, List.of(new CaptureDdl.Column("id", "integer"),
                new CaptureDdl.Column("Amount", "numeric(12,2)")))).isEqualTo("""
                CREATE TABLE "pgtrickle_changes"."changes_16401" (
                    "__pgt_xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
                    "__pgt_w" smallint NOT NULL,
                    "id" integer,
                    "Amount" numeric(12,2)
                )""");
    }

    @Test
    void addColumns_twoColumns_isOneAlterTable() {
        assertThat(CaptureDdl.addColumns(OID, List.of(new CaptureDdl.Column("a", "text"),
                new CaptureDdl.Column("b", "public.mood"))))
                .isEqualTo("ALTER TABLE \"pgtrickle_changes\".\"changes_16401\" ADD COLUMN \"a\" text,"
                        + " ADD COLUMN \"b\" public.mood");
    }

    @Test
    void drop_existingSource_dropsTriggersThenFunctionThenBuffer() {
        assertThat(CaptureDdl.drop(OID, "\"public\".\"orders\"")).containsExactly(
                "DROP TRIGGER IF EXISTS \"__pgt_capture_ins\" ON \"public\".\"orders\"",
                "DROP TRIGGER IF EXISTS \"__pgt_capture_upd\" ON \"public\".\"orders\"",
                "DROP TRIGGER IF EXISTS \"__pgt_capture_del\" ON \"public\".\"orders\"",
                "DROP TRIGGER IF EXISTS \"__pgt_capture_trunc\" ON \"public\".\"orders\"",
                "DROP FUNCTION IF EXISTS \"pgtrickle_changes\".\"capture_16401\"()",
                "DROP TABLE IF EXISTS \"pgtrickle_changes\".\"changes_16401\"");
    }

    @Test
    void drop_sourceGone_dropsOnlyFunctionAndBuffer() {
        assertThat(CaptureDdl.drop(OID, null)).containsExactly(
                "DROP FUNCTION IF EXISTS \"pgtrickle_changes\".\"capture_16401\"()",
                "DROP TABLE IF EXISTS \"pgtrickle_changes\".\"changes_16401\"");
    }
}

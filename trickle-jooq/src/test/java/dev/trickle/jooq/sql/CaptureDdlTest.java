package dev.trickle.jooq.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Golden;
import dev.trickle.jooq.sql.CaptureDdl.SourceColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CaptureDdl}: change buffers, the statement-level trigger function and its four triggers. */
class CaptureDdlTest {
    private static final long OID = 16401;
    private static final SourceColumn ID = new SourceColumn("id", 1, 23, -1);
    private static final SourceColumn AMOUNT = new SourceColumn("amount", 3, 1700, 786438);

    /** @return the trigger function's {@code CREATE} */
    private static String create(List<SourceColumn> columns) {
        List<String> statements = CaptureDdl.function(OID, columns);
        return statements.get(statements.size() - 2);
    }

    @Test
    void function_columns_copiesTransitionTablesWithWeights() {
        Golden.assertSql(String.join(";\n", CaptureDdl.function(OID, List.of(ID, AMOUNT))));
    }

    @Test
    void function_noColumns_recordsOneMarkerRowPerStatement() {
        Golden.assertSql(String.join(";\n", CaptureDdl.function(OID, List.of())));
    }

    @Test
    void function_update_writesOldRowsNegativeThenNewRowsPositiveWithEveryBufferColumn() {
        assertThat(create(List.of(ID))).contains("ELSIF TG_OP = 'UPDATE' THEN\n"
                + "    INSERT INTO \"pgtrickle_changes\".\"changes_16401\" (\"__pgt_xid\", \"__pgt_w\", \"id\")"
                + " SELECT pg_catalog.pg_current_xact_id(), -1::smallint, o.\"id\" FROM \"__pgt_old\" o UNION ALL"
                + " SELECT pg_catalog.pg_current_xact_id(), 1::smallint, n.\"id\" FROM \"__pgt_new\" n;");
    }

    @Test
    void function_truncate_writesZeroWeightMarkerBeforeAnyCheck() {
        assertThat(create(List.of(ID))).contains("  END IF;\n  IF TG_OP = 'TRUNCATE' THEN\n"
                + "    INSERT INTO \"pgtrickle_changes\".\"changes_16401\" (\"__pgt_w\") VALUES (0);\n"
                + "    RETURN NULL;\n  END IF;\n  -- whether");
    }

    @Test
    void function_columnChanged_writesZeroWeightMarker() {
        assertThat(create(List.of(ID))).contains("  IF NOT unchanged THEN\n"
                + "    INSERT INTO \"pgtrickle_changes\".\"changes_16401\" (\"__pgt_w\") VALUES (0);\n"
                + "  ELSIF TG_OP = 'INSERT' THEN");
    }

    @Test
    void function_columns_asksTheColumnsFunctionWithARegclassConstantThenReadsTheCatalogIfItDoesNotKnow() {
        assertThat(create(List.of(ID))).contains("DECLARE\n  unchanged boolean;\nBEGIN\n")
                .contains("  unchanged := \"pgtrickle_changes\".\"capture_16401_columns\"('16401'::regclass);\n"
                        + "  IF unchanged IS NULL THEN\n"
                        + "    unchanged := (SELECT count(*) FROM pg_catalog.pg_attribute\n"
                        + "      WHERE attrelid = '16401' AND attnum BETWEEN 1 AND 1\n");
    }

    @Test
    void function_columns_writesTheColumnsFunctionFirst() {
        List<String> statements = CaptureDdl.function(OID, List.of(ID, AMOUNT));

        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).startsWith("CREATE OR REPLACE FUNCTION"
                + " \"pgtrickle_changes\".\"capture_16401_columns\"(source regclass) RETURNS boolean\n"
                + "LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $pgt$\n");
        assertThat(statements.get(1)).isEqualTo(
                "REVOKE ALL ON FUNCTION \"pgtrickle_changes\".\"capture_16401_columns\"(regclass) FROM PUBLIC");
    }

    @Test
    void columnsFunction_outsideReadCommitted_returnsNull() {
        assertThat(CaptureDdl.function(OID, List.of(ID)).get(0)).contains("BEGIN\n"
                + "  IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN\n"
                + "    RETURN NULL;\n  END IF;\n  RETURN (SELECT count(*) FROM pg_catalog.pg_attribute\n"
                + "      WHERE attrelid = source AND attnum BETWEEN 1 AND 1\n");
    }

    @Test
    void function_noColumns_dropsTheColumnsFunction() {
        assertThat(CaptureDdl.function(OID, List.of())).hasSize(3).first()
                .isEqualTo("DROP FUNCTION IF EXISTS \"pgtrickle_changes\".\"capture_16401_columns\"(regclass)");
    }

    @Test
    void function_any_isSecurityDefinerWithPinnedSearchPath() {
        assertThat(create(List.of(ID))).startsWith("CREATE OR REPLACE FUNCTION"
                + " \"pgtrickle_changes\".\"capture_16401\"() RETURNS trigger\n"
                + "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $pgt$\n");
        assertThat(create(List.of())).contains(" SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS ");
    }

    @Test
    void function_any_revokesExecuteFromPublicRightAfterCreating() {
        assertThat(CaptureDdl.function(OID, List.of(ID))).hasSize(4).last()
                .isEqualTo("REVOKE ALL ON FUNCTION \"pgtrickle_changes\".\"capture_16401\"() FROM PUBLIC");
        assertThat(CaptureDdl.function(OID, List.of())).last().asString().startsWith("REVOKE ALL ON FUNCTION ");
    }

    @Test
    void function_firedOnAnotherTable_raisesBeforeWritingAnything() {
        for (List<SourceColumn> columns : List.of(List.of(ID), List.<SourceColumn>of())) {
            assertThat(create(columns)).contains("BEGIN\n  IF TG_RELID <> '16401' THEN\n"
                    + "    RAISE EXCEPTION 'capture function of relation 16401 fired on relation %', TG_RELID"
                    + " USING ERRCODE = 'insufficient_privilege';\n  END IF;\n");
        }
    }

    @Test
    void function_columns_probeComparesNumberNameTypeAndModifierOfEach() {
        String probe = "(SELECT count(*) FROM pg_catalog.pg_attribute\n"
                + "      WHERE attrelid = %s AND attnum BETWEEN 1 AND 3\n"
                + "        AND (attnum, attname, atttypid, atttypmod) IN (\n"
                + "          (1, 'id', '23', -1),\n"
                + "          (3, 'amount', '1700', 786438))) = 2;";
        List<String> statements = CaptureDdl.function(OID, List.of(ID, AMOUNT));

        assertThat(statements.get(0)).contains("RETURN " + probe.formatted("source"));
        assertThat(statements.get(2)).contains("unchanged := " + probe.formatted("'16401'"));
    }

    @Test
    void function_noColumns_hasNoProbe() {
        assertThat(create(List.of())).doesNotContain("pg_attribute").doesNotContain("unchanged");
    }

    @Test
    void function_largeOids_areQuotedLiterals() {
        String sql = String.join(";\n", CaptureDdl.function(3_000_000_000L,
                List.of(new SourceColumn("c", 2, 3_000_000_001L, -1))));

        assertThat(sql).contains("TG_RELID <> '3000000000'").contains("attrelid = '3000000000'")
                .contains("('3000000000'::regclass)").contains("(2, 'c', '3000000001', -1)");
    }

    @Test
    void function_columnNameWithQuoteAndBackslash_isAnEscapeString() {
        assertThat(create(List.of(new SourceColumn("it's\\", 1, 25, -1), new SourceColumn("plain's", 2, 25, -1))))
                .contains("(1, E'it''s\\\\', '25', -1)").contains("n.\"it's\\\"")
                .contains("(2, 'plain''s', '25', -1)");
    }

    @Test
    void function_plainColumns_usesPgtDollarTag() {
        String sql = create(List.of(ID));

        assertThat(sql).contains(" AS $pgt$\nDECLARE\n").endsWith("END\n$pgt$");
    }

    @Test
    void function_columnNamedLikeTheDollarTag_picksAnotherTag() {
        String sql = create(List.of(new SourceColumn("$pgt$", 1, 23, -1)));

        assertThat(sql).contains("AS $pgt0$\nDECLARE").endsWith("END\n$pgt0$").contains("n.\"$pgt$\"");
    }

    @Test
    void function_columnsNamedLikeTwoTags_picksAFreeOne() {
        String sql = create(List.of(new SourceColumn("$pgt$", 1, 23, -1), new SourceColumn("$pgt0$", 2, 23, -1)));

        assertThat(sql).contains("AS $pgt1$\nDECLARE").endsWith("END\n$pgt1$");
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
    void drop_any_dropsFunctionWithItsTriggersThenColumnsFunctionThenBuffer() {
        assertThat(CaptureDdl.drop(OID)).containsExactly(
                "DROP FUNCTION IF EXISTS \"pgtrickle_changes\".\"capture_16401\"() CASCADE",
                "DROP FUNCTION IF EXISTS \"pgtrickle_changes\".\"capture_16401_columns\"(regclass)",
                "DROP TABLE IF EXISTS \"pgtrickle_changes\".\"changes_16401\"");
    }
}

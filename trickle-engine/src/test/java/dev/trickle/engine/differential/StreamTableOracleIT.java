package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The oracle itself: it passes on a correct stream table and names each kind of damage done to the storage table
 * by hand (a missing row, an extra row, a hidden count below zero, a repeated row id). Each test has tables of its
 * own.
 */
class StreamTableOracleIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    private static final String TOTALS = "SELECT g, count(*) AS cnt, sum(v) AS total FROM %s GROUP BY g";

    private static String setUp(Trickle engine, DSLContext dsl, String suffix) {
        dsl.execute("CREATE TABLE src_" + suffix + " (id int PRIMARY KEY, g int, v numeric)");
        dsl.execute("INSERT INTO src_" + suffix + " VALUES (1, 1, 1.5), (2, 1, 2), (3, NULL, 4), (4, 2, 0.50)");
        String query = String.format(TOTALS, "src_" + suffix);
        engine.createStreamTable(StreamTableSpec.builder("st_" + suffix, query).mode(RefreshMode.DIFFERENTIAL).build());
        return query;
    }

    @Test
    void check_freshStreamTable_matches(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "ok");

        StreamTableOracle.Report report = StreamTableOracle.check(dsl, "st_ok", query);

        assertThat(report.matches()).as(report.describe(query)).isTrue();
        assertThat(report.storedRows()).isEqualTo(3);
        assertThat(report.stored()).hasSize(3);
    }

    @Test
    void check_sameValueAtAnotherScale_matches(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "scale");
        Tampering.write(dsl, "UPDATE st_scale SET total = 3.5000 WHERE g = 1");

        StreamTableOracle.assertMatchesRecompute(dsl, "st_scale", query);
    }

    @Test
    void assertMatchesRecompute_missingRow_namesItAndPrintsHistory(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "missing");
        Tampering.write(dsl, "DELETE FROM st_missing WHERE g = 2");

        assertThatThrownBy(() -> StreamTableOracle.assertMatchesRecompute(dsl, "st_missing", query, "#1 the story"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 rows missing (returned by the query, not in the stream table)")
                .hasMessageContaining("0.50")
                .hasMessageContaining("stream table (2 rows)")
                .hasMessageContaining("query recomputed (3 rows)")
                .hasMessageContaining("history:\n#1 the story");
    }

    @Test
    void assertMatchesRecompute_extraRow_namesIt(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "extra");
        Tampering.write(dsl, "INSERT INTO st_extra (g, cnt, total, __pgt_count, __pgt_nn_1, __pgt_sum_1, __pgt_row_id)"
                + " VALUES (7, 1, 9, 1, 1, 9, 42)");

        assertThatThrownBy(() -> StreamTableOracle.assertMatchesRecompute(dsl, "st_extra", query))
                .hasMessageContaining("1 rows extra (in the stream table, not returned by the query)")
                .hasMessageNotContaining("rows missing");
    }

    @Test
    void assertMatchesRecompute_negativeHiddenCount_namesTheRow(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "negative");
        Tampering.write(dsl, "UPDATE st_negative SET __pgt_nn_1 = -1 WHERE g = 2");

        assertThatThrownBy(() -> StreamTableOracle.assertMatchesRecompute(dsl, "st_negative", query))
                .hasMessageContaining("1 rows with a hidden count below zero")
                .hasMessageNotContaining("rows missing");
    }

    @Test
    void assertMatchesRecompute_repeatedRowId_namesIt(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "dup");
        for (String index : dsl.fetch("SELECT indexname FROM pg_indexes WHERE tablename = 'st_dup'")
                .getValues(0, String.class)) {
            dsl.execute("DROP INDEX " + index);
        }
        Tampering.write(dsl, "UPDATE st_dup SET __pgt_row_id = 7");

        assertThatThrownBy(() -> StreamTableOracle.assertMatchesRecompute(dsl, "st_dup", query))
                .hasMessageContaining("1 row ids held more than once");
    }

    @Test
    void assertMatchesRecompute_jooqSelect_comparesWithTheQueryAsTheSpecRendersIt(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE src_jooq (id int PRIMARY KEY, g int, v numeric)");
        dsl.execute("INSERT INTO src_jooq VALUES (1, 1, 1.5), (2, 1, 2), (3, 2, 4), (4, 2, 0.50)");
        var g = DSL.field(DSL.name("g"), Integer.class);
        var v = DSL.field(DSL.name("v"), java.math.BigDecimal.class);
        // a bind value: the oracle must inline it as the spec does, or the recomputation could not run
        var query = DSL.select(g, DSL.sum(v).as("total")).from(DSL.table(DSL.name("src_jooq")))
                .where(v.gt(java.math.BigDecimal.ONE)).groupBy(g);
        engine.createStreamTable(StreamTableSpec.builder("st_jooq", query).mode(RefreshMode.DIFFERENTIAL).build());

        StreamTableOracle.assertMatchesRecompute(dsl, "st_jooq", query);
        assertThat(StreamTableOracle.check(dsl, "st_jooq", query).storedRows()).isEqualTo(2);

        Tampering.write(dsl, "DELETE FROM st_jooq WHERE g = 2");
        assertThatThrownBy(() -> StreamTableOracle.assertMatchesRecompute(dsl, "st_jooq", query))
                .hasMessageContaining("1 rows missing")
                .hasMessageContaining("where \"v\" > 1");
    }

    @Test
    void check_notAStreamTable_isRejected(DSLContext dsl) {
        dsl.execute("CREATE TABLE plain (id int)");

        assertThatThrownBy(() -> StreamTableOracle.check(dsl, "plain", "SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a stream table");
    }

    /**
     * Regression: pgjdbc prepares a statement on the server after five runs on a connection; when a test recreated a
     * stream table of the same name with other column types, reusing that plan failed with "cached plan must not
     * change result type". The oracle's SQL names the table's OID, so a new table gets new statements.
     */
    @Test
    void check_streamTableRecreatedWithOtherColumnTypes_onOneConnection_stillWorks(Trickle engine, TestDatabase db)
            throws SQLException {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        dsl.execute("CREATE TABLE src_again (id int PRIMARY KEY, g int, s text)");
        dsl.execute("INSERT INTO src_again VALUES (1, 1, 'a'), (2, 2, 'b')");
        try (Connection c = db.newConnection()) {
            DSLContext one = DSL.using(c, SQLDialect.POSTGRES);
            for (int i = 0; i < 14; i++) {
                String query = i < 7
                        ? "SELECT g, count(*) AS c FROM src_again GROUP BY g"
                        : "SELECT s AS g, count(*) AS c FROM src_again GROUP BY s";
                engine.createStreamTable(StreamTableSpec.builder("st_again", query).mode(RefreshMode.DIFFERENTIAL)
                        .build());
                StreamTableOracle.assertMatchesRecompute(one, "st_again", query);
                engine.drop("st_again");
            }
        }
    }
}

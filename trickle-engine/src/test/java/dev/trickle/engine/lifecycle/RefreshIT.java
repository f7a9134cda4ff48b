package dev.trickle.engine.lifecycle;

import static dev.trickle.engine.lifecycle.StorageContents.assertMatchesQuery;
import static dev.trickle.engine.lifecycle.StorageContents.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refreshing after INSERT, UPDATE and DELETE: the stream table equals its query recomputed, the result counts are
 * plausible, and every refresh is recorded. Each test has a source table of its own.
 */
class RefreshIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    private static final String TOTALS = "select region, sum(amount) as total, count(*) as n from %s group by region";

    /** Creates {@code src_<suffix>} with 3 regions and the stream table {@code totals_<suffix>} over it. */
    private static String setUp(Trickle engine, DSLContext dsl, String suffix) {
        dsl.execute("CREATE TABLE src_" + suffix + " (id int PRIMARY KEY, region text, amount int)");
        dsl.execute("INSERT INTO src_" + suffix + " VALUES (1, 'north', 10), (2, 'north', 20), (3, 'south', 5),"
                + " (4, 'east', 7), (5, 'east', 1)");
        String query = String.format(TOTALS, "src_" + suffix);
        engine.createStreamTable("totals_" + suffix, query);
        return query;
    }

    @Test
    void refresh_insertIntoNewGroup_addsRow(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "ins");
        dsl.execute("INSERT INTO src_ins VALUES (6, 'west', 3)");

        RefreshResult result = engine.refresh("totals_ins");

        assertMatchesQuery(dsl, "public.totals_ins", query);
        assertThat(count(dsl, "totals_ins")).isEqualTo(4);
        assertThat(result.streamTable()).isEqualTo(new TableName("public", "totals_ins"));
        assertThat(result.action()).isIn(RefreshAction.FULL, RefreshAction.DIFFERENTIAL);
        assertThat(result.rowsInserted()).isEqualTo(1);
        assertThat(result.rowsUpdated()).isZero();
        assertThat(result.rowsDeleted()).isZero();
        assertThat(result.duration()).isPositive();
    }

    @Test
    void refresh_insertIntoExistingGroup_changesOnlyThatGroup(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "ins2");
        dsl.execute("INSERT INTO src_ins2 VALUES (6, 'north', 3)");

        RefreshResult result = engine.refresh("totals_ins2");

        assertMatchesQuery(dsl, "public.totals_ins2", query);
        // one group changed: one update, or one delete and one insert
        assertThat(result.rowsChanged()).isBetween(1L, 2L);
        assertThat(result.rowsInserted()).isEqualTo(result.rowsDeleted());
    }

    @Test
    void refresh_updateOfValue_changesOnlyThatGroup(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "upd");
        dsl.execute("UPDATE src_upd SET amount = 500 WHERE id = 3");

        RefreshResult result = engine.refresh("totals_upd");

        assertMatchesQuery(dsl, "public.totals_upd", query);
        assertThat(dsl.fetchOne("SELECT total FROM totals_upd WHERE region = 'south'").get(0, Long.class))
                .isEqualTo(500);
        assertThat(result.rowsChanged()).isBetween(1L, 2L);
        assertThat(count(dsl, "totals_upd")).isEqualTo(3);
    }

    @Test
    void refresh_updateOfGroupKey_movesRowBetweenGroups(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "key");
        dsl.execute("UPDATE src_key SET region = 'south' WHERE id = 1");

        RefreshResult result = engine.refresh("totals_key");

        assertMatchesQuery(dsl, "public.totals_key", query);
        assertThat(dsl.fetch("SELECT region, total, n FROM totals_key ORDER BY region").map(Record::intoList))
                .containsExactly(List.of("east", 8L, 2L), List.of("north", 20L, 1L), List.of("south", 15L, 2L));
        // two groups changed
        assertThat(result.rowsChanged()).isBetween(2L, 4L);
    }

    @Test
    void refresh_updateOfGroupKeyIntoNewGroupEmptyingOld_replacesGroup(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "key2");
        dsl.execute("UPDATE src_key2 SET region = NULL WHERE region = 'east'");

        RefreshResult result = engine.refresh("totals_key2");

        assertMatchesQuery(dsl, "public.totals_key2", query);
        assertThat(dsl.fetch("SELECT region FROM totals_key2").getValues(0, String.class))
                .containsExactlyInAnyOrder("north", "south", null);
        assertThat(result.rowsInserted()).isEqualTo(1);
        assertThat(result.rowsDeleted()).isEqualTo(1);
    }

    @Test
    void refresh_deleteOfLastRowOfGroup_removesGroup(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "del");
        dsl.execute("DELETE FROM src_del WHERE region = 'south'");

        RefreshResult result = engine.refresh("totals_del");

        assertMatchesQuery(dsl, "public.totals_del", query);
        assertThat(count(dsl, "totals_del")).isEqualTo(2);
        assertThat(result.rowsDeleted()).isEqualTo(1);
        assertThat(result.rowsInserted()).isZero();
        assertThat(result.rowsUpdated()).isZero();
    }

    @Test
    void refresh_deleteOfEveryRow_emptiesStreamTable(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "all");
        dsl.execute("DELETE FROM src_all");

        RefreshResult result = engine.refresh("totals_all");

        assertMatchesQuery(dsl, "public.totals_all", query);
        assertThat(count(dsl, "totals_all")).isZero();
        assertThat(result.rowsDeleted()).isEqualTo(3);
    }

    @Test
    void refresh_mixedBatchInOneTransaction_matchesQuery(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "mix");
        dsl.transaction(tx -> tx.dsl().execute("""
                INSERT INTO src_mix VALUES (10, 'west', 1), (11, 'west', 2), (12, NULL, 4);
                UPDATE src_mix SET amount = amount + 1 WHERE region = 'north';
                UPDATE src_mix SET region = 'west' WHERE id = 3;
                DELETE FROM src_mix WHERE id = 4;
                INSERT INTO src_mix VALUES (4, 'east', 7);
                UPDATE src_mix SET amount = NULL WHERE id = 5;
                """));

        engine.refresh("totals_mix");

        assertMatchesQuery(dsl, "public.totals_mix", query);
    }

    @Test
    void refresh_uncommittedChange_isNotApplied(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "rb");
        try {
            dsl.transaction(tx -> {
                tx.dsl().execute("INSERT INTO src_rb VALUES (6, 'west', 3)");
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        RefreshResult result = engine.refresh("totals_rb");

        assertThat(result.rowsChanged()).isZero();
        assertMatchesQuery(dsl, "public.totals_rb", query);
    }

    @Test
    void refresh_duplicateRowsWithoutGrouping_keepsEveryOccurrence(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE src_bag (id serial PRIMARY KEY, v text)");
        dsl.execute("INSERT INTO src_bag (v) VALUES ('a'), ('a'), ('b'), (NULL)");
        String query = "select v from src_bag";
        engine.createStreamTable("bag", query);
        dsl.execute("INSERT INTO src_bag (v) VALUES ('a'), (NULL), ('c')");
        dsl.execute("DELETE FROM src_bag WHERE id = (SELECT min(id) FROM src_bag WHERE v = 'a')");

        RefreshResult result = engine.refresh("bag");

        assertMatchesQuery(dsl, "public.bag", query);
        assertThat(count(dsl, "bag")).isEqualTo(6);
        // net: as many 'a' as before, one more NULL, one 'c'
        assertThat(result.rowsInserted() - result.rowsDeleted()).isEqualTo(2);
        assertThat(result.rowsChanged()).isBetween(2L, 4L);
    }

    @Test
    void refresh_withoutChanges_writesNothing(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "noop");
        dsl.execute("UPDATE src_noop SET amount = amount WHERE id = 1");
        engine.refresh("totals_noop");

        RefreshResult second = engine.refresh("totals_noop");
        RefreshResult third = engine.refresh("totals_noop");

        assertThat(second.rowsChanged()).isZero();
        assertThat(third.rowsChanged()).isZero();
        assertThat(second.action()).isIn(RefreshAction.NO_DATA, RefreshAction.FULL, RefreshAction.DIFFERENTIAL);
        assertMatchesQuery(dsl, "public.totals_noop", query);
    }

    @Test
    void refresh_withoutChanges_keepsRowIds(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "ids");
        List<Long> before = dsl.fetch("SELECT __pgt_row_id FROM totals_ids ORDER BY 1").getValues(0, Long.class);

        engine.refresh("totals_ids");

        assertThat(dsl.fetch("SELECT __pgt_row_id FROM totals_ids ORDER BY 1").getValues(0, Long.class))
                .isEqualTo(before);
    }

    @Test
    void refresh_each_recordsHistoryRowWithItsCounts(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "hist");
        dsl.execute("INSERT INTO src_hist VALUES (6, 'west', 3)");
        RefreshResult first = engine.refresh("totals_hist");
        RefreshResult second = engine.refresh("totals_hist");

        List<List<Object>> history = dsl.fetch("""
                        SELECT h.initiated_by, h.status, h.action, h.rows_inserted, h.rows_updated, h.rows_deleted,
                               h.end_time >= h.start_time, h.error_message IS NULL, h.data_timestamp IS NOT NULL
                          FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
                         WHERE s.pgt_schema = 'public' AND s.pgt_name = 'totals_hist'
                         ORDER BY h.refresh_id""")
                .map(Record::intoList);

        assertThat(history).hasSize(3);
        assertThat(history.get(0).subList(0, 2)).containsExactly("CREATE", "COMPLETED");
        assertThat(history.get(1)).containsExactly("MANUAL", "COMPLETED", first.action().name(),
                first.rowsInserted(), first.rowsUpdated(), first.rowsDeleted(), true, true, true);
        assertThat(history.get(2)).containsExactly("MANUAL", "COMPLETED", second.action().name(),
                0L, 0L, 0L, true, true, true);
    }

    @Test
    void refresh_advancesDataTimestamp(Trickle engine, DSLContext dsl) throws InterruptedException {
        setUp(engine, dsl, "ts");
        Instant created = engine.streamTable("totals_ts").map(StreamTable::dataTimestamp).orElseThrow();
        Thread.sleep(5);

        engine.refresh("totals_ts");

        assertThat(engine.streamTable("totals_ts").map(StreamTable::dataTimestamp).orElseThrow()).isAfter(created);
    }

    @Test
    void refresh_quotedSchemaQualifiedNameAndQuotedSource_matchesQuery(Trickle engine, DSLContext dsl) {
        dsl.execute("""
                CREATE SCHEMA "Shop";
                CREATE TABLE "Shop"."Line Items" ("Sku" text, qty int);
                INSERT INTO "Shop"."Line Items" VALUES ('a', 1), ('b', 2);
                """);
        String query = "select \"Sku\", sum(qty) as qty from \"Shop\".\"Line Items\" group by \"Sku\"";
        engine.createStreamTable("\"Shop\".\"Sku Totals\"", query);
        dsl.execute("INSERT INTO \"Shop\".\"Line Items\" VALUES ('a', 5), ('c', 1)");

        RefreshResult result = engine.refresh("\"Shop\".\"Sku Totals\"");

        assertThat(result.streamTable()).isEqualTo(new TableName("Shop", "Sku Totals"));
        assertMatchesQuery(dsl, "\"Shop\".\"Sku Totals\"", query);
    }

    @Test
    void refresh_underAnotherSearchPath_usesTheCreatorsSearchPath(Trickle engine, DSLContext dsl) {
        dsl.execute("""
                CREATE SCHEMA other;
                CREATE TABLE other.src_sp (v int);
                CREATE TABLE public.src_sp (v int);
                INSERT INTO public.src_sp VALUES (1);
                INSERT INTO other.src_sp VALUES (100);
                """);
        engine.createStreamTable("sp", "select v from src_sp");
        dsl.execute("INSERT INTO public.src_sp VALUES (2)");
        dsl.execute("ALTER DATABASE " + dsl.fetchOne("SELECT current_database()").get(0, String.class)
                + " SET search_path = other, public");
        try {
            engine.refresh("public.sp");
        } finally {
            dsl.execute("ALTER DATABASE " + dsl.fetchOne("SELECT current_database()").get(0, String.class)
                    + " RESET search_path");
        }

        assertThat(dsl.fetch("SELECT v FROM public.sp ORDER BY v").getValues(0, Integer.class)).containsExactly(1, 2);
    }

    @Test
    void refresh_unknownName_throwsStreamTableNotFoundException(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE plain_refresh (v int)");

        assertThatThrownBy(() -> engine.refresh("no_such_stream_table"))
                .isInstanceOf(StreamTableNotFoundException.class)
                .hasMessageContaining("no_such_stream_table");
        assertThatThrownBy(() -> engine.refresh("plain_refresh"))
                .isInstanceOf(StreamTableNotFoundException.class)
                .hasMessageContaining("plain_refresh");
    }

    @Test
    void refresh_byNameAfterAnotherEngineDroppedAndRecreatedIt_refreshesTheNewOne(Trickle engine, DSLContext dsl,
            javax.sql.DataSource dataSource) {
        dsl.execute("CREATE TABLE renamed_src_a (id int PRIMARY KEY, v int)");
        dsl.execute("CREATE TABLE renamed_src_b (id int PRIMARY KEY, w text)");
        dsl.execute("INSERT INTO renamed_src_a VALUES (1, 1)");
        dsl.execute("INSERT INTO renamed_src_b VALUES (1, 'b')");
        engine.createStreamTable("reborn", "SELECT id, v FROM renamed_src_a");
        dsl.execute("INSERT INTO renamed_src_a VALUES (2, 2)");
        engine.refresh("reborn");

        try (Trickle other = Trickle.builder(dataSource).build()) {
            other.drop("reborn");
            other.createStreamTable("reborn", "SELECT id, w FROM renamed_src_b");
        }
        dsl.execute("INSERT INTO renamed_src_b VALUES (2, 'bb')");

        assertThat(engine.refresh("reborn").streamTable()).isEqualTo(new TableName("public", "reborn"));
        assertMatchesQuery(dsl, "public.reborn", "SELECT id, w FROM renamed_src_b");
    }
}

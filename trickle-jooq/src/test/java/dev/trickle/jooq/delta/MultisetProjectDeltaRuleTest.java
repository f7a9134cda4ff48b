package dev.trickle.jooq.delta;

import static dev.trickle.jooq.Catalog.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.jooq.Catalog;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.Golden;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.plan.Scan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MultisetProjectDeltaRule}: a projection over a keyless table keeps one stream table row per result row,
 * numbered within its class of equal rows, the first holding the class's size. Goldens hold the storage query and the
 * differential refresh statement.
 */
class MultisetProjectDeltaRuleTest {
    private static final Catalog DB = Catalog.of(
            table("readings", "sensor int", "value numeric", "note text"),
            table("sensors", "id int pk", "name text"));
    private static final Catalog.Query SCAN = DB.query("select sensor, value from readings where value > 0")
            .outputs("sensor integer", "value numeric");
    private static final Catalog.Query JOINED = DB.query(
                    "select s.name, r.value from readings r join sensors s on s.id = r.sensor")
            .outputs("name text", "value numeric");

    @Test
    void storageQuery_keylessScan_numbersEqualRowsAndCountsOnTheFirst() {
        Golden.assertSql(SCAN.compile("integer", "numeric").storageQuery());
    }

    @Test
    void differentialSql_keylessScan_writesOccurrencesBetweenOldAndNewSize() {
        CompiledStreamTable c = SCAN.compile("integer", "numeric");
        Golden.assertSql(new dev.trickle.jooq.QueryCompiler().formattedDifferentialSql(c, DeltaPlans.ID));
    }

    @Test
    void differentialSql_keylessJoinedToKeyed_hashesKeyAndContent() {
        CompiledStreamTable c = JOINED.compile("integer", "numeric", "integer");
        Golden.assertSql(new dev.trickle.jooq.QueryCompiler().formattedDifferentialSql(c, DeltaPlans.ID));
    }

    @Test
    void keyProbe_keylessScan_asksTypesOfEveryColumnRead() {
        assertThat(SCAN.keyProbe()).hasValueSatisfying(q -> assertThat(q)
                .contains("\"readings\".\"sensor\" AS \"__pgt_k1\"")
                .contains("\"readings\".\"value\" AS \"__pgt_k2\"")
                .doesNotContain("note"));
    }

    @Test
    void rowId_keylessWithTypes_castsEachColumnToItsBaseType() {
        assertThat(SCAN.compile("integer", "numeric").storageQuery())
                .contains("record_send(ROW(CAST(\"readings\".\"sensor\" AS integer), CAST(\"readings\".\"value\""
                        + " AS numeric)))");
    }

    @Test
    void compile_keylessScan_isDifferentialWithHiddenMultiplicity() {
        CompiledStreamTable c = SCAN.compile("integer", "numeric");

        assertThat(c.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(c.storageColumns()).extracting(OutputColumn::name).containsExactly("sensor", "value", "__pgt_mult");
        assertThat(c.outputCount()).isEqualTo(2);
        assertThat(c.captureColumns()).containsEntry(16401L, List.of("sensor", "value"));
    }

    @Test
    void compile_keylessScanReadingNoColumn_capturesItsFirstColumn() {
        CompiledStreamTable c = DB.query("select 1 as one from readings").outputs("one integer").compile();

        assertThat(c.captureColumns()).containsEntry(16401L, List.of("sensor"));
        assertThat(c.plan().scans()).extracting(Scan::identity).containsExactly(List.of("sensor"));
    }

    @Test
    void compile_keyedScan_keepsTheProjectRule() {
        CompiledStreamTable c = DB.query("select id, name from sensors").outputs("id integer", "name text").compile();

        assertThat(c.storageColumns()).extracting(OutputColumn::name).containsExactly("id", "name");
    }

    @Test
    void compile_aggregateOverKeyless_isDifferential() {
        CompiledStreamTable c = DB.query("select sensor, count(*) as n, sum(value) as total from readings group by sensor")
                .outputs("sensor integer", "n bigint", "total numeric").compile();

        assertThat(c.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(c.captureColumns()).containsEntry(16401L, List.of("sensor", "value"));
    }
}

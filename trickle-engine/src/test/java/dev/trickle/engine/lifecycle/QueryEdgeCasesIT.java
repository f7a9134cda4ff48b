package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Output columns without a name are named as in a view; a select list without columns, {@code TABLESAMPLE} and
 * functions in {@code FROM} are refused by name in DIFFERENTIAL and refreshed in full under AUTO.
 */
class QueryEdgeCasesIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    private static List<String> columns(DSLContext dsl, String relation) {
        return dsl.fetch("SELECT attname::text FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0"
                + " AND NOT attisdropped AND attname NOT LIKE '\\_\\_pgt%' ORDER BY attnum", relation)
                .getValues(0, String.class);
    }

    @Test
    void create_outputsWithoutAlias_areNamedAsInAView(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE unnamed_src (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO unnamed_src VALUES (1, 10), (2, 20)");
        String projection = "SELECT v + 1, upper('x') FROM unnamed_src";
        String aggregate = "SELECT v % 2, count(*) FROM unnamed_src GROUP BY v % 2";
        dsl.execute("CREATE VIEW unnamed_view_p AS " + projection);
        dsl.execute("CREATE VIEW unnamed_view_a AS " + aggregate);

        StreamTable p = engine.createStreamTable(
                StreamTableSpec.builder("unnamed_p", projection).mode(RefreshMode.DIFFERENTIAL).build());
        StreamTable a = engine.createStreamTable(
                StreamTableSpec.builder("unnamed_a", aggregate).mode(RefreshMode.DIFFERENTIAL).build());

        assertThat(columns(dsl, "unnamed_p")).isEqualTo(columns(dsl, "unnamed_view_p"))
                .containsExactly("?column?", "upper");
        assertThat(columns(dsl, "unnamed_a")).isEqualTo(columns(dsl, "unnamed_view_a"))
                .containsExactly("?column?", "count");
        assertThat(p.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(a.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        dsl.execute("UPDATE unnamed_src SET v = 11 WHERE id = 1");
        assertThat(engine.refresh("unnamed_p").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertThat(engine.refresh("unnamed_a").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.unnamed_p", projection);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.unnamed_a", aggregate);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT FROM edge_src                                        | a select list without columns",
        "SELECT id FROM edge_src TABLESAMPLE SYSTEM (100)            | TABLESAMPLE",
        "SELECT id, g FROM edge_src, generate_series(1, 2) g         | the set-returning function generate_series",
        "SELECT id, e FROM edge_src, jsonb_array_elements(doc) e     | the function jsonb_array_elements in FROM",
        "SELECT e FROM jsonb_array_elements('[1, 2]'::jsonb) e       | the function jsonb_array_elements in FROM",
        "SELECT id, x FROM edge_src, unnest(ARRAY[1, 2]) x           | the set-returning function unnest",
    })
    void create_constructRefusedByName_differentialRefusesAutoRefreshesInFull(String query, String construct,
            Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE IF NOT EXISTS edge_src (id int PRIMARY KEY, doc jsonb)");
        dsl.execute("INSERT INTO edge_src VALUES (1, '[1]') ON CONFLICT DO NOTHING");
        String name = "edge_" + Math.abs(query.hashCode());

        assertThatThrownBy(() -> engine.createStreamTable(
                        StreamTableSpec.builder(name, query).mode(RefreshMode.DIFFERENTIAL).build()))
                .isInstanceOf(UnsupportedQueryException.class)
                .hasMessageStartingWith(construct);

        StreamTable st = engine.createStreamTable(name, query);
        assertThat(st.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(st.fallbackReason()).startsWith(construct);
        dsl.execute("INSERT INTO edge_src VALUES (2, '[2, 3]') ON CONFLICT DO NOTHING");
        assertThat(engine.refresh(name).action()).isEqualTo(RefreshAction.FULL);
        if (query.startsWith("SELECT FROM")) {
            // rows without columns: as many as the query's
            assertThat(dsl.fetchValue("SELECT count(*) FROM " + name))
                    .isEqualTo(dsl.fetchValue("SELECT count(*) FROM (" + query + ") q"));
        } else if (!query.contains("TABLESAMPLE")) {
            StreamTableOracle.assertMatchesRecompute(dsl, "public." + name, query);
        }
        engine.drop(name);
    }
}

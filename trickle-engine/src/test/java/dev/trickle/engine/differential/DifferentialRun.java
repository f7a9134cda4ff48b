package dev.trickle.engine.differential;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import dev.trickle.testkit.TrickleFixture;
import java.util.List;
import java.util.Map;
import net.jqwik.api.statistics.Statistics;

/**
 * One try of a differential property: load the sources, create the stream table in DIFFERENTIAL mode, then for each
 * batch apply it, refresh, and check that the refresh was incremental and the stream table equals its query
 * recomputed. At the end, a refresh with nothing new must be NO_DATA, and a transaction still held open is
 * committed and applied by one more refresh.
 */
final class DifferentialRun {
    /** The stream table every property maintains; each property class has a database of its own. */
    static final String STREAM_TABLE = "st";
    /** The statistics label of whether a batch's refresh changed the stream table, collected for every batch. */
    static final String ROWS_CHANGED = "rows changed";

    private DifferentialRun() {}

    /**
     * A source table and its initial rows.
     *
     * @param table the table
     * @param rows its rows
     */
    record Source(TableSpec table, List<Row> rows) {}

    /** @return a fixture whose engine never switches to a full refresh because of the size of a change */
    static TrickleFixture differentialOnly() {
        return TrickleFixture.postgres().withEngine(b -> b.fullRefreshThreshold(1e9)).start();
    }

    /**
     * Runs one try.
     *
     * @param fixture the fixture
     * @param query the defining query
     * @param sources the sources, loaded in order
     * @param batches the batches, one refresh after each
     */
    static void check(TrickleFixture fixture, String query, List<Source> sources, List<DmlBatch> batches) {
        check(fixture, query, sources, Map.of(), batches);
    }

    /**
     * Runs one try over sources that include views of the tables.
     *
     * @param fixture the fixture
     * @param query the defining query
     * @param sources the tables, loaded in order
     * @param views views created after the tables are loaded (and dropped before), by name: their queries
     * @param batches the batches, one refresh after each
     */
    static void check(TrickleFixture fixture, String query, List<Source> sources, Map<String, String> views,
            List<DmlBatch> batches) {
        try (ChangeScenario s = ChangeScenario.of(fixture, STREAM_TABLE, query)) {
            views.keySet().forEach(v -> s.step("DROP VIEW IF EXISTS " + v + " CASCADE"));
            sources.forEach(src -> s.load(src.table(), src.rows()));
            views.forEach((v, q) -> s.step("CREATE VIEW " + v + " AS " + q));
            try {
                s.create(RefreshMode.DIFFERENTIAL).assertMatchesRecompute();
                for (DmlBatch batch : batches) {
                    s.apply(batch).refresh().assertDifferential().assertMatchesRecompute();
                    Statistics.label("action").collect(s.lastRefresh().action());
                    Statistics.label(ROWS_CHANGED).collect(s.lastRefresh().rowsChanged() > 0);
                }
                s.refresh().assertLastAction(RefreshAction.NO_DATA);
                s.apply(DmlBatch.of()).refresh().assertDifferential().assertMatchesRecompute();
            } finally {
                // the next property reloads the tables, which a view would hold
                views.keySet().forEach(v -> s.step("DROP VIEW IF EXISTS " + v + " CASCADE"));
            }
        }
        Statistics.label("action").coverage(c -> c.check(RefreshAction.DIFFERENTIAL).percentage(p -> p >= 75));
    }
}

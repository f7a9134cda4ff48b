package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ORDER BY ... LIMIT} case by case: what a refresh reads and writes. A probe function (declared immutable,
 * counting its calls in a sequence) in the select list counts the rows a refresh evaluates: the changed rows when the
 * window can be merged with them, every row of the table when the window is re-read.
 */
class TopKIT {
    private static final String QUERY = "SELECT id, probe(v) AS pv FROM big ORDER BY pv DESC, id LIMIT 3";
    private static final int ROWS = 5000;

    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(1e9));

    private static long calls(DSLContext dsl) {
        return dsl.fetch("SELECT last_value FROM probe_calls").getValues(0, Long.class).get(0);
    }

    /**
     * Runs statements, refreshes, checks the result against the query and the expected window, and returns the
     * refresh.
     *
     * @param reRead whether the refresh must read the whole table (else it evaluates fewer than 10 rows)
     */
    private static RefreshResult step(Trickle engine, DSLContext dsl, boolean reRead, List<Integer> window,
            String... statements) {
        for (String sql : statements) {
            dsl.execute(sql);
        }
        long before = calls(dsl);
        RefreshResult r = engine.refresh("top3");
        long evaluated = calls(dsl) - before;
        assertThat(r.action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.top3", QUERY);
        assertThat(window(dsl)).containsExactlyElementsOf(window);
        if (reRead) {
            assertThat(evaluated).as("rows evaluated").isGreaterThanOrEqualTo(ROWS);
        } else {
            assertThat(evaluated).as("rows evaluated").isLessThan(10);
        }
        return r;
    }

    private static List<Integer> window(DSLContext dsl) {
        return dsl.fetch("SELECT id FROM top3 ORDER BY pv DESC, id").getValues(0, Integer.class);
    }

    private static List<Long> written(RefreshResult r) {
        return List.of(r.rowsInserted(), r.rowsDeleted(), r.rowsUpdated());
    }

    @Test
    void refresh_rowsEnterMoveAndLeave_readsTheTableOnlyWhenNothingChangedCanFillTheWindow(Trickle engine,
            DSLContext dsl) {
        dsl.execute("CREATE TABLE big (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO big SELECT i, i % 1000 FROM generate_series(1, " + ROWS + ") i");
        dsl.execute("CREATE SEQUENCE probe_calls");
        dsl.execute("""
                CREATE FUNCTION probe(x int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
                BEGIN PERFORM nextval('probe_calls'); RETURN x; END $$""");
        engine.createStreamTable(StreamTableSpec.builder("top3", QUERY).mode(RefreshMode.DIFFERENTIAL).build());
        assertThat(window(dsl)).containsExactly(999, 1999, 2999);
        // a new row enters first: the last one leaves, nothing else is read or written
        RefreshResult r = step(engine, dsl, false, List.of(9001, 999, 1999), "INSERT INTO big VALUES (9001, 5000)");
        assertThat(written(r)).containsExactly(1L, 1L, 0L);

        // a row of the window moves up, a row outside it changes but stays outside: merged, no re-read
        r = step(engine, dsl, false, List.of(1999, 9001, 999),
                "UPDATE big SET v = 6000 WHERE id = 1999", "UPDATE big SET v = 3 WHERE id = 4000");
        assertThat(written(r)).containsExactly(0L, 0L, 1L);

        // the first row goes and nothing changed replaces it: the window is re-read, only the difference written
        r = step(engine, dsl, true, List.of(9001, 999, 2999), "DELETE FROM big WHERE id = 1999");
        assertThat(written(r)).containsExactly(1L, 1L, 0L);

        // a row sinks out of the window but a new one takes its place: merged
        step(engine, dsl, false, List.of(9001, 9002, 2999),
                "UPDATE big SET v = 0 WHERE id = 999", "INSERT INTO big VALUES (9002, 1500)");

        // a row sinks and the new one ranks behind a row outside the window (3999, v 999): re-read
        step(engine, dsl, true, List.of(9001, 2999, 3999),
                "UPDATE big SET v = 1 WHERE id = 9002", "INSERT INTO big VALUES (9003, 998)");
    }
}

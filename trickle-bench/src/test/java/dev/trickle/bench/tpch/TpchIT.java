package dev.trickle.bench.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTable;
import dev.trickle.Trickle;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * TPC-H's 22 queries as stream tables, each in AUTO and in DIFFERENTIAL mode, over a TPC-H database at scale factor
 * {@value #SCALE} (7,500 orders, about 30,000 lineitems), through cycles of the refresh functions: RF1, RF2, a batch
 * of updates, all three held open in a transaction across a refresh and then committed, and all three rolled back.
 * After every cycle each stream table must equal its query recomputed, as a multiset both ways ({@link
 * StreamTableOracle}). The set of queries DIFFERENTIAL accepts must equal {@link #EXPECTED_DIFFERENTIAL}: an operator
 * that makes another query differential adds it there; a regression fails.
 */
class TpchIT {
    private static final double SCALE = 0.005;
    /** Orders per RF1 and RF2, lineitems per update batch: about 0.5% of the orders. */
    private static final int CHURN = 40;

    /** The queries DIFFERENTIAL accepts today: all 22 (Q15 since a scalar subquery may read a grouped CTE). */
    private static final Set<TpchQuery> EXPECTED_DIFFERENTIAL =
            EnumSet.of(TpchQuery.Q1, TpchQuery.Q2, TpchQuery.Q3, TpchQuery.Q4, TpchQuery.Q5, TpchQuery.Q6, TpchQuery.Q7,
                    TpchQuery.Q8, TpchQuery.Q9, TpchQuery.Q10, TpchQuery.Q11, TpchQuery.Q12, TpchQuery.Q13,
                    TpchQuery.Q14, TpchQuery.Q15, TpchQuery.Q16, TpchQuery.Q17, TpchQuery.Q18, TpchQuery.Q19,
                    TpchQuery.Q20, TpchQuery.Q21, TpchQuery.Q22);

    /** What happened to one query's DIFFERENTIAL stream table at creation. */
    private record Outcome(RefreshMode autoMode, @Nullable UnsupportedQueryException refusal) {
        String row(TpchQuery q) {
            if (refusal == null) {
                return String.format(Locale.ROOT, "| %-3s | %-12s | yes | | | |", q, autoMode);
            }
            String message = String.valueOf(refusal.getMessage());
            String fragment = refusal.fragment().replaceAll("\\s+", " ");
            return String.format(Locale.ROOT, "| %-3s | %-12s | no  | %s | %s | %s |", q, autoMode, refusal.reason(),
                    message.contains(":") ? message.substring(0, message.indexOf(':')) : message,
                    fragment.length() > 90 ? fragment.substring(0, 87) + "..." : fragment);
        }
    }

    @Test
    void tpch22_refreshCycles_everyStreamTableEqualsItsQueryRecomputed() throws SQLException {
        long start = System.nanoTime();
        try (TestDatabase db = TestPostgres.createDatabase();
                Connection writer = db.newConnection();
                Trickle trickle = Trickle.builder(db.dataSource()).fullRefreshThreshold(2.0).build()) {
            DSLContext dsl = db.dsl();
            TpchData data = TpchData.load(writer, SCALE);
            log(start, "loaded " + data.describe());
            assertEveryQuerySelectsRows(dsl);

            Map<TpchQuery, Outcome> outcomes = createStreamTables(trickle);
            log(start, "created the stream tables");
            printTable(outcomes);
            List<String> checked = checkedTables(outcomes);
            assertAllMatch(dsl, checked, "after creation");

            data.rf1(CHURN);
            refreshAndCheck(trickle, dsl, outcomes, "RF1", true);
            data.rf2(CHURN);
            refreshAndCheck(trickle, dsl, outcomes, "RF2", true);
            data.update(CHURN);
            refreshAndCheck(trickle, dsl, outcomes, "updates", true);

            writer.setAutoCommit(false);
            data.rf1(CHURN);
            data.rf2(CHURN);
            data.update(CHURN);
            refreshAndCheck(trickle, dsl, outcomes, "RF1 + RF2 + updates held open", false);
            writer.commit();
            refreshAndCheck(trickle, dsl, outcomes, "RF1 + RF2 + updates committed after a refresh", true);

            data.rf1(CHURN);
            data.rf2(CHURN);
            data.update(CHURN);
            writer.rollback();
            writer.setAutoCommit(true);
            refreshAndCheck(trickle, dsl, outcomes, "RF1 + RF2 + updates rolled back", false);
            log(start, "done");

            Set<TpchQuery> accepted = EnumSet.noneOf(TpchQuery.class);
            outcomes.forEach((q, o) -> {
                if (o.refusal() == null) {
                    accepted.add(q);
                }
            });
            assertThat(accepted).as("the queries DIFFERENTIAL accepts").isEqualTo(EXPECTED_DIFFERENTIAL);
            outcomes.forEach((q, o) -> assertThat(o.autoMode())
                    .as("%s in AUTO runs differentially exactly when DIFFERENTIAL accepts it", q)
                    .isEqualTo(o.refusal() == null ? RefreshMode.DIFFERENTIAL : RefreshMode.FULL));
        }
    }

    /** The data generator's promise: every query returns a row that is not all NULLs. */
    private static void assertEveryQuerySelectsRows(DSLContext dsl) {
        List<String> counts = new ArrayList<>();
        List<TpchQuery> empty = new ArrayList<>();
        for (TpchQuery q : TpchQuery.values()) {
            long rows = dsl.fetchOne("SELECT count(*) FROM (" + q.sql(SCALE) + ") x WHERE NOT (x IS NULL)")
                    .get(0, Long.class);
            counts.add(q + "=" + rows);
            if (rows == 0) {
                empty.add(q);
            }
        }
        System.out.println("rows per query: " + String.join(", ", counts));
        assertThat(empty).as("queries selecting no row (or only NULLs) at SF " + SCALE).isEmpty();
    }

    private static Map<TpchQuery, Outcome> createStreamTables(Trickle trickle) {
        Map<TpchQuery, Outcome> outcomes = new EnumMap<>(TpchQuery.class);
        for (TpchQuery q : TpchQuery.values()) {
            assertThat(q.create(trickle, "auto", RefreshMode.AUTO, SCALE)).as("AUTO refusal of %s", q).isNull();
            StreamTable auto = trickle.streamTable(q.relation("auto")).orElseThrow();
            outcomes.put(q, new Outcome(auto.effectiveMode(), q.create(trickle, "diff", RefreshMode.DIFFERENTIAL,
                    SCALE)));
        }
        return outcomes;
    }

    private static List<String> checkedTables(Map<TpchQuery, Outcome> outcomes) {
        List<String> tables = new ArrayList<>();
        outcomes.forEach((q, o) -> {
            tables.add(q.relation("auto"));
            if (o.refusal() == null) {
                tables.add(q.relation("diff"));
            }
        });
        return tables;
    }

    /**
     * Refreshes every stream table and checks it. Before, checks that the cycle's changes are visible, so that the
     * check after means something: some stream table must be stale if the changes are committed, none if they are
     * uncommitted or rolled back.
     */
    private static void refreshAndCheck(Trickle trickle, DSLContext dsl, Map<TpchQuery, Outcome> outcomes,
            String cycle, boolean committed) {
        List<String> stale = differing(dsl, checkedTables(outcomes));
        System.out.println("stale before the refresh after " + cycle + ": " + stale.size() + " stream tables");
        if (committed) {
            assertThat(stale).as("stream tables the changes of %s make stale", cycle).isNotEmpty();
        } else {
            assertThat(stale).as("stream tables stale before the refresh after %s", cycle).isEmpty();
        }
        List<String> wrongActions = new ArrayList<>();
        for (String table : checkedTables(outcomes)) {
            RefreshAction action = trickle.refresh(table).action();
            if (table.endsWith("_diff") && action == RefreshAction.FULL) {
                wrongActions.add(table);
            }
        }
        assertThat(wrongActions).as("DIFFERENTIAL stream tables refreshed in full in cycle %s", cycle).isEmpty();
        assertAllMatch(dsl, checkedTables(outcomes), cycle);
    }

    private static void assertAllMatch(DSLContext dsl, List<String> tables, String cycle) {
        assertThat(differing(dsl, tables)).as("stream tables differing from their query after %s", cycle).isEmpty();
    }

    /** @return a description of each stream table that differs from its query recomputed */
    private static List<String> differing(DSLContext dsl, List<String> tables) {
        List<String> failures = new ArrayList<>();
        for (String table : tables) {
            TpchQuery q = TpchQuery.valueOf(table.split("_")[1].toUpperCase(Locale.ROOT));
            StreamTableOracle.Report report = StreamTableOracle.check(dsl, table, q.sql(SCALE));
            if (!report.matches()) {
                failures.add(report.describe(q.sql(SCALE)));
            }
        }
        return failures;
    }

    private static void printTable(Map<TpchQuery, Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("TPC-H at SF " + SCALE + ": " + outcomes.values().stream()
                .filter(o -> o.refusal() == null).count() + " of 22 accepted in DIFFERENTIAL\n");
        sb.append("| query | AUTO runs | DIFFERENTIAL accepted | reason | message | refused construct |\n");
        sb.append("|---|---|---|---|---|---|\n");
        outcomes.forEach((q, o) -> sb.append(o.row(q)).append('\n'));
        System.out.print(sb);
    }

    private static void log(long start, String what) {
        System.out.printf(Locale.ROOT, "[TpchIT %6.1fs] %s%n", (System.nanoTime() - start) / 1e9, what);
    }
}

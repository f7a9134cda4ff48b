package dev.trickle.bench;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.Trickle;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.bench.tpch.TpchData;
import dev.trickle.bench.tpch.TpchQuery;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The TPC-H benchmark ({@code --tpch}): loads a TPC-H database ({@link TpchData}) at a scale factor, creates for
 * each of the 22 queries ({@link TpchQuery}) a DIFFERENTIAL stream table (if the query is accepted), a FULL stream
 * table and a materialized view, then runs cycles of 1% churn: RF1 inserts 1% of the orders (with their
 * lineitems), RF2 deletes as many old ones, and an update batch changes as many lineitems (and moves keys, see
 * {@link TpchData#update}), each committed; after each cycle every contender is refreshed and timed, end to end
 * from Java, in an order that rotates from cycle to cycle. The first cycle is an untimed warm-up. At the end each
 * stream table is compared with its query recomputed.
 *
 * <p>The engine is built with {@code fullRefreshThreshold(2.0)}, so a DIFFERENTIAL stream table never switches to a
 * full recomputation.
 */
final class TpchBenchmark {
    private static final int DIFF = 0;
    private static final int FULL = 1;
    private static final int MATVIEW = 2;

    /**
     * One query's measurements.
     *
     * @param query the query
     * @param refusal why DIFFERENTIAL refused it, or {@code null} if it accepted it
     * @param diff the differential refreshes, or {@code null} if refused
     * @param full the full refreshes of the FULL stream table
     * @param matview {@code REFRESH MATERIALIZED VIEW}
     * @param diffActions the actions the differential refreshes reported
     * @param check {@code ok} if the stream tables equal the query at the end
     */
    record Result(TpchQuery query, @Nullable UnsupportedQueryException refusal, @Nullable Samples diff, Samples full,
            Samples matview, Set<RefreshAction> diffActions, String check) {}

    private final double scale;
    private final int cycles;
    private final TestDatabase db;
    private final Trickle trickle;
    private final Connection writer;
    private final TpchData data;
    private final List<TpchQuery> queries;
    private final Map<TpchQuery, @Nullable UnsupportedQueryException> refusals = new EnumMap<>(TpchQuery.class);

    private TpchBenchmark(double scale, int cycles, TestDatabase db, Trickle trickle, Connection writer,
            TpchData data, List<TpchQuery> queries) {
        this.scale = scale;
        this.queries = queries;
        this.cycles = cycles;
        this.db = db;
        this.trickle = trickle;
        this.writer = writer;
        this.data = data;
    }

    /**
     * Loads the database, measures, and renders the section of the results.
     *
     * @param scale the scale factor
     * @param cycles timed cycles (the median is reported), after one untimed
     * @param queries the queries to measure, all 22 if empty
     * @return the results as Markdown
     * @throws SQLException if the server fails
     */
    static String run(double scale, int cycles, List<TpchQuery> queries) throws SQLException {
        try (TestDatabase db = TestPostgres.createDatabase();
                PinnedDataSource engineConnection = new PinnedDataSource(db.newConnection());
                Connection writer = db.newConnection();
                Trickle trickle = Trickle.builder(engineConnection).fullRefreshThreshold(2.0).build()) {
            Progress.log("TPC-H SF %s: generating the data", scale);
            long t = System.nanoTime();
            TpchData data = TpchData.load(writer, scale);
            double loadSeconds = (System.nanoTime() - t) / 1e9;
            Progress.log("TPC-H %s: generated and analyzed in %.1f s", data.describe(), loadSeconds);
            TpchBenchmark b = new TpchBenchmark(scale, cycles, db, trickle, writer, data,
                    queries.isEmpty() ? List.of(TpchQuery.values()) : queries);
            b.create();
            List<Result> results = b.measure();
            return report(data, loadSeconds, cycles, results);
        }
    }

    private void create() throws SQLException {
        for (TpchQuery q : queries) {
            Progress.log("TPC-H %s: creating the stream tables and the materialized view", q);
            refusals.put(q, q.create(trickle, "diff", RefreshMode.DIFFERENTIAL, scale));
            q.create(trickle, "full", RefreshMode.FULL, scale);
            execute("CREATE MATERIALIZED VIEW " + q.relation("mv") + " AS " + q.sql(scale));
        }
    }

    private List<Result> measure() throws SQLException {
        int churn = churn(data);
        long[][][] nanos = new long[queries.size()][3][cycles];
        List<Set<RefreshAction>> actions = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            actions.add(new TreeSet<>());
        }
        for (int cycle = -1; cycle < cycles; cycle++) {
            long t = System.nanoTime();
            data.rf1(churn);
            data.rf2(churn);
            data.update(churn);
            Progress.log("TPC-H %s: RF1 + RF2 of %,d orders and %,d updated lineitems in %.1f s; refreshing",
                    cycle < 0 ? "warm-up cycle" : "cycle " + (cycle + 1) + " of " + cycles, churn, churn,
                    (System.nanoTime() - t) / 1e9);
            for (int i = 0; i < queries.size(); i++) {
                TpchQuery q = queries.get(i);
                for (int k = 0; k < 3; k++) {
                    int contender = (cycle + 1 + i + k) % 3;
                    if (contender == DIFF && refusals.get(q) != null) {
                        continue;
                    }
                    long start = System.nanoTime();
                    switch (contender) {
                        case DIFF -> actions.get(i).add(trickle.refresh(q.relation("diff")).action());
                        case FULL -> trickle.refresh(q.relation("full"));
                        default -> execute("REFRESH MATERIALIZED VIEW " + q.relation("mv"));
                    }
                    if (cycle >= 0) {
                        nanos[i][contender][cycle] = System.nanoTime() - start;
                    }
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            TpchQuery q = queries.get(i);
            UnsupportedQueryException refusal = refusals.get(q);
            String check = check(q, "full");
            if (refusal == null) {
                String diffCheck = check(q, "diff");
                check = check.equals("ok") ? diffCheck : check + "; " + diffCheck;
            }
            results.add(new Result(q, refusal, refusal == null ? new Samples(nanos[i][DIFF]) : null,
                    new Samples(nanos[i][FULL]), new Samples(nanos[i][MATVIEW]), actions.get(i), check));
            Progress.log("TPC-H %s: %s", q, check);
        }
        return results;
    }

    private String check(TpchQuery q, String kind) {
        StreamTableOracle.Report report = StreamTableOracle.check(db.dsl(), q.relation(kind), q.sql(scale));
        return report.matches() ? "ok" : q.relation(kind) + " differs: " + report.missing().size() + " missing, "
                + report.extra().size() + " extra";
    }

    private static String report(TpchData data, double loadSeconds, int cycles, List<Result> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("query", "DIFFERENTIAL ms", "FULL ms", "REFRESH MV ms", "FULL/DIFF", "MV/DIFF",
                "diff action", "check"));
        int fasterThanFull = 0;
        int fasterThanBoth = 0;
        for (Result r : results) {
            Samples diff = r.diff();
            if (diff == null) {
                UnsupportedQueryException refusal = Objects.requireNonNull(r.refusal());
                rows.add(List.of(r.query().name(), "refused: " + refusal.reason(), r.full().millisWithRange(),
                        r.matview().millisWithRange(), "", "", "", r.check()));
                continue;
            }
            if (diff.medianNanos() < r.full().medianNanos()) {
                fasterThanFull++;
                if (diff.medianNanos() < r.matview().medianNanos()) {
                    fasterThanBoth++;
                }
            }
            rows.add(List.of(r.query().name(), diff.millisWithRange(), r.full().millisWithRange(),
                    r.matview().millisWithRange(), Samples.ratio(r.full().medianNanos(), diff.medianNanos()),
                    Samples.ratio(r.matview().medianNanos(), diff.medianNanos()),
                    String.join(",", r.diffActions().stream().map(Enum::name).toList()), r.check()));
        }
        long accepted = results.stream().filter(r -> r.diff() != null).count();
        return "## TPC-H: DIFFERENTIAL vs FULL vs REFRESH MATERIALIZED VIEW\n\n"
                + String.format(Locale.ROOT, "%s; generated in SQL in %.1f s. Each cycle commits RF1 (%,d new orders"
                        + " with their lineitems), RF2 (%,d old orders deleted with their lineitems) and an update"
                        + " batch (%,d lineitems' quantity, price and discount; key moves of lineitems, orders and a"
                        + " supplier; costs, balances, prices), then refreshes every contender, in an order that"
                        + " rotates. Milliseconds per refresh, end to end from Java: median [min–max] of %d cycles"
                        + " after an untimed one. Check = the stream tables equal their query recomputed at the end"
                        + " (EXCEPT ALL both ways).%n%n", data.describe(), loadSeconds, churn(data), churn(data),
                        churn(data), cycles)
                + Report.table(rows) + '\n'
                + String.format(Locale.ROOT, "Accepted in DIFFERENTIAL: %d of %d. Faster differentially: %d of %2$d"
                        + " (than FULL; %d of %2$d also faster than REFRESH MATERIALIZED VIEW).%n%n", accepted,
                        results.size(), fasterThanFull, fasterThanBoth);
    }

    /** @return orders per RF1 and RF2, and lineitems per update batch: 1% of the orders */
    private static int churn(TpchData data) {
        return Math.max(1, data.orders() / 100);
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute(sql);
        }
    }
}

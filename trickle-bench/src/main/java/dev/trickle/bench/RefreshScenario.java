package dev.trickle.bench;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Measures one query at one table size: a DIFFERENTIAL stream table, a FULL stream table and a materialized view of
 * the same query, on the same data.
 *
 * <p>For each change count k: one untimed warm-up round, then {@code runs} timed rounds. A round applies k fresh
 * changes to {@code orders} (committed), then refreshes the three contenders, in an order that rotates from round to
 * round so that none always pays for the first read of the changed pages. Each refresh is timed end to end from
 * Java ({@code Trickle.refresh} includes its catalog reads and buffer cleanup; {@code REFRESH MATERIALIZED VIEW} is
 * one statement). A last round applies k more changes and counts the base-table rows read by one differential and
 * one full refresh ({@link TableStats}). Finally the stream tables are compared with the materialized view.
 */
final class RefreshScenario {
    /** The connections and objects one table size shares across queries. */
    record Context(int n, OrdersSchema data, Trickle trickle, PinnedDataSource engineConnection, Connection writer,
            Connection observer) {}

    /**
     * One row of the results table.
     *
     * @param n orders
     * @param changes the change count as given ({@code 10} or {@code 1%})
     * @param k changed orders per refresh
     * @param query the query
     * @param diff differential refresh timings
     * @param full full refresh timings
     * @param matview {@code REFRESH MATERIALIZED VIEW} timings
     * @param diffRead base-table activity of one differential refresh
     * @param fullRead base-table activity of one full refresh
     * @param diffActions the actions the differential refreshes reported
     * @param check {@code ok} if both stream tables equal the materialized view at the end, else what differs
     */
    record Result(int n, String changes, int k, BenchQuery query, Samples diff, Samples full, Samples matview,
            TableStats diffRead, TableStats fullRead, Set<RefreshAction> diffActions, String check) {}

    private static final String[] BASE_TABLES = {"orders", "customers"};
    private static final int DIFF = 0;
    private static final int FULL = 1;
    private static final int MATVIEW = 2;

    private final Context ctx;
    private final BenchQuery query;
    private final String diffName;
    private final String fullName;
    private final String mvName;

    private RefreshScenario(Context ctx, BenchQuery query) {
        this.ctx = ctx;
        this.query = query;
        this.diffName = query.relation("diff");
        this.fullName = query.relation("full");
        this.mvName = query.relation("mv");
    }

    /**
     * Creates the three contenders, measures them for each change count, and drops them.
     *
     * @param ctx the table size's connections
     * @param query the query
     * @param changes the change counts, absolute or relative to N ({@link BenchOptions#changeCount})
     * @param runs timed rounds per change count
     * @return one result per change count
     * @throws SQLException if the server fails
     */
    static List<Result> run(Context ctx, BenchQuery query, List<String> changes, int runs) throws SQLException {
        RefreshScenario s = new RefreshScenario(ctx, query);
        s.create();
        try {
            List<Result> results = new ArrayList<>();
            for (String spec : changes) {
                results.add(s.measure(spec, BenchOptions.changeCount(spec, ctx.n()), runs));
            }
            return results;
        } finally {
            s.drop();
        }
    }

    /**
     * Warms the JVM up: creates the stream tables of every query and refreshes the differential one {@code rounds}
     * times after 10 changes each (the full one and the view every 20th time), untimed, so that the measured sizes
     * do not pay for class loading and JIT compilation (a few hundred refreshes left much of the refresh path compiled by C1 only; the benchmark runs 2,000 per query).
     * Then times refreshes of the first query's differential stream table that find nothing to do: the fixed cost
     * of a refresh (lock, catalog, pending-change count, frontier, history, buffer cleanup).
     *
     * @param ctx a small table size's connections
     * @param rounds refreshes per stream table
     * @return the timings of {@code rounds} refreshes that found no changes
     * @throws SQLException if the server fails
     */
    static Samples warmUp(Context ctx, int rounds) throws SQLException {
        Samples idle = null;
        for (BenchQuery query : BenchQuery.values()) {
            RefreshScenario s = new RefreshScenario(ctx, query);
            s.create();
            try {
                for (int r = 0; r < rounds; r++) {
                    ctx.data().applyChanges(10);
                    s.refreshDiff();
                    if (r % 20 == 0) {
                        s.refreshFull();
                        s.refreshMatview();
                    }
                }
                if (idle == null) {
                    long[] nanos = new long[rounds];
                    for (int r = 0; r < rounds; r++) {
                        long t = System.nanoTime();
                        RefreshResult result = s.refreshDiff();
                        nanos[r] = System.nanoTime() - t;
                        if (result.action() != RefreshAction.NO_DATA) {
                            throw new IllegalStateException("internal error: expected NO_DATA, got " + result);
                        }
                    }
                    idle = new Samples(nanos);
                }
            } finally {
                s.drop();
            }
        }
        return Objects.requireNonNull(idle);
    }

    private void create() throws SQLException {
        Progress.log("N=%,d %s: creating DIFFERENTIAL and FULL stream tables and a materialized view", ctx.n(),
                query.label());
        ctx.trickle().createStreamTable(StreamTableSpec.builder(diffName, query.sql())
                .mode(RefreshMode.DIFFERENTIAL).build());
        ctx.trickle().createStreamTable(StreamTableSpec.builder(fullName, query.sql()).mode(RefreshMode.FULL).build());
        execute(ctx.writer(), "CREATE MATERIALIZED VIEW " + mvName + " AS " + query.sql());
    }

    private void drop() throws SQLException {
        ctx.trickle().drop(diffName);
        ctx.trickle().drop(fullName);
        execute(ctx.writer(), "DROP MATERIALIZED VIEW IF EXISTS " + mvName);
    }

    private Result measure(String spec, int k, int runs) throws SQLException {
        Progress.log("N=%,d %s k=%,d: warm-up, then %d timed rounds", ctx.n(), query.label(), k, runs);
        ctx.data().applyChanges(k);
        refreshDiff();
        refreshFull();
        refreshMatview();
        long[][] nanos = new long[3][runs];
        Set<RefreshAction> actions = new TreeSet<>();
        for (int r = 0; r < runs; r++) {
            ctx.data().applyChanges(k);
            for (int i = 0; i < 3; i++) {
                int contender = (r + i) % 3;
                long t = System.nanoTime();
                switch (contender) {
                    case DIFF -> actions.add(refreshDiff().action());
                    case FULL -> refreshFull();
                    default -> refreshMatview();
                }
                nanos[contender][r] = System.nanoTime() - t;
            }
        }
        TableStats diffRead = countRowsRead(k, true);
        TableStats fullRead = countRowsRead(k, false);
        refreshMatview();
        String diffCheck = compare(diffName);
        String fullCheck = compare(fullName);
        String check = diffCheck.equals("ok") && fullCheck.equals("ok") ? "ok" : diffCheck + "; " + fullCheck;
        Result result = new Result(ctx.n(), spec, k, query, new Samples(nanos[DIFF]), new Samples(nanos[FULL]),
                new Samples(nanos[MATVIEW]), diffRead, fullRead, actions, check);
        Progress.log("N=%,d %s k=%,d: diff %s ms, full %s ms, matview %s ms; diff read %s; check %s", ctx.n(),
                query.label(), k, result.diff().millisWithRange(), result.full().millisWithRange(),
                result.matview().millisWithRange(), diffRead.describe(), check);
        return result;
    }

    /** Applies k changes and counts the base-table rows one refresh of one stream table reads. */
    private TableStats countRowsRead(int k, boolean differential) throws SQLException {
        ctx.data().applyChanges(k);
        flush(ctx.writer());
        ctx.engineConnection().flushStats();
        TableStats before = TableStats.read(ctx.observer(), BASE_TABLES);
        RefreshResult result = differential ? refreshDiff() : refreshFull();
        ctx.engineConnection().flushStats();
        TableStats read = TableStats.read(ctx.observer(), BASE_TABLES).minus(before);
        if (differential) {
            refreshFull();
            if (result.action() != RefreshAction.DIFFERENTIAL) {
                Progress.log("warning: the measured refresh of %s was %s: %s", diffName, result.action(),
                        result.reason());
            }
        } else {
            refreshDiff();
        }
        return read;
    }

    private RefreshResult refreshDiff() {
        return ctx.trickle().refresh(diffName);
    }

    private RefreshResult refreshFull() {
        return ctx.trickle().refresh(fullName);
    }

    private void refreshMatview() throws SQLException {
        execute(ctx.writer(), "REFRESH MATERIALIZED VIEW " + mvName);
    }

    /** @return {@code ok}, or how many rows differ between a stream table and the materialized view */
    private String compare(String streamTable) throws SQLException {
        String cols = query.columns();
        String sql = "SELECT count(*) FROM ((SELECT " + cols + " FROM " + streamTable + " EXCEPT ALL SELECT " + cols
                + " FROM " + mvName + ") UNION ALL (SELECT " + cols + " FROM " + mvName + " EXCEPT ALL SELECT " + cols
                + " FROM " + streamTable + ")) d";
        try (Statement st = ctx.observer().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            long differ = rs.getLong(1);
            return differ == 0 ? "ok" : differ + " rows of " + streamTable + " differ";
        }
    }

    private static void flush(Connection c) throws SQLException {
        execute(c, "SELECT pg_stat_force_next_flush()");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

package dev.trickle.bench;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.CaptureMode;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Measures the reference workload ({@link ReferenceWorkload}) at one table size: for each query, a DIFFERENTIAL
 * stream table, the hand-written limit and {@code REFRESH MATERIALIZED VIEW}, interleaved in the same run after the
 * same batches (the order rotates from round to round); then refreshes that find nothing to do. Each refresh of the
 * stream table also counts its round trips and statements at the JDBC level ({@link PinnedDataSource}) and, when the
 * server loads {@code pg_stat_statements}, its server time ({@link ServerTime}).
 */
final class ReferenceScenario {
    private static final int WARM_UP_ROUNDS = 5;
    private static final int IDLE_ROUNDS = 50;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * One row of the results.
     *
     * @param n orders
     * @param k changed orders per batch
     * @param query the query
     * @param diff Trickle's refresh, wall time from Java
     * @param limit the limit's statement, wall time from Java, or {@code null} if the query has none
     * @param matview {@code REFRESH MATERIALIZED VIEW}
     * @param serverMillis the server time of each of Trickle's refreshes, or {@code null} if unknown
     * @param clientMillis the CPU time of the calling thread in Java per refresh (Trickle and the driver)
     * @param roundTrips round trips per refresh
     * @param statements statements per refresh, as the driver sends them
     * @param actions the actions the refreshes reported
     * @param check {@code ok} if stream table and limit equal the view at the end
     */
    record Result(int n, int k, ReferenceWorkload.Query query, Samples diff, @Nullable Samples limit, Samples matview,
            @Nullable Samples serverMillis, Samples clientMillis, double roundTrips, double statements,
            Set<RefreshAction> actions, String check) {}

    /**
     * Refreshes that found nothing to do.
     *
     * @param n orders
     * @param wall wall time from Java
     * @param serverMillis server time per refresh, or {@code null} if unknown
     * @param clientMillis the CPU time of the calling thread in Java per refresh
     * @param roundTrips round trips per refresh
     * @param statements statements per refresh
     */
    record Idle(int n, Samples wall, @Nullable Double serverMillis, double clientMillis, double roundTrips,
            double statements) {}

    /**
     * Everything measured at one size.
     *
     * @param results one per query
     * @param idle the refreshes that found nothing to do
     * @param breakdown the most expensive statements of one differential refresh of Q1, if known
     */
    record Size(List<Result> results, Idle idle, String breakdown) {}

    private final int n;
    private final ReferenceWorkload workload;
    private final Trickle trickle;
    private final PinnedDataSource engine;
    private final Connection writer;
    private final Connection observer;
    private final ServerTime server;

    private ReferenceScenario(int n, ReferenceWorkload workload, Trickle trickle, PinnedDataSource engine,
            Connection writer, Connection observer) {
        this.n = n;
        this.workload = workload;
        this.trickle = trickle;
        this.engine = engine;
        this.writer = writer;
        this.observer = observer;
        this.server = ServerTime.open(observer);
    }

    /**
     * Loads the workload at size N in a database of its own, measures it, and drops the database.
     *
     * @param n orders
     * @param k changed orders per batch
     * @param runs timed rounds per query
     * @param capture how the engine captures the sources
     * @return the measurements
     * @throws SQLException if the server fails
     */
    static Size run(int n, int k, int runs, CaptureMode capture) throws SQLException {
        try (TestDatabase db = TestPostgres.createDatabase();
                PinnedDataSource engine = new PinnedDataSource(db.newConnection());
                Connection writer = db.newConnection();
                Connection observer = db.newConnection();
                Trickle trickle = Trickle.builder(engine).fullRefreshThreshold(2.0).changeCapture(capture).build()) {
            Progress.log("reference N=%,d: loading", n);
            long t = System.nanoTime();
            ReferenceWorkload workload = ReferenceWorkload.load(writer, n);
            Progress.log("reference N=%,d: loaded and analyzed in %.1f s", n, (System.nanoTime() - t) / 1e9);
            ReferenceScenario s = new ReferenceScenario(n, workload, trickle, engine, writer, observer);
            List<Result> results = new ArrayList<>();
            String breakdown = "";
            for (ReferenceWorkload.Query q : ReferenceWorkload.Query.values()) {
                results.add(s.measure(q, k, runs));
                if (q == ReferenceWorkload.Query.Q1) {
                    breakdown = s.breakdown(q, k);
                }
            }
            Idle idle = s.idle(ReferenceWorkload.Query.Q1);
            for (ReferenceWorkload.Query q : ReferenceWorkload.Query.values()) {
                s.drop(q);
            }
            return new Size(results, idle, breakdown);
        }
    }

    private Result measure(ReferenceWorkload.Query q, int k, int runs) throws SQLException {
        Progress.log("reference N=%,d %s k=%d: creating, warming up, then %d rounds", n, q.label(), k, runs);
        // AUTO: differential where Trickle can
        trickle.createStreamTable(StreamTableSpec.builder(q.relation("diff"), q.sql()).mode(RefreshMode.AUTO).build());
        execute(writer, "CREATE MATERIALIZED VIEW " + q.relation("mv") + " AS " + q.sql());
        String limit = q.limit();
        if (limit != null) {
            workload.createLimit(q);
        }
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            workload.applyBatch(k);
            trickle.refresh(q.relation("diff"));
            if (limit != null) {
                execute(writer, limit);
            }
        }
        execute(writer, "REFRESH MATERIALIZED VIEW " + q.relation("mv"));
        long[] diff = new long[runs];
        long[] lim = new long[runs];
        long[] mv = new long[runs];
        double[] serverMillis = new double[runs];
        long[] cpu = new long[runs];
        long trips = 0;
        long statements = 0;
        Set<RefreshAction> actions = new TreeSet<>();
        for (int r = 0; r < runs; r++) {
            workload.applyBatch(k);
            for (int i = 0; i < 3; i++) {
                switch ((r + i) % 3) {
                    case 0 -> {
                        server.reset();
                        PinnedDataSource.Counts before = engine.counts();
                        long c0 = THREADS.getCurrentThreadCpuTime();
                        long t = System.nanoTime();
                        RefreshResult result = trickle.refresh(q.relation("diff"));
                        diff[r] = System.nanoTime() - t;
                        cpu[r] = THREADS.getCurrentThreadCpuTime() - c0;
                        PinnedDataSource.Counts sent = engine.counts().minus(before);
                        trips += sent.roundTrips();
                        statements += sent.statements();
                        actions.add(result.action());
                        ServerTime.Spent spent = server.read();
                        serverMillis[r] = spent == null ? Double.NaN : spent.millis();
                    }
                    case 1 -> {
                        if (limit != null) {
                            long t = System.nanoTime();
                            execute(writer, limit);
                            lim[r] = System.nanoTime() - t;
                        }
                    }
                    default -> {
                        long t = System.nanoTime();
                        execute(writer, "REFRESH MATERIALIZED VIEW " + q.relation("mv"));
                        mv[r] = System.nanoTime() - t;
                    }
                }
            }
        }
        String check = compare(q, "diff") + (limit == null ? "" : "; limit " + compare(q, "limit"));
        Result result = new Result(n, k, q, new Samples(diff), limit == null ? null : new Samples(lim),
                new Samples(mv), server.available() ? micros(serverMillis) : null, new Samples(cpu),
                (double) trips / runs,
                (double) statements / runs, actions, check);
        Progress.log("reference N=%,d %s: trickle %s ms, limit %s ms, matview %s ms; %s", n, q.label(),
                result.diff().millisWithRange(), result.limit() == null ? "-" : result.limit().millisWithRange(),
                result.matview().millisWithRange(), check);
        return result;
    }

    /** The statements of one more differential refresh of a query, most expensive first. */
    private String breakdown(ReferenceWorkload.Query q, int k) throws SQLException {
        workload.applyBatch(k);
        server.reset();
        trickle.refresh(q.relation("diff"));
        return server.top(12);
    }

    private Idle idle(ReferenceWorkload.Query q) throws SQLException {
        String name = q.relation("diff");
        trickle.refresh(name);
        long[] wall = new long[IDLE_ROUNDS];
        server.reset();
        PinnedDataSource.Counts before = engine.counts();
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < IDLE_ROUNDS; i++) {
            long t = System.nanoTime();
            RefreshResult result = trickle.refresh(name);
            wall[i] = System.nanoTime() - t;
            if (result.action() != RefreshAction.NO_DATA) {
                throw new IllegalStateException("internal error: expected NO_DATA, got " + result);
            }
        }
        double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / IDLE_ROUNDS;
        PinnedDataSource.Counts sent = engine.counts().minus(before);
        ServerTime.Spent spent = server.read();
        Idle idle = new Idle(n, new Samples(wall), spent == null ? null : spent.millis() / IDLE_ROUNDS, cpu,
                (double) sent.roundTrips() / IDLE_ROUNDS, (double) sent.statements() / IDLE_ROUNDS);
        Progress.log("reference N=%,d: no-change refresh %s ms wall, %s ms server", n, idle.wall().millisWithRange(),
                idle.serverMillis());
        return idle;
    }

    private void drop(ReferenceWorkload.Query q) throws SQLException {
        trickle.drop(q.relation("diff"));
        execute(writer, "DROP MATERIALIZED VIEW IF EXISTS " + q.relation("mv"));
        execute(writer, "DROP TABLE IF EXISTS " + q.relation("limit"));
    }

    /** @return server milliseconds as samples in nanoseconds, for the same summaries as the wall times */
    private static Samples micros(double[] millis) {
        return new Samples(Arrays.stream(millis).mapToLong(m -> Math.round(m * 1e6)).toArray());
    }

    private String compare(ReferenceWorkload.Query q, String kind) throws SQLException {
        String cols = q.columns();
        String a = q.relation(kind);
        String b = q.relation("mv");
        String sql = "SELECT count(*) FROM ((SELECT " + cols + " FROM " + a + " EXCEPT ALL SELECT " + cols + " FROM "
                + b + ") UNION ALL (SELECT " + cols + " FROM " + b + " EXCEPT ALL SELECT " + cols + " FROM " + a
                + ")) d";
        try (Statement st = observer.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            long differ = rs.getLong(1);
            return differ == 0 ? "ok" : differ + " rows of " + a + " differ";
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

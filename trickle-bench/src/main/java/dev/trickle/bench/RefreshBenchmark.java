package dev.trickle.bench;

import dev.trickle.CaptureMode;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The refresh benchmark: for each table size N, loads {@code customers} and {@code orders} ({@link OrdersSchema}),
 * then for each query ({@link BenchQuery}) and change count times a DIFFERENTIAL stream table, a FULL stream table
 * and {@code REFRESH MATERIALIZED VIEW} on the same data ({@link RefreshScenario}); then measures the write overhead
 * of change capture ({@link CaptureBenchmark}). Progress goes to standard error; the results go to standard output
 * and to {@code trickle-bench/target/bench-results.md}. With {@code --tpch} it runs the TPC-H benchmark ({@link
 * TpchBenchmark}) instead.
 *
 * <p>The engine is built with {@code fullRefreshThreshold(2.0)}, so a differential stream table never switches to
 * a full recomputation and the benchmark measures the differential path; the table shows the action each refresh
 * reported. Run it with:
 *
 * <pre>{@code
 * mvn -B -q -pl trickle-bench -am package -DskipTests exec:java -Dexec.args="--sizes 10000,100000 --runs 5"
 * }</pre>
 */
public final class RefreshBenchmark {
    private static final int WARM_UP_SIZE = 2000;
    private static final int WARM_UP_ROUNDS = 2000;

    private RefreshBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the options; see {@link BenchOptions#USAGE}
     * @throws Exception if the database fails; the benchmark stops at the first failure
     */
    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        BenchServer.start();
        StringBuilder out = new StringBuilder("# Trickle benchmark\n\n");
        Progress.log("starting PostgreSQL and the benchmark: %s", options);
        out.append(environment()).append('\n');
        if (options.walCapture()) {
            out.append("The stream tables of the refresh benchmark and the reference workload capture their sources from"
                    + " the WAL (--wal-capture): each refresh drains the replication slot first.\n\n");
        }
        if (options.tpch()) {
            out.append(TpchBenchmark.run(options.tpchScale(), options.tpchCycles(), options.tpchQueries()));
        }
        // the JVM warms up before any timed refresh: the reference workload alone would otherwise time Trickle's
        // code while it is still interpreted
        Samples idle = options.tpch() || (options.skipRefresh() && options.skipReference()) ? null : warmUp(options);
        if (!options.tpch() && !options.skipRefresh()) {
            List<RefreshScenario.Result> results = new ArrayList<>();
            for (int n : options.sizes()) {
                results.addAll(runSize(n, options));
            }
            out.append(refreshSection(results, idle, options));
        }
        if (!options.tpch() && !options.skipReference()) {
            List<ReferenceScenario.Size> sizes = new ArrayList<>();
            for (int n : options.sizes()) {
                sizes.add(ReferenceScenario.run(n, options.referenceChanges(), options.runs(), capture(options)));
            }
            out.append(Report.reference(sizes, options.runs()));
            out.append(JitCase.run());
        }
        if (!options.tpch() && !options.skipCapture()) {
            out.append(captureSection(options));
        }
        out.append(String.format(Locale.ROOT, "Total wall time: %.1f s; load average at the end: %s.%n",
                (System.nanoTime() - start) / 1e9, loadAverage()));
        System.out.print(out);
        System.out.flush();
        Path file = options.out() != null ? options.out() : defaultOutput();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out);
        Progress.log("results written to %s", file.toAbsolutePath());
    }

    /** Warms the JVM up on a small data set; returns the timings of refreshes that found nothing to do. */
    private static Samples warmUp(BenchOptions options) throws SQLException {
        Progress.log("warming the JVM up on N=%,d (untimed)", WARM_UP_SIZE);
        return onSize(WARM_UP_SIZE, capture(options), ctx -> RefreshScenario.warmUp(ctx, WARM_UP_ROUNDS));
    }

    private static List<RefreshScenario.Result> runSize(int n, BenchOptions options) throws SQLException {
        return onSize(n, capture(options), ctx -> {
            List<RefreshScenario.Result> results = new ArrayList<>();
            for (BenchQuery query : BenchQuery.values()) {
                results.addAll(RefreshScenario.run(ctx, query, options.changes(), options.runs()));
            }
            return results;
        });
    }

    /** @return how the benchmark's engines capture */
    static CaptureMode capture(BenchOptions options) {
        return options.walCapture() ? CaptureMode.WAL : CaptureMode.TRIGGERS;
    }

    /** Work on one table size. */
    @FunctionalInterface
    private interface SizeWork<T> {
        T run(RefreshScenario.Context ctx) throws SQLException;
    }

    /** Loads a database of its own with N orders, runs {@code work} on it, and drops it. */
    private static <T> T onSize(int n, CaptureMode capture, SizeWork<T> work) throws SQLException {
        try (TestDatabase db = TestPostgres.createDatabase();
                PinnedDataSource engineConnection = new PinnedDataSource(db.newConnection());
                Connection writer = db.newConnection();
                Connection observer = db.newConnection();
                Trickle trickle = Trickle.builder(engineConnection).fullRefreshThreshold(2.0)
                        .changeCapture(capture).build()) {
            Progress.log("N=%,d: loading %,d customers and %,d orders", n, Math.max(1, n / 10), n);
            long t = System.nanoTime();
            OrdersSchema data = OrdersSchema.load(writer, n);
            Progress.log("N=%,d: loaded and analyzed in %.1f s", n, (System.nanoTime() - t) / 1e9);
            return work.run(new RefreshScenario.Context(n, data, trickle, engineConnection, writer, observer));
        }
    }

    private static String refreshSection(List<RefreshScenario.Result> results, Samples idle, BenchOptions options) {
        StringBuilder sb = new StringBuilder("## Refresh: DIFFERENTIAL stream table vs FULL stream table vs REFRESH"
                + " MATERIALIZED VIEW\n\n");
        sb.append("Times are milliseconds per refresh, end to end from Java: median [min–max] of ")
                .append(options.runs()).append(" runs, each after k fresh changes to `orders` (a fifth each: UPDATE"
                        + " of amount, of status, of customer_id, INSERT, DELETE; one committed transaction). Rows"
                        + " read = `seq_tup_read + idx_tup_fetch` of `orders` and `customers` in"
                        + " `pg_stat_user_tables` around one more refresh. Check = both stream tables equal the"
                        + " materialized view afterwards (`EXCEPT ALL` both ways).\n\n");
        sb.append(Report.refresh(results)).append('\n');
        sb.append("Fixed cost of a refresh that finds nothing to do (lock, catalog, pending-change count, frontier,"
                        + " history, buffer cleanup): ").append(idle.millisWithRange()).append(" ms (")
                .append(idle.nanos().length).append(" runs).\n\n");
        Report.scaling(results).ifPresent(table -> sb.append("### Differential refresh against table size\n\n")
                .append(table).append('\n'));
        return sb.toString();
    }

    private static String captureSection(BenchOptions options) throws SQLException {
        try (TestDatabase db = TestPostgres.createDatabase(); Connection c = db.newConnection()) {
            List<CaptureBenchmark.Result> results = CaptureBenchmark.run(db.dataSource(), c, options.captureRows(),
                    options.captureIterations(), Math.max(5, options.runs()));
            return "## Capture overhead on writes\n\n"
                    + String.format(Locale.ROOT, "Four tables of %,d rows (primary key, index on customer_id): no"
                            + " capture; Trickle's capture (a DIFFERENTIAL stream table reads all five columns);"
                            + " a bare statement-level trigger copying the transition tables into a plain table;"
                            + " Trickle's capture from the WAL (replica identity FULL, in the publication; decoded at"
                            + " refresh, not measured here). The server runs wal_level = logical."
                            + " One connection, auto-commit; %,d single-row statements per kind (prepared); %d runs"
                            + " of each 10k-row statement. Ratios are of medians; the fast-end ratios compare the"
                            + " 10th percentiles (single-row) or the minima (10k-row), which other load on the"
                            + " machine disturbs less.%n%n", options.captureRows(), options.captureIterations(),
                            Math.max(5, options.runs()))
                    + Report.capture(results) + '\n'
                    + (options.tpsRounds() == 0 ? "" : throughputSection(db, c, options));
        }
    }

    private static String throughputSection(TestDatabase db, Connection c, BenchOptions options) throws SQLException {
        List<CaptureBenchmark.Throughput> results = CaptureBenchmark.throughput(c, db::newConnection,
                options.captureRows(), options.tpsClients(), options.tpsStatements(), options.tpsRounds());
        return "### Capture overhead on throughput\n\n"
                + String.format(Locale.ROOT, "The same tables; 1 or more clients, each with a connection of its own in"
                        + " auto-commit mode, run %,d single-row statements per kind and configuration between them"
                        + " (INSERT of a new key, UPDATE of a random key, DELETE of a row the round inserted),"
                        + " prepared. Statements per second: median [min–max] of %d rounds, after an untimed one;"
                        + " ratios are of medians, and (paired) the medians of the ratios within each round, where"
                        + " the configurations ran one after the other.%n%n", options.tpsStatements(),
                        options.tpsRounds())
                + Report.throughput(results) + '\n';
    }

    private static String environment() throws SQLException {
        try (TestDatabase db = TestPostgres.createDatabase();
                Connection c = db.newConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version(), current_setting('shared_buffers'),"
                        + " current_setting('fsync'), current_setting('synchronous_commit')")) {
            rs.next();
            return String.format(Locale.ROOT, "%s on %s; shared_buffers %s, fsync %s, synchronous_commit %s.%n"
                            + "Java %s, %d cores, load average at the start %s, %s.%n", db.server().description(),
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadAverage(),
                    LocalDate.now());
        }
    }

    /** @return the 1, 5 and 15 minute load averages (other work on the machine makes timings noisy), if known */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** @return {@code bench-results.md} in this module's {@code target} directory */
    private static Path defaultOutput() {
        Path fallback = Path.of("trickle-bench", "target", "bench-results.md");
        CodeSource source = RefreshBenchmark.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return fallback;
        }
        try {
            Path classes = Path.of(source.getLocation().toURI());
            Path target = classes.getParent();
            return target == null ? fallback : target.resolve("bench-results.md");
        } catch (URISyntaxException | IllegalArgumentException e) {
            return fallback;
        }
    }
}

package dev.trickle.bench;

import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jooq.DSLContext;

/**
 * The scheduler benchmark: what a tick costs with 100 and 1,000 idle stream tables (none due, and all due every
 * second with nothing changed), and how long a base-table change takes to reach the end of a chain of 10 stream
 * tables that refresh themselves (with a fast schedule and with a 1-second one). Tick costs come from the engine's
 * own measurement in {@code pgtrickle.pgt_engines.last_tick_ms}; latency is measured from the committing write to
 * the moment a reader sees the row at the end of the chain. Run it with:
 *
 * <pre>{@code
 * mvn -B -q -pl trickle-bench -am package -DskipTests exec:java -Dexec.mainClass=dev.trickle.bench.SchedulerBenchmark
 * }</pre>
 */
public final class SchedulerBenchmark {
    private static final int CHAIN = 10;
    private static final int LATENCY_SAMPLES = 25;

    private SchedulerBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args unused
     * @throws Exception if the database fails
     */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        StringBuilder out = new StringBuilder("# Trickle scheduler benchmark\n\n");
        out.append("| idle stream tables | schedules | tick ms, median [min–max] of engine-measured ticks |\n");
        out.append("| --- | --- | --- |\n");
        for (int n : new int[] {100, 1000}) {
            try (TestDatabase db = TestPostgres.createDatabase()) {
                createIdle(db, n);
                out.append(tickRow(db, n, "1h", "none due"));
                setSchedules(db, "1s");
                out.append(tickRow(db, n, "1s", "all due every second, no changes"));
            }
        }
        out.append("\n| chain | schedule of the last | tick | latency ms, median [p10–p90] of ")
                .append(LATENCY_SAMPLES).append(" writes |\n| --- | --- | --- | --- |\n");
        out.append(latencyRow("100ms", Duration.ofMillis(20)));
        out.append(latencyRow("1s", Duration.ofMillis(100)));
        out.append(String.format(Locale.ROOT, "%nTotal wall time: %.1f s.%n", (System.nanoTime() - start) / 1e9));
        System.out.print(out);
        Path file = Path.of("trickle-bench", "target", "scheduler-results.md");
        if (!Files.isDirectory(file.getParent())) {
            file = Path.of("target", "scheduler-results.md");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out.toString());
        Progress.log("results written to %s", file.toAbsolutePath());
    }

    private static void createIdle(TestDatabase db, int n) {
        DSLContext dsl = db.dsl();
        dsl.execute("CREATE TABLE idle_src (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO idle_src SELECT i, i FROM generate_series(1, " + n + ") i");
        Progress.log("creating %,d idle stream tables", n);
        try (Trickle setup = Trickle.builder(db.dataSource()).build()) {
            for (int i = 1; i <= n; i++) {
                setup.createStreamTable(StreamTableSpec.builder("idle_" + i, "SELECT id, v FROM idle_src WHERE id = " + i)
                        .schedule("1h").build());
                if (i % 200 == 0) {
                    Progress.log("  %,d created", i);
                }
            }
        }
    }

    private static void setSchedules(TestDatabase db, String schedule) {
        db.dsl().execute("UPDATE pgtrickle.pgt_stream_tables SET schedule = {0}", schedule);
    }

    /** Runs an engine ticking every 100 ms for a while and reads the tick durations it records. */
    private static String tickRow(TestDatabase db, int n, String schedule, String label) throws Exception {
        Progress.log("tick cost: %,d stream tables, %s", n, label);
        long[] samples;
        try (Trickle engine = Trickle.builder(db.dataSource()).tickInterval(Duration.ofMillis(100)).build();
                Connection c = db.newConnection()) {
            engine.start();
            Thread.sleep(3000);
            samples = sampleTicks(c, 40);
        }
        Samples s = new Samples(samples);
        return String.format(Locale.ROOT, "| %,d | %s (%s) | %s |%n", n, schedule, label, s.millisWithRange());
    }

    private static long[] sampleTicks(Connection c, int count) throws Exception {
        List<Long> nanos = new ArrayList<>();
        long lastTicks = -1;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ticks, last_tick_ms FROM pgtrickle.pgt_engines WHERE scheduler_running")) {
            while (nanos.size() < count) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) != lastTicks) {
                        if (lastTicks >= 0) {
                            nanos.add(Math.round(rs.getDouble(2) * 1e6));
                        }
                        lastTicks = rs.getLong(1);
                    }
                }
                Thread.sleep(20);
            }
        }
        return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    /** Builds a chain base -> st1 -> ... -> st10 and measures write-to-visible latency at its end. */
    private static String latencyRow(String schedule, Duration tick) throws Exception {
        Progress.log("chain latency: %d stream tables, last scheduled %s, tick %s", CHAIN, schedule, tick);
        try (TestDatabase db = TestPostgres.createDatabase();
                Trickle engine = Trickle.builder(db.dataSource()).tickInterval(tick).build()) {
            DSLContext dsl = db.dsl();
            dsl.execute("CREATE TABLE chain_base (id int PRIMARY KEY, v int)");
            dsl.execute("INSERT INTO chain_base SELECT i, i FROM generate_series(1, 1000) i");
            String previous = "chain_base";
            for (int i = 1; i <= CHAIN; i++) {
                engine.createStreamTable(StreamTableSpec.builder("chain_" + i, "SELECT id, v FROM " + previous)
                        .schedule(i == CHAIN ? schedule : "calculated").build());
                previous = "chain_" + i;
            }
            engine.start();
            Samples s = new Samples(latencies(db, "chain_" + CHAIN));
            return String.format(Locale.ROOT, "| %d stream tables | %s | %s | %s |%n", CHAIN, schedule, tick,
                    s.millisWithPercentiles());
        }
    }

    private static long[] latencies(TestDatabase db, String end) throws Exception {
        long[] nanos = new long[LATENCY_SAMPLES];
        SplittableRandom random = new SplittableRandom(7);
        try (Connection writer = db.newConnection(); Connection reader = db.newConnection();
                Statement w = writer.createStatement();
                PreparedStatement r = reader.prepareStatement("SELECT 1 FROM " + end + " WHERE id = ?")) {
            Thread.sleep(1500);
            for (int i = 0; i < LATENCY_SAMPLES; i++) {
                int id = 100_000 + i;
                Thread.sleep(random.nextInt(300));
                long t = System.nanoTime();
                w.execute("INSERT INTO chain_base VALUES (" + id + ", 0)");
                r.setInt(1, id);
                while (!exists(r)) {
                    if (System.nanoTime() - t > 30_000_000_000L) {
                        throw new IllegalStateException("the change did not reach " + end + " within 30 s");
                    }
                    Thread.onSpinWait();
                }
                nanos[i] = System.nanoTime() - t;
            }
        }
        return nanos;
    }

    private static boolean exists(PreparedStatement r) throws SQLException {
        try (ResultSet rs = r.executeQuery()) {
            return rs.next();
        }
    }
}

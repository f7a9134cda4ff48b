package dev.trickle.bench;

import dev.trickle.CaptureMode;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Measures what change capture adds to writes. Four identical orders-like tables (primary key, index on {@code
 * customer_id}) differ only in what fires on them: nothing; Trickle's capture, installed by a DIFFERENTIAL stream
 * table that reads all five columns (so its buffer records whole rows); a hand-written statement-level trigger
 * that copies the transition tables into a plain table, the floor any trigger-based capture stands on; and Trickle's
 * capture from the WAL (an engine set to {@link CaptureMode#WAL}): nothing fires, the table's replica identity is
 * {@code FULL} (old rows are logged whole) and it is in the publication; the decoding is paid at refresh, which this
 * benchmark does not run. The server runs {@code wal_level = logical} for all four.
 *
 * <p>All statements run on one connection in auto-commit mode, so session settings are the same; the tables take
 * turns in a rotating order so drift hits them alike. Single-row statements are prepared (server-side after
 * pgjdbc's fifth execution) and timed one by one, after as many untimed ones: the client's JIT needs thousands of
 * executions before a single-row INSERT settles from about 60 to about 20 µs. 10k-row statements are timed per
 * statement, after an untimed run, with a {@code VACUUM} of all three tables before each run.
 *
 * <p>Then throughput ({@link #throughput}): for 1 and 8 clients (by default), each with a connection of its own in
 * auto-commit mode, a fixed number of single-row INSERTs (new keys), UPDATEs (a random key) and DELETEs (the rows the
 * INSERTs of the same round added) per configuration, timed from the first statement to the last one's end. Rounds
 * take the configurations in a rotating order, after an untimed round, with a {@code VACUUM} before each round.
 */
final class CaptureBenchmark {
    /** What fires on a table. */
    enum Config {
        NONE("no capture", "cap_none"),
        TRICKLE("trickle capture", "cap_trickle"),
        BARE("bare trigger", "cap_bare"),
        WAL("trickle WAL capture", "cap_wal");

        final String label;
        final String table;

        Config(String label, String table) {
            this.label = label;
            this.table = table;
        }
    }

    /** A kind of write. */
    enum Op { INSERT, UPDATE, DELETE }

    /**
     * The timings of one kind of statement under each configuration.
     *
     * @param label such as {@code single-row INSERT}
     * @param bulk whether the statement writes 10k rows (timings in ms) or one (µs)
     * @param samples per configuration
     */
    record Result(String label, boolean bulk, Map<Config, Samples> samples) {}

    /**
     * The throughput of one kind of single-row statement from some number of clients, under each configuration.
     *
     * @param op the kind of statement
     * @param clients the number of clients, each with its own connection
     * @param statements statements per timed run, over all clients
     * @param runs the wall time of each timed run, per configuration
     * @param rounds per configuration, the wall time of its run in each round, in round order
     */
    record Throughput(Op op, int clients, int statements, Map<Config, Samples> runs, Map<Config, long[]> rounds) {
        /**
         * @param config a configuration
         * @param base the configuration to compare with
         * @return the median over rounds of the ratio of their statements per second in the same round, which load
         *     that changes from round to round disturbs less than a ratio of medians
         */
        double pairedRatio(Config config, Config base) {
            long[] a = rounds.get(config);
            long[] b = rounds.get(base);
            long[] ratios = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                ratios[i] = Math.round(1e6 * b[i] / a[i]);
            }
            return new Samples(ratios).medianNanos() / 1e6;
        }

        /**
         * @param config a configuration
         * @return its median statements per second
         */
        double tps(Config config) {
            return statements * 1e9 / runs.get(config).medianNanos();
        }
    }

    /** Opens connections of their own. */
    @FunctionalInterface
    interface Connections {
        /**
         * @return a new connection, which the caller closes
         * @throws SQLException if the server refuses
         */
        Connection open() throws SQLException;
    }

    private static final int BULK_ROWS = 10_000;
    private static final int ROUNDS = 20;

    private final Connection c;
    private final int rows;
    private final Map<Config, Integer> nextId = new EnumMap<>(Config.class);

    private CaptureBenchmark(Connection c, int rows) {
        this.c = c;
        this.rows = rows;
        for (Config config : Config.values()) {
            nextId.put(config, rows + 1);
        }
    }

    /**
     * Sets the tables up and measures.
     *
     * @param dataSource the database, for the engine
     * @param c a connection of its own, in auto-commit mode
     * @param rows rows per table
     * @param iterations single-row statements per kind and configuration
     * @param runs timed runs of each 10k-row statement
     * @return single-row INSERT, UPDATE, DELETE, then the 10k-row ones
     * @throws SQLException if the server fails
     */
    static List<Result> run(DataSource dataSource, Connection c, int rows, int iterations, int runs)
            throws SQLException {
        CaptureBenchmark b = new CaptureBenchmark(c, rows);
        try (Trickle trickle = Trickle.builder(dataSource).build();
                Trickle wal = Trickle.builder(dataSource).changeCapture(CaptureMode.WAL).build()) {
            b.setUp(trickle, wal);
            List<Result> results = new ArrayList<>();
            Progress.log("capture: warm-up (%,d single-row statements per kind and configuration)", iterations);
            b.singleRow(iterations);
            Progress.log("capture: %,d single-row INSERTs, UPDATEs and DELETEs per configuration", iterations);
            results.addAll(b.singleRow(iterations));
            Progress.log("capture: %d runs of 10k-row INSERT, UPDATE and DELETE per configuration (1 warm-up)", runs);
            b.bulk(1);
            results.addAll(b.bulk(runs));
            return results;
        }
    }

    private void setUp(Trickle trickle, Trickle wal) throws SQLException {
        Progress.log("capture: loading four tables of %,d rows", rows);
        for (Config config : Config.values()) {
            String t = config.table;
            execute("CREATE TABLE " + t + " (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT"
                    + " NULL, status text NOT NULL, created date NOT NULL)");
            execute("INSERT INTO " + t + " SELECT g, 1 + g % 10000, (g % 1000) + 0.5,"
                    + " (ARRAY['open','paid','shipped','closed'])[1 + g % 4], DATE '2024-01-01' + g % 365"
                    + " FROM generate_series(1, " + rows + ") g");
            execute("CREATE INDEX " + t + "_customer_id_idx ON " + t + " (customer_id)");
        }
        trickle.createStreamTable(StreamTableSpec.builder("cap_trickle_open",
                        "SELECT id, customer_id, amount, status, created FROM cap_trickle WHERE status = 'open'")
                .mode(RefreshMode.DIFFERENTIAL).build());
        // change capture from the WAL: replica identity FULL and the publication; nothing fires on writes
        wal.createStreamTable(StreamTableSpec.builder("cap_wal_open",
                        "SELECT id, customer_id, amount, status, created FROM cap_wal WHERE status = 'open'")
                .mode(RefreshMode.DIFFERENTIAL).build());
        execute("CREATE TABLE cap_bare_log (w smallint NOT NULL, id int, customer_id int, amount numeric(12,2),"
                + " status text, created date)");
        execute("""
                CREATE FUNCTION cap_bare_capture() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO cap_bare_log SELECT 1, n.* FROM new_rows n;
                  ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO cap_bare_log SELECT -1, o.* FROM old_rows o UNION ALL SELECT 1, n.* FROM new_rows n;
                  ELSE
                    INSERT INTO cap_bare_log SELECT -1, o.* FROM old_rows o;
                  END IF;
                  RETURN NULL;
                END $f$""");
        String fn = " FOR EACH STATEMENT EXECUTE FUNCTION cap_bare_capture()";
        execute("CREATE TRIGGER cap_bare_ins AFTER INSERT ON cap_bare REFERENCING NEW TABLE AS new_rows" + fn);
        execute("CREATE TRIGGER cap_bare_upd AFTER UPDATE ON cap_bare REFERENCING OLD TABLE AS old_rows"
                + " NEW TABLE AS new_rows" + fn);
        execute("CREATE TRIGGER cap_bare_del AFTER DELETE ON cap_bare REFERENCING OLD TABLE AS old_rows" + fn);
        execute("VACUUM ANALYZE cap_none, cap_trickle, cap_bare, cap_wal");
    }

    /** Runs {@code iterations} single-row statements of each kind on each table; returns the timings. */
    private List<Result> singleRow(int iterations) throws SQLException {
        Map<Config, Map<Op, long[]>> nanos = new EnumMap<>(Config.class);
        Map<Config, Deque<Integer>> inserted = new EnumMap<>(Config.class);
        Map<Config, Random> randoms = new EnumMap<>(Config.class);
        for (Config config : Config.values()) {
            nanos.put(config, new EnumMap<>(Op.class));
            inserted.put(config, new ArrayDeque<>());
            randoms.put(config, new Random(7));
        }
        int perRound = Math.max(1, iterations / ROUNDS);
        for (Op op : Op.values()) {
            for (Config config : Config.values()) {
                nanos.get(config).put(op, new long[perRound * ROUNDS]);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (Config config : rotation(round)) {
                    long[] out = nanos.get(config).get(op);
                    try (PreparedStatement ps = c.prepareStatement(sql(op, config.table))) {
                        for (int i = 0; i < perRound; i++) {
                            bind(ps, op, config, inserted.get(config), randoms.get(config));
                            long t = System.nanoTime();
                            ps.executeUpdate();
                            out[round * perRound + i] = System.nanoTime() - t;
                        }
                    }
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Op op : Op.values()) {
            Map<Config, Samples> samples = new EnumMap<>(Config.class);
            nanos.forEach((config, byOp) -> samples.put(config, new Samples(byOp.get(op))));
            results.add(new Result("single-row " + op, false, samples));
        }
        return results;
    }

    /**
     * Measures throughput on the tables {@link #run} set up, which it leaves in place.
     *
     * @param c the connection {@link #run} used
     * @param connections opens the clients' connections
     * @param rows rows per table, as given to {@link #run}
     * @param clientCounts the numbers of clients to measure
     * @param statements statements per timed run, split evenly between the clients
     * @param rounds timed rounds; one untimed round precedes them
     * @return one result per kind of statement and number of clients
     * @throws SQLException if the server fails
     */
    static List<Throughput> throughput(Connection c, Connections connections, int rows, List<Integer> clientCounts,
            int statements, int rounds) throws SQLException {
        CaptureBenchmark b = new CaptureBenchmark(c, rows);
        Integer maxId = b.query("SELECT max(id) FROM cap_none");
        for (Config config : Config.values()) {
            b.nextId.put(config, (maxId == null ? rows : maxId) + 1_000_000);
        }
        List<Throughput> results = new ArrayList<>();
        for (int clients : clientCounts) {
            Progress.log("capture throughput: %d client(s), %d round(s) of %,d statements per kind and"
                    + " configuration (1 warm-up)", clients, rounds, statements);
            results.addAll(b.throughput(connections, clients, statements / clients * clients, rounds));
        }
        return results;
    }

    private List<Throughput> throughput(Connections connections, int clients, int statements, int rounds)
            throws SQLException {
        Map<Config, Map<Op, long[]>> nanos = timings(rounds);
        List<Connection> open = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                Connection client = connections.open();
                open.add(client);
                client.setAutoCommit(true);
            }
            for (int round = -1; round < rounds; round++) {
                execute("VACUUM cap_none, cap_trickle, cap_bare, cap_wal");
                Map<Config, Integer> firstInserted = new EnumMap<>(Config.class);
                for (Op op : Op.values()) {
                    for (Config config : rotation(Math.max(round, 0))) {
                        AtomicInteger ids = new AtomicInteger(op == Op.DELETE ? firstInserted.get(config)
                                : nextId.get(config));
                        if (op == Op.INSERT) {
                            firstInserted.put(config, ids.get());
                            nextId.put(config, ids.get() + statements);
                        }
                        long took = parallel(pool, open, op, config, statements / clients, ids);
                        if (round >= 0) {
                            nanos.get(config).get(op)[round] = took;
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            for (Connection client : open) {
                client.close();
            }
        }
        List<Throughput> results = new ArrayList<>();
        for (Op op : Op.values()) {
            Map<Config, Samples> runs = new EnumMap<>(Config.class);
            Map<Config, long[]> byRound = new EnumMap<>(Config.class);
            nanos.forEach((config, byOp) -> {
                runs.put(config, new Samples(byOp.get(op)));
                byRound.put(config, byOp.get(op).clone());
            });
            results.add(new Throughput(op, clients, statements, runs, byRound));
        }
        return results;
    }

    /** Runs {@code perClient} statements on each connection at once; returns the wall time from start to end. */
    private long parallel(ExecutorService pool, List<Connection> clients, Op op, Config config, int perClient,
            AtomicInteger ids) throws SQLException {
        String sql = sql(op, config.table);
        List<Future<Integer>> done = new ArrayList<>();
        long t = System.nanoTime();
        for (Connection client : clients) {
            done.add(pool.submit(() -> {
                int written = 0;
                try (PreparedStatement ps = client.prepareStatement(sql)) {
                    for (int i = 0; i < perClient; i++) {
                        int id = op == Op.UPDATE ? 1 + ThreadLocalRandom.current().nextInt(rows)
                                : ids.getAndIncrement();
                        ps.setInt(1, id);
                        if (op == Op.INSERT) {
                            ps.setInt(2, 1 + id % 10000);
                            ps.setBigDecimal(3, java.math.BigDecimal.valueOf(id % 1000, 0));
                        }
                        written += ps.executeUpdate();
                    }
                }
                return written;
            }));
        }
        int written = 0;
        for (Future<Integer> f : done) {
            try {
                written += f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof SQLException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        long took = System.nanoTime() - t;
        if (written != perClient * clients.size()) {
            throw new IllegalStateException("internal error: " + op + " on " + config.table + " wrote " + written
                    + " rows instead of " + perClient * clients.size());
        }
        return took;
    }

    private static String sql(Op op, String table) {
        return switch (op) {
            case INSERT -> "INSERT INTO " + table + " (id, customer_id, amount, status, created)"
                    + " VALUES (?, ?, ?, 'open', DATE '2025-01-01')";
            case UPDATE -> "UPDATE " + table + " SET amount = amount + 1 WHERE id = ?";
            case DELETE -> "DELETE FROM " + table + " WHERE id = ?";
        };
    }

    private void bind(PreparedStatement ps, Op op, Config config, Deque<Integer> inserted, Random random)
            throws SQLException {
        switch (op) {
            case INSERT -> {
                int id = nextId.merge(config, 1, Integer::sum) - 1;
                inserted.add(id);
                ps.setInt(1, id);
                ps.setInt(2, 1 + id % 10000);
                ps.setBigDecimal(3, java.math.BigDecimal.valueOf(id % 1000, 0));
            }
            case UPDATE -> ps.setInt(1, 1 + random.nextInt(rows));
            case DELETE -> ps.setInt(1, inserted.remove());
        }
    }

    /** Runs {@code runs} rounds of a 10k-row INSERT, UPDATE and DELETE on each table; returns the timings. */
    private List<Result> bulk(int runs) throws SQLException {
        Map<Config, Map<Op, long[]>> nanos = timings(runs);
        Random random = new Random(11);
        for (int run = 0; run < runs; run++) {
            execute("VACUUM cap_none, cap_trickle, cap_bare, cap_wal");
            int updateFrom = 1 + random.nextInt(rows - BULK_ROWS);
            for (Config config : rotation(run)) {
                String t = config.table;
                int from = nextId.get(config);
                int to = from + BULK_ROWS - 1;
                nextId.put(config, to + 1);
                Map<Op, long[]> out = nanos.get(config);
                out.get(Op.INSERT)[run] = time("INSERT INTO " + t + " SELECT g, 1 + g % 10000, (g % 1000) + 0.5,"
                        + " (ARRAY['open','paid','shipped','closed'])[1 + g % 4], DATE '2025-01-01' + g % 30"
                        + " FROM generate_series(" + from + ", " + to + ") g", BULK_ROWS);
                out.get(Op.UPDATE)[run] = time("UPDATE " + t + " SET amount = amount + 1 WHERE id BETWEEN "
                        + updateFrom + " AND " + (updateFrom + BULK_ROWS - 1), BULK_ROWS);
                out.get(Op.DELETE)[run] = time("DELETE FROM " + t + " WHERE id BETWEEN " + from + " AND " + to,
                        BULK_ROWS);
            }
        }
        List<Result> results = new ArrayList<>();
        for (Op op : Op.values()) {
            Map<Config, Samples> samples = new EnumMap<>(Config.class);
            nanos.forEach((config, byOp) -> samples.put(config, new Samples(byOp.get(op))));
            results.add(new Result("10k-row " + op, true, samples));
        }
        return results;
    }

    /** @return room for {@code runs} timings per configuration and kind of statement */
    private static Map<Config, Map<Op, long[]>> timings(int runs) {
        Map<Config, Map<Op, long[]>> nanos = new EnumMap<>(Config.class);
        for (Config config : Config.values()) {
            Map<Op, long[]> byOp = new EnumMap<>(Op.class);
            for (Op op : Op.values()) {
                byOp.put(op, new long[runs]);
            }
            nanos.put(config, byOp);
        }
        return nanos;
    }

    private long time(String sql, int expectedRows) throws SQLException {
        try (Statement st = c.createStatement()) {
            long t = System.nanoTime();
            int n = st.executeUpdate(sql);
            long took = System.nanoTime() - t;
            if (n != expectedRows) {
                throw new IllegalStateException("internal error: " + n + " rows instead of " + expectedRows + ": "
                        + sql);
            }
            return took;
        }
    }

    private static List<Config> rotation(int round) {
        Config[] all = Config.values();
        List<Config> order = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            order.add(all[(round + i) % all.length]);
        }
        return order;
    }

    private @Nullable Integer query(String sql) throws SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            int v = rs.getInt(1);
            return rs.wasNull() ? null : v;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

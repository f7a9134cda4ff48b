package dev.trickle.bench;

import dev.trickle.bench.tpch.TpchQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark's command-line options.
 *
 * @param sizes the order counts N to measure (customers are N/10)
 * @param changes the change counts per refresh: absolute ({@code 10}) or a percentage of N ({@code 1%})
 * @param runs timed runs per measurement (the median is reported); one untimed warm-up run precedes them
 * @param captureIterations single-row statements per kind and configuration in the capture benchmark
 * @param captureRows rows in each table of the capture benchmark
 * @param tpsClients the numbers of concurrent clients in the capture throughput measurement
 * @param tpsStatements single-row statements per timed run of the throughput measurement (over all clients)
 * @param tpsRounds timed rounds of the throughput measurement; 0 leaves it out
 * @param skipRefresh whether to skip the refresh benchmark
 * @param skipCapture whether to skip the capture benchmark
 * @param skipReference whether to skip the reference workload
 * @param referenceChanges changed orders per batch of the reference workload
 * @param tpch whether to run the TPC-H benchmark instead of the others
 * @param tpchScale the TPC-H scale factor
 * @param tpchCycles timed churn cycles of the TPC-H benchmark
 * @param tpchQueries the TPC-H queries to run ({@code Q1}…{@code Q22}), all of them if empty
 * @param out where to write the results as Markdown, or {@code null} for {@code trickle-bench/target}
 * @param walCapture whether the refresh benchmark and the reference workload capture from the WAL (their refreshes
 *     then include draining the slot)
 */
record BenchOptions(
        List<Integer> sizes,
        List<String> changes,
        int runs,
        int captureIterations,
        int captureRows,
        List<Integer> tpsClients,
        int tpsStatements,
        int tpsRounds,
        boolean skipRefresh,
        boolean skipCapture,
        boolean skipReference,
        int referenceChanges,
        boolean tpch,
        double tpchScale,
        int tpchCycles,
        List<TpchQuery> tpchQueries,
        @Nullable Path out,
        boolean walCapture) {

    static final String USAGE = """
            usage: RefreshBenchmark [--sizes 10000,100000,1000000] [--changes 10,1%] [--runs 7]
                                    [--capture-iterations 2000] [--capture-rows 100000]
                                    [--tps-clients 1,8] [--tps-statements 4000] [--tps-rounds 5]
                                    [--skip-refresh] [--skip-capture] [--skip-reference]
                                    [--reference-changes 10] [--out FILE] [--wal-capture]
                                    [--tpch [--tpch-scale 0.1] [--tpch-cycles 5] [--tpch-queries Q1,Q17]]""";

    BenchOptions {
        sizes = List.copyOf(sizes);
        changes = List.copyOf(changes);
        tpsClients = List.copyOf(tpsClients);
        tpchQueries = List.copyOf(tpchQueries);
        if (tpsClients.isEmpty() || tpsClients.stream().anyMatch(k -> k < 1 || k > 64) || tpsRounds < 0
                || tpsStatements < tpsClients.stream().mapToInt(Integer::intValue).max().orElse(1)) {
            throw new IllegalArgumentException("tps clients must be between 1 and 64, tps rounds not negative and tps"
                    + " statements at least the largest number of clients");
        }
        if (sizes.stream().anyMatch(n -> n < 100)) {
            throw new IllegalArgumentException("sizes must be at least 100: " + sizes);
        }
        if (!(tpchScale >= 0.001 && tpchScale <= 100) || tpchCycles < 1) {
            throw new IllegalArgumentException("tpch scale must be between 0.001 and 100 and tpch cycles positive");
        }
        if (runs < 1 || captureIterations < 10 || captureRows < 30_000 || referenceChanges < 1) {
            throw new IllegalArgumentException("runs and reference changes must be positive, capture iterations at"
                    + " least 10 and capture rows at least 30000");
        }
        changes.forEach(c -> changeCount(c, 100));
    }

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException if an argument is unknown or malformed
     */
    static BenchOptions parse(String... args) {
        List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
        List<String> changes = List.of("10", "1%");
        int runs = 7;
        int iterations = 2000;
        int rows = 100_000;
        List<Integer> tpsClients = List.of(1, 8);
        int tpsStatements = 4000;
        int tpsRounds = 5;
        boolean skipRefresh = false;
        boolean skipCapture = false;
        boolean skipReference = false;
        boolean walCapture = false;
        int referenceChanges = 10;
        boolean tpch = false;
        double tpchScale = 0.1;
        int tpchCycles = 5;
        List<TpchQuery> tpchQueries = List.of();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--sizes" -> sizes = ints(value(args, ++i, arg));
                case "--changes" -> changes = List.of(value(args, ++i, arg).split(","));
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                case "--capture-iterations" -> iterations = Integer.parseInt(value(args, ++i, arg));
                case "--capture-rows" -> rows = Integer.parseInt(value(args, ++i, arg));
                case "--tps-clients" -> tpsClients = ints(value(args, ++i, arg));
                case "--tps-statements" -> tpsStatements = Integer.parseInt(value(args, ++i, arg));
                case "--tps-rounds" -> tpsRounds = Integer.parseInt(value(args, ++i, arg));
                case "--skip-refresh" -> skipRefresh = true;
                case "--skip-capture" -> skipCapture = true;
                case "--skip-reference" -> skipReference = true;
                case "--wal-capture" -> walCapture = true;
                case "--reference-changes" -> referenceChanges = Integer.parseInt(value(args, ++i, arg));
                case "--tpch" -> tpch = true;
                case "--tpch-scale" -> tpchScale = Double.parseDouble(value(args, ++i, arg));
                case "--tpch-cycles" -> tpchCycles = Integer.parseInt(value(args, ++i, arg));
                case "--tpch-queries" -> tpchQueries = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(q -> TpchQuery.valueOf(q.trim().toUpperCase(Locale.ROOT))).toList();
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument: " + arg + "\n" + USAGE);
            }
        }
        return new BenchOptions(sizes, changes, runs, iterations, rows, tpsClients, tpsStatements, tpsRounds,
                skipRefresh, skipCapture, skipReference, referenceChanges, tpch, tpchScale, tpchCycles, tpchQueries,
                out, walCapture);
    }

    /**
     * Resolves a change count against a table size.
     *
     * @param spec {@code 10} or {@code 1%}
     * @param n the number of orders
     * @return the number of changed rows, at least 1
     */
    static int changeCount(String spec, int n) {
        String s = spec.trim();
        try {
            if (s.endsWith("%")) {
                double percent = Double.parseDouble(s.substring(0, s.length() - 1));
                return Math.max(1, (int) Math.round(n * percent / 100));
            }
            int k = Integer.parseInt(s);
            if (k < 1) {
                throw new IllegalArgumentException("change count must be positive: " + spec);
            }
            return k;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("change count must be a number or a percentage: " + spec, e);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static List<Integer> ints(String csv) {
        List<Integer> result = new ArrayList<>();
        for (String part : csv.split(",")) {
            result.add(Integer.parseInt(part.trim().replace("_", "")));
        }
        return result;
    }
}

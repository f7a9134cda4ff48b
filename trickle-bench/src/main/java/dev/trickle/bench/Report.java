package dev.trickle.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders the results as Markdown tables, readable as plain text too. */
final class Report {
    private Report() {}

    /**
     * Renders the refresh results.
     *
     * @param results one row per table size, query and change count
     * @return the table
     */
    static String refresh(List<RefreshScenario.Result> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("N", "k", "query", "diff ms", "full ms", "matview ms", "matview/diff", "full/diff",
                "base rows read by diff", "base rows read by full", "diff action", "check"));
        for (RefreshScenario.Result r : results) {
            rows.add(List.of(count(r.n()), count(r.k()), r.query().label(), r.diff().millisWithRange(),
                    r.full().millisWithRange(), r.matview().millisWithRange(),
                    Samples.ratio(r.matview().medianNanos(), r.diff().medianNanos()),
                    Samples.ratio(r.full().medianNanos(), r.diff().medianNanos()),
                    count(r.diffRead().rowsRead()), count(r.fullRead().rowsRead()),
                    r.diffActions().stream().map(Enum::name).collect(Collectors.joining(",")), r.check()));
        }
        return table(rows);
    }

    /**
     * Renders the growth of differential refresh time and rows read from the smallest to the largest table size.
     *
     * @param results the refresh results
     * @return the table, or empty if only one size was measured
     */
    static Optional<String> scaling(List<RefreshScenario.Result> results) {
        int small = results.stream().mapToInt(RefreshScenario.Result::n).min().orElse(0);
        int large = results.stream().mapToInt(RefreshScenario.Result::n).max().orElse(0);
        if (small == large) {
            return Optional.empty();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("query", "k", "diff ms at N=" + count(small), "diff ms at N=" + count(large),
                "diff time ratio", "rows read at N=" + count(small), "rows read at N=" + count(large),
                "full/matview ms at N=" + count(large)));
        for (RefreshScenario.Result a : results) {
            if (a.n() != small) {
                continue;
            }
            results.stream().filter(b -> b.n() == large && b.query() == a.query() && b.changes().equals(a.changes()))
                    .findFirst()
                    .ifPresent(b -> rows.add(List.of(a.query().label(),
                            a.k() == b.k() ? count(a.k()) : a.changes() + " (" + count(a.k()) + " → " + count(b.k())
                                    + ")",
                            Samples.ms(a.diff().medianNanos()), Samples.ms(b.diff().medianNanos()),
                            Samples.ratio(b.diff().medianNanos(), a.diff().medianNanos()),
                            count(a.diffRead().rowsRead()), count(b.diffRead().rowsRead()),
                            Samples.ms(b.full().medianNanos()) + " / " + Samples.ms(b.matview().medianNanos()))));
        }
        return Optional.of(table(rows));
    }

    /**
     * Renders the capture results. Ratios are of medians; the "fast end" ratios compare the 10th percentiles of
     * single-row statements and the minima of 10k-row ones, which other load on the machine disturbs less.
     *
     * @param results one row per kind of statement
     * @return the table
     */
    static String capture(List<CaptureBenchmark.Result> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("statement", "unit", "no capture", "trickle capture", "bare trigger", "trickle/none",
                "bare/none", "trickle/bare", "trickle/none, fast end", "bare/none, fast end"));
        for (CaptureBenchmark.Result r : results) {
            Samples none = r.samples().get(CaptureBenchmark.Config.NONE);
            Samples trickle = r.samples().get(CaptureBenchmark.Config.TRICKLE);
            Samples bare = r.samples().get(CaptureBenchmark.Config.BARE);
            int fastEnd = r.bulk() ? 0 : 10;
            rows.add(List.of(r.label(), r.bulk() ? "ms, median [min–max]" : "µs, median [p10–p90]",
                    cell(none, r.bulk()), cell(trickle, r.bulk()), cell(bare, r.bulk()),
                    Samples.ratio(trickle.medianNanos(), none.medianNanos()),
                    Samples.ratio(bare.medianNanos(), none.medianNanos()),
                    Samples.ratio(trickle.medianNanos(), bare.medianNanos()),
                    Samples.ratio(trickle.percentile(fastEnd), none.percentile(fastEnd)),
                    Samples.ratio(bare.percentile(fastEnd), none.percentile(fastEnd))));
        }
        return table(rows);
    }

    /**
     * Renders the capture throughput results: ratios of medians, and the medians of the ratios within a round.
     *
     * @param results one row per kind of statement and number of clients
     * @return the table
     */
    static String throughput(List<CaptureBenchmark.Throughput> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("statement", "clients", "no capture, stmt/s", "trickle capture, stmt/s",
                "bare trigger, stmt/s", "trickle/none", "bare/none", "trickle/none, paired", "bare/none, paired"));
        for (CaptureBenchmark.Throughput r : results) {
            rows.add(List.of("single-row " + r.op(), String.valueOf(r.clients()),
                    tps(r, CaptureBenchmark.Config.NONE), tps(r, CaptureBenchmark.Config.TRICKLE),
                    tps(r, CaptureBenchmark.Config.BARE),
                    Samples.ratio(r.tps(CaptureBenchmark.Config.TRICKLE), r.tps(CaptureBenchmark.Config.NONE)),
                    Samples.ratio(r.tps(CaptureBenchmark.Config.BARE), r.tps(CaptureBenchmark.Config.NONE)),
                    Samples.ratio(r.pairedRatio(CaptureBenchmark.Config.TRICKLE, CaptureBenchmark.Config.NONE), 1),
                    Samples.ratio(r.pairedRatio(CaptureBenchmark.Config.BARE, CaptureBenchmark.Config.NONE), 1)));
        }
        return table(rows);
    }

    /** @return {@code median [min–max]} statements per second; the fastest run has the most */
    private static String tps(CaptureBenchmark.Throughput r, CaptureBenchmark.Config config) {
        long[] nanos = r.runs().get(config).nanos();
        return String.format(Locale.ROOT, "%,.0f [%,.0f–%,.0f]", r.tps(config),
                r.statements() * 1e9 / nanos[nanos.length - 1], r.statements() * 1e9 / nanos[0]);
    }

    private static String cell(Samples s, boolean bulk) {
        return bulk ? s.millisWithRange() : s.microsWithSpread();
    }

    /** Renders rows as a Markdown table with padded columns; the first row is the header. */
    static String table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(sb, rows.get(r), width);
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int w : width) {
                    rule.add("-".repeat(w));
                }
                line(sb, rule, width);
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean numeric = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.startsWith("-"));
            String pad = " ".repeat(width[i] - cell.length());
            sb.append(' ').append(numeric ? pad + cell : cell + pad).append(" |");
        }
        sb.append('\n');
    }

    /**
     * Formats a count with thousands separators.
     *
     * @param n the count
     * @return such as {@code 10,000}
     */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

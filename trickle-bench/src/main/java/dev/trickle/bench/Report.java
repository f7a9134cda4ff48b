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
     * Renders the reference workload: Trickle against the limit and {@code REFRESH MATERIALIZED VIEW}, its growth
     * with N, the refreshes that found nothing to do, and where one differential refresh's server time went.
     *
     * @param sizes one per table size, smallest first
     * @param runs timed rounds per query
     * @return the section
     */
    static String reference(List<ReferenceScenario.Size> sizes, int runs) {
        StringBuilder sb = new StringBuilder("## Reference workload: Trickle vs the hand-written limit vs REFRESH"
                + " MATERIALIZED VIEW\n\n");
        sb.append("`customers` (N/10, at least 100, in 100 regions) and `orders` (N); batches of k changed orders (40%"
                + " UPDATE amount, 20% UPDATE status, 20% INSERT, 10% DELETE, 10% UPDATE customer_id), one committed"
                + " transaction each. Per round: one batch, then Trickle's refresh (AUTO mode), the limit (one `MERGE`"
                + " that reads only the batch's delta) and `REFRESH MATERIALIZED VIEW`, in rotating order. Times are"
                + " milliseconds from Java, median [min–max] of ").append(runs).append(" rounds. Server ms = execution"
                + " + planning time of all of the refresh's statements (`pg_stat_statements`); client CPU ms = CPU time of the"
                + " calling thread in Java (Trickle and the driver). Round trips and"
                + " statements per refresh are counted at the JDBC level. Check = the stream table and the limit's"
                + " table equal the view at the end.\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("N", "k", "query", "trickle ms", "limit ms", "matview ms", "trickle/limit", "matview/trickle",
                "server ms", "client CPU ms", "round trips", "statements", "action", "check"));
        for (ReferenceScenario.Size size : sizes) {
            for (ReferenceScenario.Result r : size.results()) {
                rows.add(List.of(count(r.n()), count(r.k()), r.query().label(), r.diff().millisWithRange(),
                        r.limit() == null ? "—" : r.limit().millisWithRange(), r.matview().millisWithRange(),
                        r.limit() == null ? "—" : Samples.ratio(r.diff().medianNanos(), r.limit().medianNanos()),
                        Samples.ratio(r.matview().medianNanos(), r.diff().medianNanos()),
                        r.serverMillis() == null ? "n/a" : Samples.ms(r.serverMillis().medianNanos()),
                        Samples.ms(r.clientMillis().medianNanos()), decimal(r.roundTrips()), decimal(r.statements()),
                        r.actions().stream().map(Enum::name).collect(Collectors.joining(",")), r.check()));
            }
        }
        sb.append(table(rows)).append('\n');
        if (sizes.size() > 1) {
            ReferenceScenario.Size small = sizes.get(0);
            ReferenceScenario.Size large = sizes.get(sizes.size() - 1);
            List<List<String>> growth = new ArrayList<>();
            growth.add(List.of("query", "trickle ms at N=" + count(small.idle().n()),
                    "trickle ms at N=" + count(large.idle().n()), "ratio"));
            for (int i = 0; i < small.results().size(); i++) {
                ReferenceScenario.Result a = small.results().get(i);
                ReferenceScenario.Result b = large.results().get(i);
                growth.add(List.of(a.query().label(), Samples.ms(a.diff().medianNanos()),
                        Samples.ms(b.diff().medianNanos()),
                        Samples.ratio(b.diff().medianNanos(), a.diff().medianNanos())));
            }
            sb.append("### Trickle's refresh against table size\n\n").append(table(growth)).append('\n');
        }
        List<List<String>> idle = new ArrayList<>();
        idle.add(List.of("N", "wall ms", "server ms", "client CPU ms", "round trips", "statements"));
        for (ReferenceScenario.Size size : sizes) {
            ReferenceScenario.Idle i = size.idle();
            idle.add(List.of(count(i.n()), i.wall().millisWithRange(),
                    i.serverMillis() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", i.serverMillis()),
                    String.format(Locale.ROOT, "%.3f", i.clientMillis()), decimal(i.roundTrips()), decimal(i.statements())));
        }
        sb.append("### A refresh that finds nothing to do (Q1, 50 in a row)\n\n").append(table(idle)).append('\n');
        for (ReferenceScenario.Size size : sizes) {
            if (!size.breakdown().isEmpty()) {
                sb.append("Server time of one differential refresh of Q1 at N=").append(count(size.idle().n()))
                        .append(", by statement:\n\n```\n").append(size.breakdown()).append("```\n\n");
            }
        }
        return sb.toString();
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f" : "%.1f", value);
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
        rows.add(List.of("statement", "unit", "no capture", "trickle capture", "bare trigger", "trickle WAL capture",
                "trickle/none", "bare/none", "WAL/none", "trickle/bare", "trickle/none, fast end", "bare/none, fast end",
                "WAL/none, fast end"));
        for (CaptureBenchmark.Result r : results) {
            Samples none = r.samples().get(CaptureBenchmark.Config.NONE);
            Samples trickle = r.samples().get(CaptureBenchmark.Config.TRICKLE);
            Samples bare = r.samples().get(CaptureBenchmark.Config.BARE);
            Samples wal = r.samples().get(CaptureBenchmark.Config.WAL);
            int fastEnd = r.bulk() ? 0 : 10;
            rows.add(List.of(r.label(), r.bulk() ? "ms, median [min–max]" : "µs, median [p10–p90]",
                    cell(none, r.bulk()), cell(trickle, r.bulk()), cell(bare, r.bulk()), cell(wal, r.bulk()),
                    Samples.ratio(trickle.medianNanos(), none.medianNanos()),
                    Samples.ratio(bare.medianNanos(), none.medianNanos()),
                    Samples.ratio(wal.medianNanos(), none.medianNanos()),
                    Samples.ratio(trickle.medianNanos(), bare.medianNanos()),
                    Samples.ratio(trickle.percentile(fastEnd), none.percentile(fastEnd)),
                    Samples.ratio(bare.percentile(fastEnd), none.percentile(fastEnd)),
                    Samples.ratio(wal.percentile(fastEnd), none.percentile(fastEnd))));
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
                "bare trigger, stmt/s", "trickle WAL capture, stmt/s", "trickle/none", "bare/none", "WAL/none",
                "trickle/none, paired", "bare/none, paired", "WAL/none, paired"));
        for (CaptureBenchmark.Throughput r : results) {
            rows.add(List.of("single-row " + r.op(), String.valueOf(r.clients()),
                    tps(r, CaptureBenchmark.Config.NONE), tps(r, CaptureBenchmark.Config.TRICKLE),
                    tps(r, CaptureBenchmark.Config.BARE), tps(r, CaptureBenchmark.Config.WAL),
                    Samples.ratio(r.tps(CaptureBenchmark.Config.TRICKLE), r.tps(CaptureBenchmark.Config.NONE)),
                    Samples.ratio(r.tps(CaptureBenchmark.Config.BARE), r.tps(CaptureBenchmark.Config.NONE)),
                    Samples.ratio(r.tps(CaptureBenchmark.Config.WAL), r.tps(CaptureBenchmark.Config.NONE)),
                    Samples.ratio(r.pairedRatio(CaptureBenchmark.Config.TRICKLE, CaptureBenchmark.Config.NONE), 1),
                    Samples.ratio(r.pairedRatio(CaptureBenchmark.Config.BARE, CaptureBenchmark.Config.NONE), 1),
                    Samples.ratio(r.pairedRatio(CaptureBenchmark.Config.WAL, CaptureBenchmark.Config.NONE), 1)));
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

package dev.trickle.testkit;

import dev.trickle.StreamTableSpec;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;

/**
 * The oracle of every stream table test: a stream table must hold exactly what its defining query returns when
 * recomputed (SPEC invariant I1). {@link #check} compares the two as multisets, {@code EXCEPT ALL} both ways, on
 * the stream table's output columns (every column not starting with {@code __pgt_}), by position; values compare
 * with SQL equality, so {@code 1.0 = 1.00}. It also checks Trickle's hidden state: no {@code __pgt_count} or
 * {@code __pgt_nn_*} column is below zero, and no {@code __pgt_row_id} repeats.
 *
 * <pre>{@code
 * StreamTableOracle.assertMatchesRecompute(dsl, "order_totals",
 *         "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id");
 * }</pre>
 *
 * <p>Each method also takes the query as a jOOQ {@code Select}, rendered as the engine renders one for a {@link
 * StreamTableSpec} (PostgreSQL, bind values inlined):
 *
 * <pre>{@code
 * StreamTableOracle.assertMatchesRecompute(dsl, "order_totals",
 *         select(ORDERS.CUSTOMER_ID, sum(ORDERS.AMOUNT).as("total")).from(ORDERS).groupBy(ORDERS.CUSTOMER_ID));
 * }</pre>
 *
 * <p>Everything is read in one {@code REPEATABLE READ} transaction, so both sides see the same data even while
 * other sessions write.
 */
public final class StreamTableOracle {
    /** Sides with at most this many rows are printed in full in a failure message. */
    public static final int SMALL = 50;

    private StreamTableOracle() {}

    /**
     * Asserts that a stream table equals its defining query recomputed.
     *
     * @param dsl a context on the database
     * @param streamTable the stream table, as SQL spells it ({@code order_totals}, {@code app.order_totals})
     * @param definingQuery the query it is defined by (or any query meant to return the same rows)
     * @throws AssertionError naming the missing and extra rows, and both sides when small
     */
    public static void assertMatchesRecompute(DSLContext dsl, String streamTable, String definingQuery) {
        assertMatchesRecompute(dsl, streamTable, definingQuery, "");
    }

    /**
     * Asserts that a stream table equals its defining query, given as a jOOQ {@code Select}, recomputed.
     *
     * @param dsl a context on the database
     * @param streamTable the stream table, as SQL spells it
     * @param definingQuery the query it is defined by
     * @throws AssertionError naming the missing and extra rows, and both sides when small
     */
    public static void assertMatchesRecompute(DSLContext dsl, String streamTable, Select<?> definingQuery) {
        assertMatchesRecompute(dsl, streamTable, sql(streamTable, definingQuery), "");
    }

    /**
     * Asserts that a stream table equals its defining query recomputed, with the story of how it got there.
     *
     * @param dsl a context on the database
     * @param streamTable the stream table, as SQL spells it
     * @param definingQuery the query it is defined by
     * @param history what was done to the sources and the stream table, printed on failure (may be empty)
     * @throws AssertionError naming the missing and extra rows, and both sides when small
     */
    public static void assertMatchesRecompute(DSLContext dsl, String streamTable, String definingQuery,
            String history) {
        Report report = check(dsl, streamTable, definingQuery);
        if (!report.matches()) {
            throw new AssertionError(report.describe(definingQuery)
                    + (history.isEmpty() ? "" : "\nhistory:\n" + history));
        }
    }

    /**
     * Compares a stream table with its defining query recomputed.
     *
     * @param dsl a context on the database
     * @param streamTable the stream table, as SQL spells it
     * @param definingQuery the query it is defined by
     * @return what differs, if anything
     * @throws IllegalArgumentException if {@code streamTable} is not a table with {@code __pgt_row_id}
     */
    public static Report check(DSLContext dsl, String streamTable, String definingQuery) {
        Objects.requireNonNull(streamTable, "streamTable");
        Objects.requireNonNull(definingQuery, "definingQuery");
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            return compare(tx, streamTable, definingQuery);
        });
    }

    /**
     * Compares a stream table with its defining query, given as a jOOQ {@code Select}, recomputed.
     *
     * @param dsl a context on the database
     * @param streamTable the stream table, as SQL spells it
     * @param definingQuery the query it is defined by
     * @return what differs, if anything
     * @throws IllegalArgumentException if {@code streamTable} is not a table with {@code __pgt_row_id}
     */
    public static Report check(DSLContext dsl, String streamTable, Select<?> definingQuery) {
        return check(dsl, streamTable, sql(streamTable, definingQuery));
    }

    /** The SQL of a jOOQ query, rendered exactly as a {@link StreamTableSpec} defined by it holds it. */
    static String sql(String streamTable, Select<?> query) {
        Objects.requireNonNull(query, "definingQuery");
        return StreamTableSpec.builder(streamTable, query).build().query();
    }

    private static Report compare(DSLContext dsl, String streamTable, String query) {
        Long oid = dsl.fetchOne("SELECT to_regclass({0})::oid::bigint", streamTable).get(0, Long.class);
        if (oid == null) {
            throw new IllegalArgumentException("no such table: '" + streamTable + "'");
        }
        List<String> columns = dsl.fetch("SELECT attname FROM pg_attribute WHERE attrelid = {0}::oid"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum", oid).getValues(0, String.class);
        if (!columns.contains("__pgt_row_id")) {
            throw new IllegalArgumentException("not a stream table (no __pgt_row_id column): '" + streamTable + "'");
        }
        List<String> output = columns.stream().filter(c -> !c.startsWith("__pgt_")).map(StreamTableOracle::quote)
                .toList();
        List<String> counts = columns.stream().filter(c -> c.equals("__pgt_count") || c.startsWith("__pgt_nn_"))
                .map(StreamTableOracle::quote).toList();
        // the OID in the text keeps a cached server-side plan of an earlier table of that name from being reused:
        // "cached plan must not change result type" when a test recreates the stream table with other columns
        String table = streamTable + " /* " + oid + " */";
        String stored = "SELECT " + String.join(", ", output) + " FROM " + table;
        String computed = "SELECT * FROM (\n" + query + "\n) q";
        String order = " ORDER BY " + rangeList(output.size());
        Result<Record> missing = dsl.fetch("(" + computed + "\nEXCEPT ALL\n" + stored + ")" + order);
        Result<Record> extra = dsl.fetch("(" + stored + "\nEXCEPT ALL\n" + computed + ")" + order);
        Result<Record> negative = counts.isEmpty()
                ? dsl.newResult()
                : dsl.fetch("SELECT " + String.join(", ", output) + (output.isEmpty() ? "" : ", ")
                        + String.join(", ", counts) + " FROM " + table + " WHERE "
                        + counts.stream().map(c -> c + " < 0").collect(Collectors.joining(" OR ")));
        Result<Record> duplicateIds = dsl.fetch("SELECT __pgt_row_id, count(*) AS copies FROM " + table
                + " GROUP BY __pgt_row_id HAVING count(*) > 1");
        long storedRows = dsl.fetchOne("SELECT count(*) FROM " + table).get(0, Long.class);
        long computedRows = dsl.fetchOne("SELECT count(*) FROM (" + computed + ") c").get(0, Long.class);
        boolean small = storedRows <= SMALL && computedRows <= SMALL;
        Result<Record> storedSide = small ? dsl.fetch(stored + order) : dsl.newResult();
        Result<Record> computedSide = small ? dsl.fetch(computed + order) : dsl.newResult();
        return new Report(streamTable, missing, extra, negative, duplicateIds, storedRows, computedRows, storedSide,
                computedSide);
    }

    /** @return {@code 1, 2, ..., n}: ORDER BY positions, for stable messages */
    private static String rangeList(int n) {
        return java.util.stream.IntStream.rangeClosed(1, Math.max(n, 1)).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * What {@link #check} found.
     *
     * @param streamTable the stream table
     * @param missing rows the query returns that the stream table lacks (as many times as they are missing)
     * @param extra rows the stream table holds that the query does not return
     * @param negativeCounts stream table rows with a hidden count below zero
     * @param duplicateRowIds row ids held more than once, with their number of copies
     * @param storedRows how many rows the stream table holds
     * @param computedRows how many rows the query returns
     * @param stored the stream table's output columns, if both sides have at most {@link #SMALL} rows
     * @param computed the query's rows, if both sides have at most {@link #SMALL} rows
     */
    public record Report(
            String streamTable,
            Result<Record> missing,
            Result<Record> extra,
            Result<Record> negativeCounts,
            Result<Record> duplicateRowIds,
            long storedRows,
            long computedRows,
            Result<Record> stored,
            Result<Record> computed) {

        /** @return whether the stream table matches and its hidden state is sound */
        public boolean matches() {
            return missing.isEmpty() && extra.isEmpty() && negativeCounts.isEmpty() && duplicateRowIds.isEmpty();
        }

        /**
         * Describes the differences for a failure message.
         *
         * @param definingQuery the query, to print
         * @return the description
         */
        public String describe(String definingQuery) {
            StringBuilder s = new StringBuilder("stream table '").append(streamTable)
                    .append("' does not match its query recomputed\n");
            section(s, "rows missing (returned by the query, not in the stream table)", missing);
            section(s, "rows extra (in the stream table, not returned by the query)", extra);
            section(s, "rows with a hidden count below zero", negativeCounts);
            section(s, "row ids held more than once", duplicateRowIds);
            if (!stored.isEmpty() || !computed.isEmpty() || storedRows == 0 && computedRows == 0) {
                s.append("stream table (").append(storedRows).append(" rows):\n").append(stored.format())
                        .append("\nquery recomputed (").append(computedRows).append(" rows):\n")
                        .append(computed.format()).append('\n');
            } else {
                s.append("stream table has ").append(storedRows).append(" rows, the query ").append(computedRows)
                        .append(" (too many to print)\n");
            }
            return s.append("defining query:\n").append(definingQuery.strip()).append('\n').toString();
        }

        private static void section(StringBuilder s, String title, Result<Record> rows) {
            if (!rows.isEmpty()) {
                s.append(rows.size()).append(' ').append(title).append(":\n").append(rows.format(SMALL)).append('\n');
            }
        }
    }
}

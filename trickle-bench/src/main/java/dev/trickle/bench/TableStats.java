package dev.trickle.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of the activity counters of the base tables in {@code pg_stat_user_tables}. Rows read are the tuples
 * returned by sequential scans ({@code seq_tup_read}) plus the live rows fetched through indexes ({@code
 * idx_tup_fetch}, which includes bitmap heap scans).
 *
 * <p>The counters are published by the backend that did the work when it goes idle, at most once a second unless it
 * called {@code pg_stat_force_next_flush()} (PostgreSQL 15+); the caller does that in every session that touched
 * the tables before taking a snapshot. A snapshot is read in a fresh transaction after {@code
 * pg_stat_clear_snapshot()}, so it is not a cached copy.
 *
 * @param tables the counters per table
 */
record TableStats(Map<String, Counters> tables) {

    /**
     * One table's counters.
     *
     * @param seqScans sequential scans started
     * @param seqRows rows returned by sequential scans
     * @param idxScans index scans started
     * @param idxRows live rows fetched through indexes
     * @param writes rows inserted, updated and deleted
     */
    record Counters(long seqScans, long seqRows, long idxScans, long idxRows, long writes) {
        Counters minus(Counters o) {
            return new Counters(seqScans - o.seqScans, seqRows - o.seqRows, idxScans - o.idxScans, idxRows - o.idxRows,
                    writes - o.writes);
        }

        /** @return rows read: by sequential scans plus through indexes */
        long rowsRead() {
            return seqRows + idxRows;
        }
    }

    /**
     * Reads the counters of some tables of the current database.
     *
     * @param c a connection in auto-commit mode that did not touch the tables in question
     * @param tables the table names
     * @return the snapshot
     * @throws SQLException if the server fails
     */
    static TableStats read(Connection c, String... tables) throws SQLException {
        Map<String, Counters> result = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT seq_scan, seq_tup_read, coalesce(idx_scan, 0),"
                        + " coalesce(idx_tup_fetch, 0), n_tup_ins + n_tup_upd + n_tup_del"
                        + " FROM pg_stat_user_tables WHERE relid = '" + table + "'::regclass")) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no statistics for table " + table);
                    }
                    result.put(table, new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        return new TableStats(result);
    }

    /**
     * Subtracts an earlier snapshot.
     *
     * @param before the earlier snapshot of the same tables
     * @return the activity in between
     */
    TableStats minus(TableStats before) {
        Map<String, Counters> result = new LinkedHashMap<>();
        tables.forEach((t, after) -> result.put(t, after.minus(before.tables.get(t))));
        return new TableStats(result);
    }

    /** @return rows read from all the tables */
    long rowsRead() {
        return tables.values().stream().mapToLong(Counters::rowsRead).sum();
    }

    /** @return {@code orders 10 (seq 0, idx 10), customers ...} */
    String describe() {
        StringBuilder sb = new StringBuilder();
        tables.forEach((t, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(t).append(' ').append(c.rowsRead())
                .append(" (").append(c.seqScans()).append(" seq scans/").append(c.seqRows()).append(" rows, ")
                .append(c.idxScans()).append(" idx scans/").append(c.idxRows()).append(" rows)"));
        return sb.toString();
    }
}

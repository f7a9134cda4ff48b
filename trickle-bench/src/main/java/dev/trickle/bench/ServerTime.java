package dev.trickle.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Server time and statements counted by {@code pg_stat_statements}, when the server loads it
 * ({@code shared_preload_libraries}): execution plus planning time of every statement run in the benchmark's
 * database since the last {@link #reset}, except the reads of the statistics themselves.
 */
final class ServerTime {
    private final Connection observer;
    private final boolean available;

    private ServerTime(Connection observer, boolean available) {
        this.observer = observer;
        this.available = available;
    }

    /** What the server spent. */
    record Spent(double millis, long calls) {}

    /**
     * Installs {@code pg_stat_statements} in the database if the server loads it.
     *
     * @param observer a connection to the database that runs nothing during the measured work
     * @return the reader; {@link #available} tells whether it can read anything
     */
    static ServerTime open(Connection observer) {
        try (Statement st = observer.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            st.execute("SELECT count(*) FROM pg_stat_statements");
            return new ServerTime(observer, true);
        } catch (SQLException e) {
            Progress.log("server time not measured: %s", e.getMessage());
            return new ServerTime(observer, false);
        }
    }

    boolean available() {
        return available;
    }

    void reset() throws SQLException {
        if (available) {
            try (Statement st = observer.createStatement()) {
                st.execute("SELECT pg_stat_statements_reset()");
            }
        }
    }

    /** @return what the server spent since the last reset, or {@code null} if it cannot be known */
    Spent read() throws SQLException {
        if (!available) {
            return null;
        }
        try (Statement st = observer.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(sum(total_exec_time + total_plan_time), 0),"
                        + " coalesce(sum(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'")) {
            rs.next();
            return new Spent(rs.getDouble(1), rs.getLong(2));
        }
    }

    /**
     * Lists the statements since the last reset, most expensive first.
     *
     * @param limit how many
     * @return one line each: calls, milliseconds (execution + planning), the text's start
     * @throws SQLException if the server fails
     */
    String top(int limit) throws SQLException {
        if (!available) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Statement st = observer.createStatement();
                ResultSet rs = st.executeQuery("SELECT calls, total_exec_time, total_plan_time,"
                        + " regexp_replace(left(query, 110), '\\s+', ' ', 'g') FROM pg_stat_statements"
                        + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC"
                        + " LIMIT " + limit)) {
            while (rs.next()) {
                sb.append(String.format(java.util.Locale.ROOT, "    %3d calls  exec %7.3f ms  plan %6.3f ms  %s%n",
                        rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4)));
            }
        }
        return sb.toString();
    }
}

package dev.trickle.engine.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs SQL on a connection with positional parameters; checked exceptions pass through to the caller's mapping.
 *
 * <p>Every method but {@link #script} and {@link #pipeline} sends its text to the server as exactly one statement,
 * as a prepared statement of the extended query protocol, in which the server refuses a text that holds several; a
 * text the driver would split into several statements is refused before it is sent ({@link SingleStatement}).
 * {@link #pipelineAfter} sends one such statement followed by Trickle's own. Only these methods may run a text that
 * contains SQL from a user, such as a defining query.
 */
public final class Jdbc {
    private Jdbc() {}

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /**
         * Maps one row.
         *
         * @param rs the result set, positioned on the row
         * @return the value
         * @throws SQLException if a column cannot be read
         */
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Executes a statement without parameters and results, such as DDL.
     *
     * @param c the connection
     * @param sql the statement
     * @throws SQLException if the server rejects it, or if it is not exactly one statement (SQL state 42601)
     */
    public static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql)) {
            ps.execute();
        }
    }

    /**
     * Executes an INSERT, UPDATE or DELETE.
     *
     * @param c the connection
     * @param sql the statement with {@code ?} parameters
     * @param params the parameter values
     * @return the number of rows affected
     * @throws SQLException if the server rejects it, or if it is not exactly one statement (SQL state 42601)
     */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /**
     * Runs a query.
     *
     * @param c the connection
     * @param sql the query with {@code ?} parameters
     * @param mapper maps each row
     * @param params the parameter values
     * @param <T> the row type
     * @return the mapped rows
     * @throws SQLException if the server rejects it, or if it is not exactly one statement (SQL state 42601)
     */
    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    /**
     * Runs a query expected to return at most one row.
     *
     * @param c the connection
     * @param sql the query with {@code ?} parameters
     * @param mapper maps the row
     * @param params the parameter values
     * @param <T> the row type
     * @return the row, or empty if there is none or the mapper returned {@code null} for it (a SQL NULL)
     * @throws SQLException if the server rejects it, or if it is not exactly one statement (SQL state 42601)
     */
    public static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = query(c, sql, mapper, params);
        if (rows.size() > 1) {
            throw new IllegalStateException("internal error: expected at most one row from " + sql);
        }
        // not rows.stream().findFirst(): it throws NullPointerException when the mapper returned null
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /**
     * Runs several statements in one round trip and collects every result set. The text goes to the server as it
     * is, where every statement in it runs: it must be Trickle's own SQL and never contain SQL from a user, such as
     * a defining query (use the single-statement methods for that).
     *
     * @param c the connection
     * @param sql statements separated by semicolons, without parameters, all written by Trickle
     * @return the rows of each result set, in order (statements without results contribute nothing)
     * @throws SQLException if the server rejects a statement; the statements after it did not run
     */
    public static List<List<Object[]>> script(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return results(st, st.execute(sql));
        }
    }

    /**
     * Runs a statement that the server should prepare once per connection and plan once (statements without
     * parameters get a generic plan): the refresh statements, which run again and again.
     *
     * @param c the connection
     * @param sql the statement, without parameters
     * @param mapper maps the single result row
     * @param <T> the row type
     * @return the row, or empty
     * @throws SQLException if the server rejects it, or if it is not exactly one statement (SQL state 42601)
     */
    public static <T> Optional<T> queryPrepared(Connection c, String sql, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql)) {
            if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Runs several statements of Trickle's own in one round trip, each prepared on the server once per connection
     * and planned once (extended query protocol: Parse/Bind/Execute per statement, one Sync): the refresh's
     * statements, which run again and again with the same text. Like {@link #script}, the text must never contain
     * SQL from a user.
     *
     * @param c the connection
     * @param sql statements separated by semicolons, without parameters, all written by Trickle
     * @return the rows of each result set, in order (statements without results contribute nothing)
     * @throws SQLException if the server rejects a statement; the statements after it did not run
     */
    public static List<List<Object[]>> pipeline(Connection c, String sql) throws SQLException {
        return runPrepared(c, sql);
    }

    /**
     * Runs a statement that may contain SQL from a user (a refresh's apply statement), then statements of Trickle's
     * own, in one round trip, each prepared once per connection as in {@link #pipeline}. The first statement goes to
     * the server as exactly one statement, as with the single-statement methods: the driver must read it as one, and
     * read the whole text as that one followed by exactly the statements of {@code then}; otherwise the text is
     * refused before it is sent ({@link SingleStatement}).
     *
     * @param c the connection
     * @param first the statement, without parameters
     * @param then statements separated by semicolons, without parameters, all written by Trickle
     * @return the rows of each result set, in order
     * @throws SQLException if the server rejects a statement (the statements after it did not run), or if the
     *     texts do not split as they should (SQL state 42601)
     */
    public static List<List<Object[]>> pipelineAfter(Connection c, String first, String then) throws SQLException {
        String sql = first + ";\n" + then;
        SingleStatement.checkFollowedBy(c, first, then, sql);
        return runPrepared(c, sql);
    }

    /**
     * Tells whether the connection's session is outside any transaction block, as the server said in its last
     * answer: after a failed round trip, an explicit transaction that was still open is in a failed state, while one
     * that reached its {@code COMMIT} (or was rolled back) is not.
     *
     * @param c the connection
     * @return whether it is idle
     * @throws SQLException if the connection is not the PostgreSQL driver's
     */
    public static boolean outsideTransaction(Connection c) throws SQLException {
        return c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState()
                == org.postgresql.core.TransactionState.IDLE;
    }

    private static List<List<Object[]>> runPrepared(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
            }
            return results(ps, ps.execute());
        }
    }

    private static List<List<Object[]>> results(Statement st, boolean first) throws SQLException {
        List<List<Object[]>> results = new ArrayList<>();
        boolean isResultSet = first;
        while (true) {
            if (isResultSet) {
                try (ResultSet rs = st.getResultSet()) {
                    int columns = rs.getMetaData().getColumnCount();
                    List<Object[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        Object[] row = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                    results.add(rows);
                }
            } else if (st.getUpdateCount() == -1) {
                return results;
            }
            isResultSet = st.getMoreResults();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        SingleStatement.check(c, sql);
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}

package dev.trickle.engine.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs SQL on a connection with positional parameters; checked exceptions pass through to the caller's mapping. */
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
     * @throws SQLException if the server rejects it
     */
    public static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Executes an INSERT, UPDATE or DELETE.
     *
     * @param c the connection
     * @param sql the statement with {@code ?} parameters
     * @param params the parameter values
     * @return the number of rows affected
     * @throws SQLException if the server rejects it
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
     * @throws SQLException if the server rejects it
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
     * @throws SQLException if the server rejects it
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

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
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

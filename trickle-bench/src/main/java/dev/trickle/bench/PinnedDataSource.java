package dev.trickle.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.core.BaseConnection;

/**
 * A data source that hands out one physical connection, again and again; closing what it hands out does nothing.
 *
 * <p>The benchmark builds its engine on one, so that every refresh runs in a backend it can reach afterwards: the
 * activity counters of {@code pg_stat_user_tables} are flushed by the backend that did the work, at most once a
 * second unless that backend itself calls {@code pg_stat_force_next_flush()}. It also keeps pool overhead out of
 * the timings. Only for single-threaded use.
 *
 * <p>It counts what goes over the wire: a round trip per execution of a statement (a text the driver splits into
 * several statements still goes in one round trip, with one Sync), and the statements the driver reads in each
 * executed text ({@link #counts}).
 */
final class PinnedDataSource implements DataSource, AutoCloseable {
    private final Connection connection;
    private final Connection handle;
    private long roundTrips;
    private long statements;
    /** The statements the driver reads in each text sent so far. */
    private final java.util.Map<String, Integer> statementCounts = new java.util.HashMap<>();

    /**
     * Wraps a connection.
     *
     * @param connection the connection; closed by {@link #close()}
     */
    PinnedDataSource(Connection connection) {
        this.connection = connection;
        this.handle = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "isClosed":
                            return connection.isClosed();
                        case "createStatement":
                            return counting((Statement) invoke(connection, method, args), null);
                        case "prepareStatement":
                            return counting((Statement) invoke(connection, method, args), (String) args[0]);
                        case "commit", "rollback", "isValid":
                            roundTrips++;
                            return invoke(connection, method, args);
                        default:
                            return invoke(connection, method, args);
                    }
                });
    }

    /** Round trips and statements sent so far. */
    record Counts(long roundTrips, long statements) {
        Counts minus(Counts before) {
            return new Counts(roundTrips - before.roundTrips, statements - before.statements);
        }
    }

    /** @return the round trips and statements the handed-out connection has sent so far */
    Counts counts() {
        return new Counts(roundTrips, statements);
    }

    private Statement counting(Statement statement, @Nullable String prepared) {
        Class<?> type = statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("execute")) {
                        roundTrips++;
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : prepared;
                        statements += sql == null ? 0 : statementsIn(sql);
                    } else if ("getConnection".equals(name)) {
                        return handle;
                    }
                    return invoke(statement, method, args);
                });
    }

    private int statementsIn(String sql) throws SQLException {
        Integer known = statementCounts.get(sql);
        if (known != null) {
            return known;
        }
        org.postgresql.core.Query[] parts = connection.unwrap(BaseConnection.class).createQuery(sql, true, true)
                .query.getSubqueries();
        int count = parts == null ? 1 : parts.length;
        statementCounts.put(sql, count);
        return count;
    }

    private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Makes the backend publish its table statistics now, so another session reads them up to date.
     *
     * @throws SQLException if the server fails
     */
    void flushStats() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_stat_force_next_flush()");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (connection.isClosed()) {
            throw new SQLException("pinned connection is closed");
        }
        return handle;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper for " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}

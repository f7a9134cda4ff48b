package dev.trickle.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A data source that hands out one physical connection, again and again; closing what it hands out does nothing.
 *
 * <p>The benchmark builds its engine on one, so that every refresh runs in a backend it can reach afterwards: the
 * activity counters of {@code pg_stat_user_tables} are flushed by the backend that did the work, at most once a
 * second unless that backend itself calls {@code pg_stat_force_next_flush()}. It also keeps pool overhead out of
 * the timings. Only for single-threaded use.
 */
final class PinnedDataSource implements DataSource, AutoCloseable {
    private final Connection connection;
    private final Connection handle;

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
                        default:
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
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

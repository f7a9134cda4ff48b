package dev.trickle.engine.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import dev.trickle.TrickleConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The connection pool of an engine built from a JDBC URL, created at the first connection it lends, not before: so
 * that building and closing an engine does no I/O, and so that a first connection the server refuses (no such
 * database, wrong password, nothing listening) fails at once with the driver's exception instead of a pool
 * timeout. Once created, the pool keeps HikariCP's behaviour: a server lost later is retried for up to the
 * connection timeout, and the timeout's exception carries the last failure as its cause. Thread-safe.
 */
public final class OwnedPool implements AutoCloseable {
    /** How long the pool tries its first connection: once, since a positive value fails at the first refusal. */
    private static final long FIRST_CONNECTION_MILLIS = 1;

    private final TrickleConfig config;
    private volatile @Nullable HikariDataSource pool;
    private boolean closed;

    /**
     * Prepares the pool of an engine without connecting.
     *
     * @param config the engine's options, with {@link TrickleConfig#jdbcUrl()} set
     */
    public OwnedPool(TrickleConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(config.jdbcUrl(), "jdbcUrl");
    }

    /**
     * Lends a connection, creating the pool first if this is the first connection.
     *
     * @return a connection, which the caller closes to return it
     * @throws SQLException the server's refusal if the pool cannot be created (the next call tries again), or the
     *     pool's failure to lend a connection in time, or if the pool is closed
     */
    public Connection connection() throws SQLException {
        HikariDataSource created = pool;
        return created != null ? created.getConnection() : create().getConnection();
    }

    private synchronized HikariDataSource create() throws SQLException {
        if (closed) {
            throw new SQLException("the engine's connection pool is closed", "08003");
        }
        HikariDataSource created = pool;
        if (created == null) {
            try {
                created = new HikariDataSource(hikariConfig());
            } catch (PoolInitializationException e) {
                throw refusal(e);
            }
            pool = created;
        }
        return created;
    }

    private HikariConfig hikariConfig() {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        long timeout = config.connectionTimeout().toMillis();
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(0);
        hikari.setPoolName("trickle");
        hikari.setConnectionTimeout(timeout);
        hikari.setInitializationFailTimeout(FIRST_CONNECTION_MILLIS);
        // pgjdbc's connect timeout, in whole seconds; a connectTimeout in the URL takes precedence
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, (timeout + 999) / 1000)));
        return hikari;
    }

    /** @return the driver's exception for the first connection, under the URL (without its parameters) */
    private SQLException refusal(PoolInitializationException e) {
        String url = Objects.requireNonNull(config.jdbcUrl());
        int parameters = url.indexOf('?');
        String where = "cannot connect to " + (parameters < 0 ? url : url.substring(0, parameters))
                + (config.user() == null ? "" : " as '" + config.user() + "'");
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String state = cause instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "08001";
        return cause instanceof SQLException
                ? new SQLException(where, state, cause)
                : new SQLException(where + ": " + cause.getMessage(), state, cause);
    }

    /**
     * Removes a broken connection from the pool.
     *
     * @param c a connection this pool lent
     */
    public void evict(Connection c) {
        HikariDataSource created = pool;
        if (created != null) {
            created.evictConnection(c);
        }
    }

    /** Closes the pool if it was created; later connections fail. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        HikariDataSource created = pool;
        if (created != null) {
            created.close();
        }
    }
}

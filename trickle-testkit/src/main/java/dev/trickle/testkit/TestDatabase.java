package dev.trickle.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** A database of its own on the test server, with a small connection pool. Closing it drops the database. */
public final class TestDatabase implements AutoCloseable {
    private final PostgresServer server;
    private final String name;
    private @Nullable HikariDataSource pool;
    private boolean closed;

    TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** @return the database name */
    public String name() {
        return name;
    }

    /** @return the server the database lives on */
    public PostgresServer server() {
        return server;
    }

    /** @return the JDBC URL of the database */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** @return a pooled data source on the database (up to 16 connections), created on first use */
    public synchronized DataSource dataSource() {
        if (closed) {
            throw new IllegalStateException("test database " + name + " is closed");
        }
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl());
            config.setUsername(server.user());
            if (!server.password().isEmpty()) {
                config.setPassword(server.password());
            }
            config.setMaximumPoolSize(16);
            config.setMinimumIdle(0);
            config.setPoolName("test-" + name);
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    /** @return a jOOQ context on {@link #dataSource()} */
    public DSLContext dsl() {
        return DSL.using(dataSource(), SQLDialect.POSTGRES);
    }

    /**
     * Opens a connection of its own, outside the pool: for tests that kill or hold connections.
     *
     * @return a new connection, which the caller closes
     * @throws SQLException if the server refuses
     */
    public Connection newConnection() throws SQLException {
        return TestPostgres.connect(server, name);
    }

    /** Closes the pool and drops the database, ending any session still connected to it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.close();
        }
        try (Connection c = TestPostgres.adminConnection(server); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }
}

package dev.trickle.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trickle.spi.JooqBanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** A database of its own on the test server, with a small connection pool. Closing it drops the database. */
public final class TestDatabase implements AutoCloseable {
    static {
        JooqBanner.off();
    }

    private static final Pattern ROLE_SUFFIX = Pattern.compile("[a-z][a-z0-9_]{0,19}");

    private final PostgresServer server;
    private final String name;
    private final List<TestRole> roles = new ArrayList<>();
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

    /**
     * Creates a login role for this database: no superuser, no {@code CREATEDB}, no {@code CREATEROLE}, and no
     * privileges beyond those of {@code PUBLIC} until the test grants them (as the server's user, through {@link
     * #dsl()}). The role is dropped when this database is closed.
     *
     * @param suffix what the role is for, such as {@code app} or {@code writer}: a lower-case identifier of up to 20
     *     characters, unique within this database
     * @return the role; its {@link TestRole#name()} is {@code <database name>_<suffix>}
     * @throws IllegalArgumentException if {@code suffix} is not such an identifier
     * @throws IllegalStateException if the server refuses
     */
    public synchronized TestRole createRole(String suffix) {
        if (closed) {
            throw new IllegalStateException("test database " + name + " is closed");
        }
        if (!ROLE_SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("role suffix must be a lower-case identifier of up to 20 characters: "
                    + suffix);
        }
        String role = name + "_" + suffix;
        String password = TestRole.newPassword();
        try (Connection c = TestPostgres.adminConnection(server); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            st.execute("GRANT CONNECT ON DATABASE " + name + " TO " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test role " + role, e);
        }
        TestRole created = new TestRole(this, role, password);
        roles.add(created);
        return created;
    }

    /** Closes the pools, drops the database (ending any session still connected to it), then its roles. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.close();
        }
        roles.forEach(TestRole::closePool);
        try (Connection c = TestPostgres.adminConnection(server); Statement st = c.createStatement()) {
            // a logical replication slot (change capture from the WAL) holds its database, even against FORCE
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '" + name
                    + "'");
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            for (TestRole role : roles) {
                st.execute("DROP ROLE IF EXISTS " + role.name());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }
}

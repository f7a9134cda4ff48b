package dev.trickle.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * A login role of its own for one test database, without superuser or any other attribute, and without privileges
 * until the test grants them: for testing stream tables as the application role that runs Trickle in production,
 * and as the other roles beside it. Made by {@link TestDatabase#createRole}; dropped with its database.
 *
 * <pre>{@code
 * TestRole app = database.createRole("app");
 * database.dsl().execute("GRANT CREATE ON DATABASE " + database.name() + " TO " + app.name());
 * try (Trickle trickle = Trickle.builder(app.dataSource()).build()) { ... }
 * }</pre>
 *
 * <p>Role names are global to the server, so the role's {@link #name()} is the name asked for with the database's
 * name in front: {@code trickle_test_123_4_app}.
 */
public final class TestRole {
    private final TestDatabase database;
    private final String name;
    private final String password;
    private @Nullable HikariDataSource pool;

    TestRole(TestDatabase database, String name, String password) {
        this.database = database;
        this.name = name;
        this.password = password;
    }

    /** @return the role's name on the server, a lower-case identifier that needs no quotes */
    public String name() {
        return name;
    }

    /** @return the role's password */
    public String password() {
        return password;
    }

    /** @return the JDBC URL of the role's database */
    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    /** @return a pooled data source that logs in as this role (up to 8 connections), created on first use */
    public synchronized DataSource dataSource() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(database.jdbcUrl());
            config.setUsername(name);
            config.setPassword(password);
            config.setMaximumPoolSize(8);
            config.setMinimumIdle(0);
            config.setPoolName("test-" + name);
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    /** @return a jOOQ context that runs as this role */
    public DSLContext dsl() {
        return DSL.using(dataSource(), SQLDialect.POSTGRES);
    }

    /**
     * Opens a connection of its own as this role, outside the pool.
     *
     * @return a new connection, which the caller closes
     * @throws SQLException if the server refuses
     */
    public Connection newConnection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", name);
        p.setProperty("password", password);
        return DriverManager.getConnection(database.jdbcUrl(), p);
    }

    /** Closes the role's pool; the role itself is dropped with its database. */
    synchronized void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    static String newPassword() {
        return UUID.randomUUID().toString();
    }

    @Override
    public String toString() {
        return "TestRole[" + name + "]";
    }
}

package dev.trickle.testkit;

import dev.trickle.spi.JooqBanner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server per JVM for tests and samples, found in this order:
 *
 * <ol>
 *   <li>the JDBC URL in the environment variable {@code TRICKLE_TEST_JDBC_URL} (or the system property
 *       {@code trickle.test.jdbcUrl}); user and password from the URL or from {@code TRICKLE_TEST_USER} and
 *       {@code TRICKLE_TEST_PASSWORD}; the user needs {@code CREATEDB};
 *   <li>a Testcontainers PostgreSQL container, when {@code org.testcontainers:postgresql} is on the class path and
 *       a Docker engine answers;
 *   <li>embedded PostgreSQL binaries from Maven Central ({@code io.zonky.test}), started on a free port with
 *       {@code wal_level=logical}; the version is the binaries jar on the class path (the build selects it with
 *       {@code -Dtrickle.pg.version=15}).
 * </ol>
 *
 * <p>The server is started on first use and stopped when the JVM exits. {@link #createDatabase()} gives each
 * caller a database of its own.
 */
public final class TestPostgres {
    static {
        JooqBanner.off();
    }

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final Pattern URL =
            Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static @Nullable PostgresServer server;

    private TestPostgres() {}

    /**
     * Returns the server, starting it on first use.
     *
     * @return the running server
     * @throws IllegalStateException if no server can be started or reached
     */
    public static synchronized PostgresServer server() {
        if (server == null) {
            long start = System.nanoTime();
            server = start();
            checkVersion(server);
            LOG.info("test PostgreSQL ready in {} ms: {}", (System.nanoTime() - start) / 1_000_000, server);
        }
        return server;
    }

    /**
     * Creates a new, empty database on the server.
     *
     * @return the database; closing it drops it
     */
    public static TestDatabase createDatabase() {
        PostgresServer s = server();
        String name = "trickle_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = adminConnection(s); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + s, e);
        }
        return new TestDatabase(s, name);
    }

    static Connection adminConnection(PostgresServer s) throws SQLException {
        return connect(s, s.adminDatabase());
    }

    static Connection connect(PostgresServer s, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", s.user());
        if (!s.password().isEmpty()) {
            p.setProperty("password", s.password());
        }
        return DriverManager.getConnection(s.jdbcUrl(database), p);
    }

    private static PostgresServer start() {
        String url = System.getProperty("trickle.test.jdbcUrl", System.getenv("TRICKLE_TEST_JDBC_URL"));
        if (url != null && !url.isBlank()) {
            return fromUrl(url.trim());
        }
        PostgresServer container = ContainerSupport.tryStart(majorVersion());
        if (container != null) {
            return container;
        }
        return embedded();
    }

    private static PostgresServer fromUrl(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("TRICKLE_TEST_JDBC_URL is not a PostgreSQL JDBC URL: " + url);
        }
        String user = envOr("TRICKLE_TEST_USER", "postgres");
        String password = envOr("TRICKLE_TEST_PASSWORD", "");
        StringBuilder rest = new StringBuilder();
        if (m.group(4) != null) {
            for (String param : m.group(4).split("&")) {
                if (param.startsWith("user=")) {
                    user = param.substring(5);
                } else if (param.startsWith("password=")) {
                    password = param.substring(9);
                } else if (!param.isEmpty()) {
                    rest.append(rest.length() == 0 ? "" : "&").append(param);
                }
            }
        }
        String db = m.group(3).isEmpty() ? "postgres" : m.group(3);
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        return new PostgresServer("server at " + m.group(1) + ":" + port, m.group(1), port, db, user, password,
                rest.toString());
    }

    private static PostgresServer embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "16")
                    .setServerConfig("max_wal_senders", "16")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    LOG.warn("could not stop embedded PostgreSQL", e);
                }
            }, "trickle-test-postgres-stop"));
            return new PostgresServer("embedded PostgreSQL", "localhost", pg.getPort(), "postgres", "postgres", "", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Fails fast when {@code -Dtrickle.pg.version} asks for another major version than the server runs. */
    private static void checkVersion(PostgresServer s) {
        try (Connection c = adminConnection(s);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000, version()")) {
            rs.next();
            int major = rs.getInt(1);
            LOG.debug("{}", rs.getString(2));
            Integer wanted = majorVersion();
            if (wanted != null && wanted != major) {
                if (s.description().startsWith("embedded")) {
                    throw new IllegalStateException("trickle.pg.version asks for PostgreSQL " + wanted + " but " + s
                            + " runs " + major);
                }
                LOG.warn("trickle.pg.version asks for PostgreSQL {} but {} runs {}; testing on {}", wanted, s, major,
                        major);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + s, e);
        }
    }

    static @Nullable Integer majorVersion() {
        String v = System.getProperty("trickle.pg.version");
        if (v == null || v.isBlank()) {
            return null;
        }
        int dot = v.indexOf('.');
        return Integer.parseInt(dot < 0 ? v.trim() : v.substring(0, dot).trim());
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}

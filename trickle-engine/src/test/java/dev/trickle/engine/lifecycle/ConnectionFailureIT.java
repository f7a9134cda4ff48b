package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trickle.DatabaseException;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import dev.trickle.testkit.TrickleExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connection failures surface the server's reason. An engine on a pool of its own reports a database that does not
 * exist, a role that may not log in, an unknown user or a port nothing listens on at its first operation, with the
 * server's message and SQL state, well before the pool's 30-second timeout; an engine on the caller's pool names
 * the failure that pool recorded. The bound of {@link #AT_ONCE} is the behaviour under test (a report instead of a
 * pool timeout), not a performance claim.
 *
 * <p>The embedded test server trusts local logins ({@code initdb -A trust}): the wrong-password test adds a
 * {@code pg_hba.conf} rule for its own role while it runs; the others use a role without {@code LOGIN} and an
 * unknown user, which fail in the same way (SQL state class 28) on every server.
 */
class ConnectionFailureIT {
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void ownPool_databaseDoesNotExist_startReportsServerMessageAtOnce(TestDatabase database) {
        String missing = database.name() + "_missing";
        Trickle engine = Trickle.builder(database.server().jdbcUrl(missing), database.server().user(),
                password(database)).build();

        DatabaseException e = failure(engine, Trickle::start);

        assertThat(e).hasMessageContaining("database \"" + missing + "\" does not exist");
        assertThat(e.sqlState()).isEqualTo("3D000");
        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void ownPool_wrongPassword_startReportsServerMessageAtOnce(TestDatabase database) {
        TestRole role = database.createRole("pw");
        try (PasswordRule checked = PasswordRule.add(database, role.name())) {
            checked.awaitChecked(role);
            Trickle engine = Trickle.builder(role.jdbcUrl(), role.name(), role.password() + "_wrong").build();

            DatabaseException e = failure(engine, Trickle::start);

            assertThat(e).hasMessageContaining("password authentication failed for user \"" + role.name() + "\"");
            assertThat(e.sqlState()).isEqualTo("28P01");
            assertThat(e.isTransient()).isFalse();
        }
    }

    /**
     * Makes the test server check the password of one role over TCP ({@code scram-sha-256}) for as long as it is
     * open: the test server trusts every login otherwise. The rule goes in front of {@code pg_hba.conf}, written
     * through the server (so it works on a container too), and the file is restored on close.
     */
    private record PasswordRule(TestDatabase database, String hbaFile, String original) implements AutoCloseable {
        static PasswordRule add(TestDatabase database, String role) {
            String file = database.dsl().fetchOne("SELECT current_setting('hba_file')").get(0, String.class);
            String original = database.dsl().fetchOne("SELECT pg_read_file(current_setting('hba_file'))")
                    .get(0, String.class);
            PasswordRule rule = new PasswordRule(database, file, original);
            rule.write("host all " + role + " all scram-sha-256\n" + original);
            return rule;
        }

        /**
         * Writes the file line by line, as CSV with delimiter and quote characters that no line holds (an empty line,
         * which CSV would quote, as a comment), and reloads: a file with an invalid line would not be loaded at all.
         */
        private void write(String content) {
            // COPY takes no bind values: the content goes in as a literal
            database.dsl().execute("COPY (SELECT CASE line WHEN '' THEN '#' ELSE line END"
                    + " FROM unnest(string_to_array(rtrim({0}, E'\\n'), E'\\n')) WITH ORDINALITY AS l(line, n)"
                    + " ORDER BY n) TO '" + hbaFile.replace("'", "''")
                    + "' WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')", DSL.inline(content));
            database.dsl().execute("SELECT pg_reload_conf()");
        }

        /** Waits until the postmaster, which reloads on a signal, checks the role's password. */
        void awaitChecked(TestRole role) {
            long deadline = System.nanoTime() + AT_ONCE.toNanos();
            while (System.nanoTime() < deadline) {
                try (Connection c = DriverManager.getConnection(role.jdbcUrl(), role.name(), "not the password")) {
                    pause(Duration.ofMillis(50));
                } catch (SQLException e) {
                    return;
                }
            }
            throw new AssertionError("the server still lets " + role.name() + " in with any password");
        }

        @Override
        public void close() {
            write(original);
        }
    }

    @Test
    void ownPool_roleWithoutLogin_firstOperationReportsServerMessageAtOnce(TestDatabase database) {
        TestRole role = database.createRole("nologin");
        database.dsl().execute("ALTER ROLE " + role.name() + " NOLOGIN");
        Trickle engine = Trickle.builder(role.jdbcUrl(), role.name(), role.password()).build();

        DatabaseException e = failure(engine, Trickle::streamTables);

        assertThat(e).hasMessageContaining("role \"" + role.name() + "\" is not permitted to log in");
        assertThat(e.sqlState()).isEqualTo("28000");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void ownPool_unknownUser_firstOperationReportsServerMessageAtOnce(TestDatabase database) {
        String nobody = database.name() + "_nobody";
        Trickle engine = Trickle.builder(database.jdbcUrl(), nobody, "secret").build();

        DatabaseException e = failure(engine, Trickle::streamTables);

        // a server that checks passwords does not tell whether the role exists
        assertThat(e.getMessage()).containsAnyOf("role \"" + nobody + "\" does not exist",
                "password authentication failed for user \"" + nobody + "\"");
        assertThat(e.sqlState()).startsWith("28");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void ownPool_nothingListensOnPort_startReportsRefusedConnectionAtOnce() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Trickle engine = Trickle.builder("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null).build();

        DatabaseException e = failure(engine, Trickle::start);

        assertThat(e).hasMessageContaining("localhost:" + port).hasMessageContaining("refused");
        assertThat(e.sqlState()).isEqualTo("08001");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void ownPool_closedBeforeFirstUse_neverConnects() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            Trickle engine = Trickle.builder("jdbc:postgresql://localhost:" + socket.getLocalPort() + "/postgres",
                    "postgres", null).build();

            engine.close();

            socket.setSoTimeout(500);
            assertThat(catchThrowableOfType(SocketTimeoutException.class, socket::accept)).isNotNull();
        }
    }

    @Test
    void ownPool_loginRevokedAfterFirstUse_reportsCauseAfterConnectionTimeoutAndRecovers() {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            TestRole role = database.createRole("app");
            database.dsl().execute("GRANT CREATE ON DATABASE " + database.name() + " TO " + role.name());
            try (Trickle engine = Trickle.builder(role.jdbcUrl(), role.name(), role.password())
                    .connectionTimeout(Duration.ofSeconds(1))
                    .build()) {
                assertThat(engine.streamTables()).isEmpty();
                database.dsl().execute("ALTER ROLE " + role.name() + " NOLOGIN");
                database.dsl().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?",
                        role.name());
                pause(Duration.ofSeconds(1)); // so that the pool checks its idle connection before lending it

                DatabaseException e = assertTimeoutPreemptively(AT_ONCE,
                        () -> catchThrowableOfType(DatabaseException.class, engine::streamTables));

                assertThat(e).hasMessageContaining("role \"" + role.name() + "\" is not permitted to log in");
                assertThat(e.sqlState()).isEqualTo("28000");
                database.dsl().execute("ALTER ROLE " + role.name() + " LOGIN");
                assertThat(eventually(engine)).isTrue();
            }
        }
    }

    @Test
    void callersPool_roleWithoutLogin_messageNamesTheFailureThePoolRecorded(TestDatabase database) {
        TestRole role = database.createRole("callers");
        database.dsl().execute("ALTER ROLE " + role.name() + " NOLOGIN");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(role.jdbcUrl());
        config.setUsername(role.name());
        config.setPassword(role.password());
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config); Trickle engine = Trickle.builder(pool).build()) {

            DatabaseException e = assertTimeoutPreemptively(AT_ONCE,
                    () -> catchThrowableOfType(DatabaseException.class, engine::streamTables));

            assertThat(e).hasMessageContaining("role \"" + role.name() + "\" is not permitted to log in");
            assertThat(e.sqlState()).isEqualTo("28000");
            assertThat(e.isTransient()).isFalse();
        }
    }

    /** Runs {@code operation} on {@code engine}, closes the engine, and returns the failure, which came at once. */
    private static DatabaseException failure(Trickle engine, Consumer<Trickle> operation) {
        try (engine) {
            DatabaseException e = assertTimeoutPreemptively(AT_ONCE,
                    () -> catchThrowableOfType(DatabaseException.class, () -> operation.accept(engine)));
            assertThat(e).as("the operation's failure").isNotNull();
            return e;
        }
    }

    /** @return whether an operation of {@code engine} succeeds within {@link #AT_ONCE}, trying every 100 ms */
    private static boolean eventually(Trickle engine) {
        long deadline = System.nanoTime() + AT_ONCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                engine.streamTables();
                return true;
            } catch (DatabaseException e) {
                pause(Duration.ofMillis(100));
            }
        }
        return false;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String password(TestDatabase database) {
        return database.server().password().isEmpty() ? null : database.server().password();
    }
}

package dev.trickle.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The benchmark's server: the one named by {@code TRICKLE_TEST_JDBC_URL} (or {@code -Dtrickle.test.jdbcUrl}) if
 * given, else an embedded PostgreSQL configured as the test kit's, and also loading {@code pg_stat_statements}
 * (with planning time tracked) so that the benchmark can report server time per refresh.
 */
final class BenchServer {
    private static final String PROPERTY = "trickle.test.jdbcUrl";

    private BenchServer() {}

    /** Starts the embedded server unless a server is named, and points the test kit at it. */
    static void start() {
        String named = System.getProperty(PROPERTY, System.getenv("TRICKLE_TEST_JDBC_URL"));
        if (named != null && !named.isBlank()) {
            return;
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    // as the test kit's: change capture from the WAL needs logical decoding
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "16")
                    .setServerConfig("max_wal_senders", "16")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track_planning", "on")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
                }
            }, "trickle-bench-postgres-stop"));
            System.setProperty(PROPERTY, "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }
}

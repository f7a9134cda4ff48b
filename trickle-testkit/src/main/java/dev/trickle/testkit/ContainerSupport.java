package dev.trickle.testkit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts PostgreSQL in a Testcontainers container when {@code org.testcontainers:postgresql} is on the class path
 * (it is an optional dependency) and a Docker engine answers. Isolated in its own class so that nothing touches
 * Testcontainers' classes when they are absent.
 */
final class ContainerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSupport.class);

    private ContainerSupport() {}

    static @Nullable PostgresServer tryStart(@Nullable Integer major) {
        try {
            Class.forName("org.testcontainers.containers.PostgreSQLContainer", false,
                    ContainerSupport.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        return Containers.start(major == null ? 18 : major);
    }

    /** Only loaded once Testcontainers is known to be present. */
    private static final class Containers {
        static @Nullable PostgresServer start(int major) {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                LOG.info("Testcontainers is on the class path but no Docker engine answers; using embedded PostgreSQL");
                return null;
            }
            @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
            var container = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:" + major)
                    .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=16",
                            "-c", "max_connections=300", "-c", "fsync=off");
            container.start();
            return new PostgresServer("Testcontainers postgres:" + major, container.getHost(),
                    container.getMappedPort(5432), container.getDatabaseName(), container.getUsername(),
                    container.getPassword(), "");
        }
    }
}

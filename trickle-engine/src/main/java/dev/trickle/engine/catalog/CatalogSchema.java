package dev.trickle.engine.catalog;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and upgrades the catalog schema. Each version is a list of statements applied once, in one transaction,
 * under an advisory lock so that engines starting together on one database do not race; the applied version is
 * recorded in {@code pgtrickle.pgt_schema_version}. Idempotent.
 */
public final class CatalogSchema {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogSchema.class);

    /** Advisory lock class id of Trickle's locks ("trck"). */
    public static final int LOCK_NAMESPACE = 0x7472636B;
    /** Advisory lock object id of the bootstrap. */
    private static final int BOOTSTRAP_LOCK = 0;

    /** One SQL script per catalog version, applied in order: {@code v1.sql}, {@code v2.sql}, ... */
    private static final List<String> VERSIONS = List.of("v1.sql", "v2.sql");


    private CatalogSchema() {}

    private static String script(String name) {
        try (InputStream in = CatalogSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("internal error: catalog script " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog script " + name, e);
        }
    }

    /** @return the catalog version this engine installs */
    public static int currentVersion() {
        return VERSIONS.size();
    }

    /**
     * Brings the catalog up to {@link #currentVersion()}.
     *
     * @param c a connection in auto-commit mode
     * @throws SQLException if the server rejects a statement
     * @throws IllegalStateException if the database has a newer catalog than this engine knows
     */
    public static void install(Connection c) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(?, ?)", rs -> 0, LOCK_NAMESPACE, BOOTSTRAP_LOCK);
            Jdbc.execute(c, "CREATE SCHEMA IF NOT EXISTS pgtrickle");
            Jdbc.execute(c, "CREATE SCHEMA IF NOT EXISTS pgtrickle_changes");
            Jdbc.execute(c, """
                    CREATE TABLE IF NOT EXISTS pgtrickle.pgt_schema_version (
                        version      integer PRIMARY KEY,
                        installed_at timestamptz NOT NULL DEFAULT now()
                    )""");
            int installed = Jdbc.queryOne(c, "SELECT coalesce(max(version), 0) FROM pgtrickle.pgt_schema_version",
                            rs -> rs.getInt(1))
                    .orElse(0);
            if (installed > currentVersion()) {
                throw new IllegalStateException("the catalog in schema pgtrickle has version " + installed
                        + " but this engine knows only up to " + currentVersion() + ": upgrade Trickle");
            }
            for (int v = installed + 1; v <= currentVersion(); v++) {
                Jdbc.script(c, script(VERSIONS.get(v - 1)));
                Jdbc.update(c, "INSERT INTO pgtrickle.pgt_schema_version (version) VALUES (?)", v);
                LOG.info("installed Trickle catalog version {}", v);
            }
            tx.commit();
        }
    }
}

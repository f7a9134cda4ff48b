package dev.trickle.engine.catalog;

import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and upgrades the catalog schema. Each version is a script applied once, in one transaction; the applied
 * version is recorded in {@code pgtrickle.pgt_schema_version}. Idempotent.
 *
 * <p>An engine on an installed, current catalog only reads the version: it needs no {@code CREATE} privilege on the
 * database, and no lock. Installing or upgrading creates what is missing (the schemas only if they do not exist, so
 * that a DBA may create them beforehand and grant them to the application role), under an {@code EXCLUSIVE} lock on
 * the version table that only roles allowed to write the catalog can take, waiting at most the engine's lock timeout.
 * Two engines installing a new database at once collide on the schema's or table's name; the loser tries again and
 * finds the work done.
 *
 * <p>When the schema {@code pgtrickle} belongs to another role than the engine's (a role that the engine's role is a
 * member of, shared by several application roles), the catalog's objects are created as that owner, so that every
 * member may use them.
 */
public final class CatalogSchema {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogSchema.class);

    /** One SQL script per catalog version, applied in order: {@code v1.sql}, {@code v2.sql}, ... */
    private static final List<String> VERSIONS = List.of("v1.sql", "v2.sql", "v3.sql", "v4.sql", "v5.sql", "v6.sql",
            "v7.sql");

    /** The role that monitoring tools log in as (or are members of), if a DBA created it. */
    public static final String READER_ROLE = "pgtrickle_reader";

    private static final int INSTALL_ATTEMPTS = 3;

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
     * Brings the catalog up to {@link #currentVersion()}, then grants the monitoring functions to {@value
     * #READER_ROLE} if that role exists.
     *
     * @param c a connection in auto-commit mode
     * @param lockTimeout how long to wait for another engine's install or upgrade
     * @throws SQLException if the server rejects a statement
     * @throws IllegalStateException if the database has a newer catalog than this engine knows
     */
    public static void install(Connection c, Duration lockTimeout) throws SQLException {
        if (installedVersion(c).orElse(0) != currentVersion()) {
            for (int attempt = 1; ; attempt++) {
                try {
                    upgrade(c, lockTimeout);
                    break;
                } catch (SQLException e) {
                    // two engines creating the catalog of a new database at once: one of them loses the race for the
                    // schema's or the version table's name; the next attempt finds them
                    boolean race = "23505".equals(e.getSQLState()) || "42P06".equals(e.getSQLState())
                            || "42P07".equals(e.getSQLState());
                    if (!race || attempt == INSTALL_ATTEMPTS) {
                        throw e;
                    }
                    LOG.debug("catalog install raced with another engine, trying again: {}", e.getMessage());
                }
            }
        }
        grantReader(c);
        warnAboutWriters(c);
    }

    /**
     * Warns about roles that may write Trickle's catalog without being (a member of) its owner: what the catalog
     * holds decides what every engine compiles and runs as its own role (docs/security.md).
     */
    private static void warnAboutWriters(Connection c) throws SQLException {
        List<String> writers = Jdbc.query(c, """
                SELECT DISTINCT coalesce(g.rolname, 'PUBLIC') || ' (' || a.privilege_type || ' on ' || t.relname || ')'
                  FROM pg_class t CROSS JOIN LATERAL aclexplode(t.relacl) a
                  LEFT JOIN pg_roles g ON g.oid = a.grantee
                 WHERE t.relnamespace = 'pgtrickle'::regnamespace AND t.relkind = 'r'
                   AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
                   AND a.grantee <> t.relowner
                   AND (a.grantee = 0 OR NOT pg_has_role(a.grantee, t.relowner, 'USAGE'))
                 ORDER BY 1""", rs -> rs.getString(1));
        if (!writers.isEmpty()) {
            LOG.warn("roles other than the owner of Trickle's catalog may write it, and so decide what Trickle's role"
                    + " runs: {}; revoke those privileges (see docs/security.md)", String.join(", ", writers));
        }
    }

    /**
     * Reads the database's refresh token, which storage tables' guard triggers ask refreshes for.
     *
     * @param c a connection
     * @return the token, or empty if this role may not read it (a monitoring role: it refreshes nothing)
     * @throws SQLException if the server fails
     */
    public static String refreshToken(Connection c) throws SQLException {
        boolean readable = Jdbc.queryOne(c, "SELECT has_table_privilege('pgtrickle.pgt_settings', 'SELECT')",
                rs -> rs.getBoolean(1)).orElse(false);
        return !readable ? "" : Jdbc.queryOne(c, "SELECT value FROM pgtrickle.pgt_settings WHERE name = 'refresh_token'",
                rs -> rs.getString(1)).orElse("");
    }

    /** @return the installed version, or empty if there is no catalog (or this role cannot see it) */
    private static Optional<Integer> installedVersion(Connection c) throws SQLException {
        boolean present = Jdbc.queryOne(c, "SELECT to_regclass('pgtrickle.pgt_schema_version') IS NOT NULL"
                        + " AND has_table_privilege('pgtrickle.pgt_schema_version', 'SELECT')",
                rs -> rs.getBoolean(1)).orElse(false);
        if (!present) {
            return Optional.empty();
        }
        return Jdbc.queryOne(c, "SELECT coalesce(max(version), 0) FROM pgtrickle.pgt_schema_version",
                rs -> rs.getInt(1));
    }

    private static void upgrade(Connection c, Duration lockTimeout) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Jdbc.execute(c, "SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            createSchemaIfMissing(c, "pgtrickle");
            createSchemaIfMissing(c, "pgtrickle_changes");
            actAsSchemaOwner(c);
            if (Jdbc.queryOne(c, "SELECT to_regclass('pgtrickle.pgt_schema_version') IS NULL", rs -> rs.getBoolean(1))
                    .orElse(true)) {
                Jdbc.execute(c, """
                        CREATE TABLE pgtrickle.pgt_schema_version (
                            version      integer PRIMARY KEY,
                            installed_at timestamptz NOT NULL DEFAULT now()
                        )""");
            }
            // only roles that may write the catalog can take this lock; an engine waits for another's upgrade
            Jdbc.execute(c, "LOCK TABLE pgtrickle.pgt_schema_version IN EXCLUSIVE MODE");
            int installed = Jdbc.queryOne(c, "SELECT coalesce(max(version), 0) FROM pgtrickle.pgt_schema_version",
                            rs -> rs.getInt(1))
                    .orElse(0);
            if (installed > currentVersion()) {
                throw new IllegalStateException("the catalog in schema pgtrickle has version " + installed
                        + " but this engine knows only up to " + currentVersion() + ": upgrade Trickle");
            }
            for (int v = installed + 1; v <= currentVersion(); v++) {
                Jdbc.script(c, script(VERSIONS.get(v - 1)));
                if (v == 3) {
                    rewriteCapture(c);
                }
                Jdbc.update(c, "INSERT INTO pgtrickle.pgt_schema_version (version) VALUES (?)", v);
                LOG.debug("installed Trickle catalog version {}", v);
            }
            tx.commit();
            if (installed < currentVersion()) {
                LOG.info("{} Trickle catalog version {}", installed == 0 ? "installed" : "upgraded to",
                        currentVersion());
            }
        }
    }

    /**
     * Writes the capture of every captured source again, as version 3 writes it (search path pinned, not executable by
     * {@code PUBLIC}, bound to its source, never failing a write after source DDL): capture installed by an earlier
     * version would otherwise keep its old function until a stream table over the source is created or
     * reinitialized.
     */
    private static void rewriteCapture(Connection c) throws SQLException {
        List<Long> sources = Jdbc.query(c, """
                SELECT substr(b.relname, length('changes_') + 1)::bigint FROM pg_class b
                 WHERE b.relnamespace = 'pgtrickle_changes'::regnamespace AND b.relkind = 'r'
                   AND b.relname ~ '^changes_[0-9]+$'
                   AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = substr(b.relname, length('changes_') + 1)::oid)
                 ORDER BY 1""", rs -> rs.getLong(1));
        for (long oid : sources) {
            Jdbc.execute(c, "SAVEPOINT \"__pgt_capture\"");
            try {
                ChangeCapture.ensure(c, oid, List.of());
                Jdbc.execute(c, "RELEASE SAVEPOINT \"__pgt_capture\"");
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT \"__pgt_capture\"");
                LOG.warn("the capture of relation {} keeps the function of an earlier version until a stream table"
                        + " over it is reinitialized: {}", oid, e.getMessage());
            }
        }
    }

    /** Creates a schema unless it exists: {@code CREATE SCHEMA IF NOT EXISTS} needs {@code CREATE} on the database. */
    private static void createSchemaIfMissing(Connection c, String schema) throws SQLException {
        if (Jdbc.queryOne(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", rs -> 1, schema).isEmpty()) {
            Jdbc.execute(c, "CREATE SCHEMA " + schema);
        }
    }

    /**
     * Creates the catalog's objects as the owner of schema {@code pgtrickle} when that is a role the engine's role is
     * a member of: several application roles then share one catalog through their common role.
     */
    private static void actAsSchemaOwner(Connection c) throws SQLException {
        Optional<String> owner = Jdbc.queryOne(c, """
                SELECT quote_ident(r.rolname) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
                 WHERE n.nspname = 'pgtrickle' AND r.rolname <> current_user
                   AND pg_has_role(r.oid, 'MEMBER')""", rs -> rs.getString(1));
        if (owner.isPresent()) {
            Jdbc.execute(c, "SET LOCAL ROLE " + owner.get());
        }
    }

    /**
     * Lets {@value #READER_ROLE} see statuses, histories and buffer sizes: usage of schema {@code pgtrickle}, read
     * access to the catalog tables that hold no captured rows, and the monitoring functions. Nothing of {@code
     * pgtrickle_changes}, whose buffers hold copies of source rows, and not the refresh token. A grant the engine's
     * role may not give (it does not own the catalog) is skipped.
     */
    private static void grantReader(Connection c) throws SQLException {
        boolean exists = Jdbc.queryOne(c, "SELECT to_regrole(?) IS NOT NULL", rs -> rs.getBoolean(1), READER_ROLE)
                .orElse(false);
        boolean owner = Jdbc.queryOne(c, "SELECT pg_has_role(n.nspowner, 'USAGE') FROM pg_namespace n"
                + " WHERE n.nspname = 'pgtrickle'", rs -> rs.getBoolean(1)).orElse(false);
        if (!exists || !owner) {
            return;
        }
        Jdbc.script(c, """
                GRANT USAGE ON SCHEMA pgtrickle TO pgtrickle_reader;
                GRANT SELECT ON pgtrickle.pgt_stream_tables, pgtrickle.pgt_dependencies, pgtrickle.pgt_refresh_history,
                    pgtrickle.pgt_engines, pgtrickle.pgt_diamond_groups, pgtrickle.pgt_schema_version,
                    pgtrickle.pg_stat_stream_tables TO pgtrickle_reader;
                GRANT EXECUTE ON FUNCTION pgtrickle.pgt_status(), pgtrickle.change_buffer_sizes(),
                    pgtrickle.dependency_tree(), pgtrickle.refresh_timeline(integer), pgtrickle.list_sources(text),
                    pgtrickle.trigger_inventory(), pgtrickle.diamond_groups(), pgtrickle.worker_pool_status(),
                    pgtrickle.parallel_job_status(integer), pgtrickle.health_check(), pgtrickle.schedule_interval(text),
                    pgtrickle.find_stream_table(text), pgtrickle.wal_capture_status() TO pgtrickle_reader""");
    }
}

package dev.trickle.engine.catalog;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
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

    private static final List<List<String>> VERSIONS = List.of(List.of(
            """
            CREATE TABLE IF NOT EXISTS pgtrickle.pgt_stream_tables (
                pgt_id             bigserial PRIMARY KEY,
                pgt_relid          oid NOT NULL,
                pgt_schema         text NOT NULL,
                pgt_name           text NOT NULL,
                defining_query     text NOT NULL,
                search_path        text NOT NULL,
                refresh_mode       text NOT NULL
                    CHECK (refresh_mode IN ('AUTO', 'DIFFERENTIAL', 'FULL', 'IMMEDIATE')),
                effective_mode     text NOT NULL CHECK (effective_mode IN ('DIFFERENTIAL', 'FULL', 'IMMEDIATE')),
                fallback_reason    text,
                row_identity       text NOT NULL CHECK (row_identity IN ('KEY', 'CONTENT')),
                full_refresh_sql   text NOT NULL,
                differential_sql   text,
                changes_sql        text,
                schedule           text,
                status             text NOT NULL DEFAULT 'ACTIVE'
                    CHECK (status IN ('ACTIVE', 'SUSPENDED', 'ERROR')),
                is_populated       boolean NOT NULL DEFAULT false,
                data_timestamp     timestamptz,
                last_refresh_at    timestamptz,
                consecutive_errors integer NOT NULL DEFAULT 0,
                last_error         text,
                diamond_consistency     text NOT NULL DEFAULT 'none',
                diamond_schedule_policy text NOT NULL DEFAULT 'fastest',
                created_at         timestamptz NOT NULL DEFAULT now(),
                updated_at         timestamptz NOT NULL DEFAULT now(),
                UNIQUE (pgt_schema, pgt_name),
                UNIQUE (pgt_relid)
            )""",
            """
            CREATE TABLE IF NOT EXISTS pgtrickle.pgt_dependencies (
                pgt_id        bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables ON DELETE CASCADE,
                source_relid  oid NOT NULL,
                source_schema text NOT NULL,
                source_name   text NOT NULL,
                source_type   text NOT NULL,
                frontier      pg_snapshot,
                PRIMARY KEY (pgt_id, source_relid)
            )""",
            "CREATE INDEX IF NOT EXISTS pgt_dependencies_source_idx ON pgtrickle.pgt_dependencies (source_relid)",
            """
            CREATE TABLE IF NOT EXISTS pgtrickle.pgt_refresh_history (
                refresh_id     bigserial PRIMARY KEY,
                pgt_id         bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables ON DELETE CASCADE,
                data_timestamp timestamptz,
                start_time     timestamptz NOT NULL,
                end_time       timestamptz,
                action         text NOT NULL CHECK (action IN ('NO_DATA', 'FULL', 'DIFFERENTIAL')),
                status         text NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
                rows_inserted  bigint NOT NULL DEFAULT 0,
                rows_updated   bigint NOT NULL DEFAULT 0,
                rows_deleted   bigint NOT NULL DEFAULT 0,
                error_message  text,
                initiated_by   text NOT NULL,
                reason         text,
                engine_id      text
            )""",
            "CREATE INDEX IF NOT EXISTS pgt_refresh_history_pgt_idx ON pgtrickle.pgt_refresh_history (pgt_id, start_time)"));

    private CatalogSchema() {}

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
                for (String statement : VERSIONS.get(v - 1)) {
                    Jdbc.execute(c, statement);
                }
                Jdbc.update(c, "INSERT INTO pgtrickle.pgt_schema_version (version) VALUES (?)", v);
                LOG.info("installed Trickle catalog version {}", v);
            }
            tx.commit();
        }
    }
}

package dev.trickle.engine.catalog;

import dev.trickle.engine.jdbc.Jdbc;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The row of a running engine in {@code pgtrickle.pgt_engines}: who it is, how its scheduler is configured, and a
 * heartbeat that the monitoring functions ({@code health_check()}, {@code worker_pool_status()}) read.
 */
public final class EngineRegistry {
    private EngineRegistry() {}

    /**
     * Registers an engine whose scheduler starts, and forgets engines silent for a day.
     *
     * @param c a connection in auto-commit mode
     * @param engineId the engine
     * @param tickMillis its tick interval
     * @param maxConcurrent its refresh concurrency
     * @param parallel whether it refreshes in parallel
     * @throws SQLException if the server fails
     */
    public static void register(Connection c, String engineId, long tickMillis, int maxConcurrent, boolean parallel)
            throws SQLException {
        Jdbc.update(c, "DELETE FROM pgtrickle.pgt_engines WHERE heartbeat_at < now() - interval '1 day'");
        Jdbc.update(c, """
                INSERT INTO pgtrickle.pgt_engines (engine_id, host, jvm_pid, tick_ms, max_concurrent, parallel,
                    scheduler_running)
                VALUES (?, ?, ?, ?, ?, ?, true)
                ON CONFLICT (engine_id) DO UPDATE SET heartbeat_at = now(), scheduler_running = true""",
                engineId, host(), ProcessHandle.current().pid(), (int) Math.min(tickMillis, Integer.MAX_VALUE),
                maxConcurrent, parallel);
    }

    /**
     * Records that an engine is alive, and how long its last tick took (reading the catalog, planning, refreshing).
     *
     * @param c a connection in auto-commit mode
     * @param engineId the engine
     * @param activeRefreshes the refreshes it runs right now
     * @param tickMillis the duration of the tick that is ending
     * @throws SQLException if the server fails
     */
    public static void heartbeat(Connection c, String engineId, int activeRefreshes, double tickMillis)
            throws SQLException {
        Jdbc.update(c, """
                UPDATE pgtrickle.pgt_engines
                   SET heartbeat_at = now(), active_refreshes = ?, ticks = ticks + 1, last_tick_ms = ?,
                       avg_tick_ms = CASE WHEN avg_tick_ms IS NULL THEN ? ELSE 0.9 * avg_tick_ms + 0.1 * ? END
                 WHERE engine_id = ?""", activeRefreshes, tickMillis, tickMillis, tickMillis, engineId);
    }

    /**
     * Removes an engine whose scheduler stopped.
     *
     * @param c a connection in auto-commit mode
     * @param engineId the engine
     * @throws SQLException if the server fails
     */
    public static void unregister(Connection c, String engineId) throws SQLException {
        Jdbc.update(c, "DELETE FROM pgtrickle.pgt_engines WHERE engine_id = ?", engineId);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}

package dev.trickle.engine.topology;

import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the dependency graph from the catalog inside a transaction that changed it (a create or a drop), so
 * that a cycle is rejected before it commits and the effective schedules and diamond groups that the monitoring
 * functions show are current even when no scheduler runs.
 */
public final class Topology {
    private static final Logger LOG = LoggerFactory.getLogger(Topology.class);

    private Topology() {}

    /**
     * Checks the dependency graph inside the changing transaction.
     *
     * @param c a connection inside the changing transaction
     * @param fallback the schedule of calculated stream tables that nothing scheduled reads
     * @throws dev.trickle.DependencyCycleException if the stream tables now read each other in a cycle
     * @throws SQLException if the server fails
     */
    public static void check(Connection c, Duration fallback) throws SQLException {
        Dag.of(CatalogState.load(c), fallback);
    }

    /**
     * Checks that a stream table may read new sources without closing a cycle.
     *
     * @param c a connection
     * @param streamTable the stream table whose query changes
     * @param sources the relations its new query reads
     * @param fallback the schedule of calculated stream tables that nothing scheduled reads
     * @throws dev.trickle.DependencyCycleException if the stream tables would read each other in a cycle
     * @throws SQLException if the server fails
     */
    public static void checkReplacing(Connection c, dev.trickle.TableName streamTable,
            java.util.List<dev.trickle.TableName> sources, Duration fallback) throws SQLException {
        CatalogState state = CatalogState.load(c);
        java.util.Map<dev.trickle.TableName, java.util.List<dev.trickle.TableName>> changed =
                new java.util.LinkedHashMap<>(state.sources());
        changed.put(streamTable, sources);
        Dag.of(new CatalogState(state.tables(), changed), fallback);
    }

    /**
     * Records the effective schedules and diamond groups, in a short transaction of its own after the change
     * committed (the scheduler rewrites them too; a {@code REPEATABLE READ} transaction would collide with it). The
     * catalog is read after a {@code SHARE ROW EXCLUSIVE} lock on {@code pgt_diamond_groups} is granted (a mode that
     * conflicts with itself, and that only roles allowed to write the catalog can take), so that of two writers
     * (engines, or an engine's scheduler and its API calls) the later one always writes the newer graph.
     *
     * @param c a connection in auto-commit mode
     * @param fallback the schedule of calculated stream tables that nothing scheduled reads
     * @param lockTimeout how long to wait for another writer
     * @throws SQLException if the server fails
     */
    public static void record(Connection c, Duration fallback, Duration lockTimeout) throws SQLException {
        record0(c, fallback, lockTimeout);
    }

    /**
     * Records the effective schedules and diamond groups after a change that has committed: a failure here (such as a
     * lock timeout) does not undo the change, so it is logged, not thrown; the scheduler records the graph again at
     * its next tick, and every create and drop does.
     *
     * @param c a connection in auto-commit mode
     * @param fallback the schedule of calculated stream tables that nothing scheduled reads
     * @param lockTimeout how long to wait for another writer
     */
    public static void recordAfterCommit(Connection c, Duration fallback, Duration lockTimeout) {
        try {
            record0(c, fallback, lockTimeout);
        } catch (SQLException e) {
            LOG.warn("the change is committed, but its effective schedules and diamond groups are not recorded yet"
                    + " (the scheduler records them at its next tick): {}", e.getMessage());
        }
    }

    private static void record0(Connection c, Duration fallback, Duration lockTimeout) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Jdbc.execute(c, "SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            Jdbc.execute(c, "LOCK TABLE pgtrickle.pgt_diamond_groups IN SHARE ROW EXCLUSIVE MODE");
            CatalogState state = CatalogState.load(c);
            Dag.of(state, fallback).persist(c, state);
            tx.commit();
        }
    }
}

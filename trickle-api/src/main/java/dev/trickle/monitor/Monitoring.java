package dev.trickle.monitor;

import dev.trickle.DatabaseException;
import dev.trickle.StreamTableNotFoundException;
import java.time.Duration;
import java.util.List;

/**
 * The monitoring functions of schema {@code pgtrickle}, answered as records. Each method calls the SQL function or
 * view named in its documentation, which any SQL client can call too, and returns its rows in its order. Answers
 * cover the whole database (every engine on it), not only the engine that asks. Thread-safe; each call borrows a
 * connection of the engine.
 *
 * <pre>{@code
 * for (HealthCheck check : trickle.monitoring().healthCheck()) {
 *     if (check.severity() != Severity.OK) {
 *         log.warn("{}: {}", check.name(), check.detail());
 *     }
 * }
 * }</pre>
 */
public interface Monitoring {

    /**
     * The state of every stream table: {@code SELECT * FROM pgtrickle.pgt_status()}.
     *
     * @return one entry per stream table, ordered by schema and name
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<StatusEntry> status();

    /**
     * The state of every stream table with totals over its refresh history: {@code SELECT * FROM
     * pgtrickle.pg_stat_stream_tables}.
     *
     * @return one row per stream table, ordered by schema and name
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<RefreshStats> stats();

    /**
     * Runs the health checks: {@code SELECT * FROM pgtrickle.health_check()}.
     *
     * @return one finding per check
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<HealthCheck> healthCheck();

    /**
     * The dependencies of the stream tables as a tree: {@code SELECT * FROM pgtrickle.dependency_tree()}.
     *
     * @return the nodes in tree order (depth first, roots and siblings sorted by name)
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<DependencyNode> dependencyTree();

    /**
     * The latest refreshes of all stream tables: {@code SELECT * FROM pgtrickle.refresh_timeline(maxRows)}.
     *
     * @param maxRows the most rows to return
     * @return the refreshes, newest first
     * @throws IllegalArgumentException if {@code maxRows} is negative
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<RefreshEvent> refreshTimeline(int maxRows);

    /**
     * The changes each stream table has not consumed yet, per captured source: {@code SELECT * FROM
     * pgtrickle.change_buffer_sizes()}.
     *
     * @return one row per stream table and captured source, ordered by stream table, then source
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<ChangeBufferSize> changeBufferSizes();

    /**
     * The relations one stream table reads: {@code SELECT * FROM pgtrickle.list_sources(name)}.
     *
     * @param streamTable {@code name} (in the current schema) or {@code schema.name}
     * @return one row per source, ordered by schema and name
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws dev.trickle.InvalidNameException if {@code streamTable} is not a valid name
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<SourceInfo> sources(String streamTable);

    /**
     * The capture triggers the captured sources should have, and whether they are there: {@code SELECT * FROM
     * pgtrickle.trigger_inventory()}.
     *
     * @return four rows per captured source, ordered by source
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<TriggerInfo> triggerInventory();

    /**
     * The members of the diamonds' consistency groups: {@code SELECT * FROM pgtrickle.diamond_groups()}.
     *
     * @return the members, ordered by group; empty if there is no diamond
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<DiamondMember> diamondGroups();

    /**
     * The refresh capacity of the engines running a scheduler on this database: {@code SELECT * FROM
     * pgtrickle.worker_pool_status()}.
     *
     * @return the capacity; all zero if no scheduler runs
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    WorkerPoolStatus workerPoolStatus();

    /**
     * The refreshes running now and those that ended within {@code maxAge}: {@code SELECT * FROM
     * pgtrickle.parallel_job_status(seconds)}.
     *
     * @param maxAge how far back to look, in whole seconds (a fraction counts as a second)
     * @return the refreshes, newest first
     * @throws IllegalArgumentException if {@code maxAge} is negative
     * @throws DatabaseException if the database cannot answer
     * @throws IllegalStateException if the engine is closed
     */
    List<RefreshJob> jobs(Duration maxAge);
}

/**
 * The dependency graph of stream tables and what follows from it: which relations each stream table reads, the
 * order refreshes must run in, where paths converge (diamonds and their consistency groups), and when each stream
 * table is due (its {@link dev.trickle.engine.topology.Schedule}, {@code calculated} ones resolved over the graph).
 *
 * <p>Two layers. The pure one, with no database, no threads and no clock (time is always passed in):
 * {@link dev.trickle.engine.topology.DependencyGraph}, which wraps JGraphT's {@code DirectedAcyclicGraph} (JGraphT
 * types never appear in this package's API), its diamonds, and the schedules, parsed from what users write
 * ({@code 30s}, {@code 1h30m}, {@code *}{@code /5 * * * *}, {@code @daily}, {@code calculated}; cron-utils never
 * leaks out of this package). Over it, the catalog's view: {@link dev.trickle.engine.topology.CatalogState} reads
 * the stream tables and their sources, {@link dev.trickle.engine.topology.Dag} builds the graph of that state and
 * records the effective schedules and diamond groups, and {@link dev.trickle.engine.topology.Topology} checks and
 * records the graph inside the transactions that create, alter and drop stream tables.
 *
 * <p>Depends on trickle-api, the engine's JDBC helpers, JGraphT and cron-utils; never on the scheduler or the
 * refresh, which read it.
 */
@NullMarked
package dev.trickle.engine.topology;

import org.jspecify.annotations.NullMarked;

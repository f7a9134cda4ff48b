/**
 * The dependency graph of stream tables: which relations each stream table reads, in the order refreshes must run,
 * where paths converge (diamonds), and what {@code calculated} schedules resolve to.
 * {@link dev.trickle.engine.dag.DependencyGraph} wraps JGraphT's {@code DirectedAcyclicGraph}; JGraphT types never
 * appear in this package's API.
 *
 * <p>Pure: no database, no threads. Depends on trickle-api ({@code TableName} and the exceptions), {@code schedule}
 * and JGraphT.
 */
@NullMarked
package dev.trickle.engine.dag;

import org.jspecify.annotations.NullMarked;

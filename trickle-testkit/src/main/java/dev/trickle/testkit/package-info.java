/**
 * Test support for applications that use Trickle, and for Trickle itself: a real PostgreSQL without Docker
 * ({@link dev.trickle.testkit.TestPostgres}), a fresh database per test class with an engine on it
 * ({@link dev.trickle.testkit.TrickleFixture} for any framework, {@link dev.trickle.testkit.TrickleExtension} for
 * JUnit 5), and property tests that check a stream table against its query recomputed.
 *
 * <p>Property tests of stream tables: describe sources with {@link dev.trickle.testkit.TableSpec}, generate their
 * rows ({@link dev.trickle.testkit.TableSpec#rows(int)}) and batches of changes in transactions
 * ({@link dev.trickle.testkit.DmlArbitraries}, shaped by {@link dev.trickle.testkit.BatchShape}), drive them with
 * {@link dev.trickle.testkit.ChangeScenario}, and check the result with
 * {@link dev.trickle.testkit.StreamTableOracle}: the stream table must equal its query recomputed.
 *
 * <p>Depends on trickle-api; the engine must be on the class path at run time.
 */
@NullMarked
package dev.trickle.testkit;

import org.jspecify.annotations.NullMarked;

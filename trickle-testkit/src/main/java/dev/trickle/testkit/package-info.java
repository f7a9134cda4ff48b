/**
 * Test support for applications that use Trickle, and for Trickle itself: a real PostgreSQL without Docker
 * ({@link dev.trickle.testkit.TestPostgres}), a fresh database per test class with an engine on it
 * ({@link dev.trickle.testkit.TrickleFixture} for any framework, {@link dev.trickle.testkit.TrickleExtension} for
 * JUnit 5), and property tests that check a stream table against its query recomputed.
 *
 * <p>Depends on trickle-api; the engine must be on the class path at run time.
 */
@NullMarked
package dev.trickle.testkit;

import org.jspecify.annotations.NullMarked;

/**
 * Benchmarks of Trickle, run with {@code exec:java} (see the README's "Benchmarks" section).
 * {@link dev.trickle.bench.RefreshBenchmark} times differential refresh against full refresh and {@code REFRESH
 * MATERIALIZED VIEW} at several table sizes, counts the base-table rows a differential refresh reads, and measures
 * what change capture adds to writes.
 *
 * <p>Compiles against trickle-api, trickle-testkit and pgjdbc only; trickle-engine is a runtime dependency. Every
 * statement is plain JDBC so that the SQL being timed is exactly the SQL shown.
 */
@NullMarked
package dev.trickle.bench;

import org.jspecify.annotations.NullMarked;

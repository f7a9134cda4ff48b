/**
 * The engine side of {@link dev.trickle.monitor.Monitoring}: calls the monitoring functions of schema {@code
 * pgtrickle} (installed with the catalog by {@code v2.sql}, some redefined by later versions) and maps their rows to the API's records. The SQL functions
 * are the single source of truth; nothing here computes a fact of its own.
 *
 * <p>Depends on {@code dev.trickle.monitor}, {@code dev.trickle} and {@code dev.trickle.engine.jdbc}.
 */
@NullMarked
package dev.trickle.engine.monitor;

import org.jspecify.annotations.NullMarked;

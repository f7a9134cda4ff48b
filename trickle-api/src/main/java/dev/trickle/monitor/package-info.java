/**
 * Monitoring from Java: {@link dev.trickle.monitor.Monitoring}, reached through {@link
 * dev.trickle.Trickle#monitoring()}, answers with the same facts as the monitoring functions in the database schema
 * {@code pgtrickle} ({@code pgt_status()}, {@code health_check()}, ...), one immutable record per row. The SQL
 * functions are the single source of truth: the engine calls them and maps their rows.
 *
 * <p>Depends on {@code dev.trickle} only.
 */
@NullMarked
package dev.trickle.monitor;

import org.jspecify.annotations.NullMarked;

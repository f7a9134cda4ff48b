/**
 * Micrometer meters for Trickle: {@link dev.trickle.micrometer.TrickleMetrics} is both the engine's {@link
 * dev.trickle.spi.RefreshListener} (refresh timers, failure counters) and a {@link
 * io.micrometer.core.instrument.binder.MeterBinder} whose gauges read a polled snapshot of the monitoring functions.
 *
 * <p>Depends on {@code dev.trickle}, {@code dev.trickle.monitor}, {@code dev.trickle.spi} and Micrometer.
 */
@NullMarked
package dev.trickle.micrometer;

import org.jspecify.annotations.NullMarked;

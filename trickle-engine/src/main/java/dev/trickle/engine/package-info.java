/**
 * The runtime: {@link dev.trickle.engine.TrickleEngine} implements {@link dev.trickle.Trickle} on a
 * {@code DataSource}; {@link dev.trickle.engine.EngineProvider} is how the API's builder finds it. Subpackages, in
 * the order a stream table meets them: {@code definition} (the server's view of its query and its compilation),
 * {@code lifecycle} (create, replace, ensure, reinitialize, drop), {@code capture} (the change buffers of its
 * sources), {@code catalog} (schema {@code pgtrickle}), {@code topology} (the dependency graph and the schedules),
 * {@code scheduler} (the ticks that refresh what is due), {@code refresh} (one refresh) and {@code monitor} (the
 * monitoring API); every one of them talks to the server through {@code jdbc}.
 */
@NullMarked
package dev.trickle.engine;

import org.jspecify.annotations.NullMarked;

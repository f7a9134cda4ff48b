/**
 * The runtime: {@link dev.trickle.engine.TrickleEngine} implements {@link dev.trickle.Trickle} on a
 * {@code DataSource}; {@link dev.trickle.engine.EngineProvider} is how the API's builder finds it. Subpackages hold
 * the catalog, stream table lifecycle, refresh, and JDBC helpers.
 */
@NullMarked
package dev.trickle.engine;

import org.jspecify.annotations.NullMarked;

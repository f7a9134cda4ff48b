/**
 * Extension points of Trickle. {@link dev.trickle.spi.TrickleProvider} is how {@link dev.trickle.Trickle.Builder}
 * finds the engine on the class path (the JDBC and SLF4J pattern).
 */
@NullMarked
package dev.trickle.spi;

import org.jspecify.annotations.NullMarked;

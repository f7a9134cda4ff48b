/**
 * The public API of Trickle: the {@link dev.trickle.Trickle} engine facade and its builder, the stream table
 * specification and the immutable records the engine answers with, and the unchecked exception hierarchy rooted at
 * {@link dev.trickle.TrickleException}.
 *
 * <p>Depends on jOOQ (a stream table may be defined by a jOOQ {@code Select}) and {@code java.sql}; nothing else.
 */
@NullMarked
package dev.trickle;

import org.jspecify.annotations.NullMarked;

/**
 * Runnable examples of Trickle. {@link dev.trickle.samples.TutorialSample} is the getting-started tutorial as a
 * program; {@code dev.trickle.samples.docs} holds the code that the documentation quotes.
 *
 * <p>Compiles against trickle-api, trickle-testkit (for a database without setup) and jOOQ only; trickle-engine is
 * a runtime dependency, so nothing here can reach the engine's internals.
 */
@NullMarked
package dev.trickle.samples;

import org.jspecify.annotations.NullMarked;

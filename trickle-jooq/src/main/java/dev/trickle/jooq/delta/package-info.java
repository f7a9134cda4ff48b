/**
 * Differentiation: from a plan to the one statement that applies a refresh's changes. Changes are weighted rows
 * (a Z-set: +1 inserted, -1 deleted; an UPDATE is both); each operator has a rule class that states its delta
 * formula, which input versions it reads, and why updates are handled correctly. The join-and-filter part of a
 * plan differentiates into a sum of {@link dev.trickle.jooq.delta.Term}s; the top operator ({@code Project} or
 * {@code Aggregate}) turns that sum into net changes per row identity.
 */
@NullMarked
package dev.trickle.jooq.delta;

import org.jspecify.annotations.NullMarked;

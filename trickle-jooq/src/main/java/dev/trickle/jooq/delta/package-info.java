/**
 * Differentiation: from a plan to its storage query and net changes. Changes are weighted rows (a Z-set: +1
 * inserted, -1 deleted; an UPDATE is both). The body of a plan differentiates through a {@code BodyRule} per operator
 * into a sum of {@link dev.trickle.jooq.delta.Term}s; the top operator's {@code TopRule} turns that sum into a
 * {@link dev.trickle.jooq.delta.NetChange}: one row per changed row identity, with its action. Each rule's javadoc
 * opens with its formula and the state it reads. {@link dev.trickle.jooq.delta.Differentiator} dispatches, layer by
 * layer, exhaustively.
 */
@NullMarked
package dev.trickle.jooq.delta;

import org.jspecify.annotations.NullMarked;

package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Top;

/**
 * Differentiates one kind of top operator into the net changes of the storage table.
 *
 * @param <T> the operator
 */
interface TopRule<T extends Top> {
    /**
     * Computes the operator's storage query and net changes.
     *
     * @param op the operator
     * @param d the differentiator, for the body's delta and post-state
     * @param ctx the storage table, expression renderer and key types
     * @return the storage query and net changes
     */
    NetChange apply(T op, Differentiator d, DeltaContext ctx);
}

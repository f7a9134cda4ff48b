package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.RelOp;

/**
 * Differentiates one kind of join-and-filter operator.
 *
 * @param <T> the operator
 */
interface DeltaRule<T extends RelOp> {
    /**
     * Computes the operator's delta.
     *
     * @param op the operator
     * @param d the differentiator, for the deltas and post-states of the operator's inputs
     * @return the delta
     */
    DeltaQuery apply(T op, Differentiator d);
}

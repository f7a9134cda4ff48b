package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Body;

/**
 * Differentiates one kind of body operator into signed terms.
 *
 * @param <T> the operator
 */
interface BodyRule<T extends Body> {
    /**
     * Computes the operator's delta.
     *
     * @param op the operator
     * @param d the differentiator, for the deltas and post-states of the operator's inputs
     * @return the delta
     */
    DeltaQuery apply(T op, Differentiator d);
}

package dev.trickle.jooq.plan;

import java.util.List;

/**
 * A relational operator of a stream table's plan. Immutable; equal plans print equal ({@link PlanPrinter}).
 *
 * <p>A plan has two layers, and the types say so: a {@link Body} (scans, filters, joins: operators whose delta is a
 * sum of signed terms) under exactly one {@link Top} (a projection or an aggregate: the operator that turns the
 * body's delta into net changes of the storage table). Adding an operator adds it to one layer's {@code permits}
 * and a method to that layer's visitor, so every pass over plans fails to compile until it handles the new operator.
 */
public sealed interface RelOp permits Body, Top {

    /** @return the operator's inputs, left to right */
    List<? extends RelOp> inputs();

    /**
     * Rebuilds the operator over other inputs, keeping everything else: rewrites go through this instead of
     * constructing each record by hand.
     *
     * @param inputs the new inputs, as many as {@link #inputs()} and of the same layer
     * @return the rebuilt operator
     * @throws IllegalArgumentException if the inputs do not fit
     */
    RelOp withInputs(List<? extends RelOp> inputs);

    /**
     * Dispatches to the visitor method for this operator.
     *
     * @param visitor the visitor of both layers
     * @param <R> the visitor's result type
     * @return the visitor's result
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * Whether the operator is linear: its delta is the operator applied to its input's delta, {@code Δ(op(R)) =
     * op(ΔR)}, reading no state (after Feldera's {@code ILinear}).
     *
     * @return whether the operator is linear
     */
    default boolean linear() {
        return false;
    }

    /**
     * Exhaustive dispatch over every operator of both layers. Replace with a pattern switch when the baseline is
     * Java 21.
     *
     * @param <R> the result type
     */
    interface Visitor<R> extends Body.Visitor<R>, Top.Visitor<R> {}

    /**
     * Checks that a rebuild got as many inputs as the operator has, of the expected layer.
     *
     * @param op the operator being rebuilt
     * @param inputs the new inputs
     * @param layer the layer its inputs belong to
     * @param <T> that layer
     * @return the inputs, typed
     */
    static <T extends RelOp> List<T> checkInputs(RelOp op, List<? extends RelOp> inputs, Class<T> layer) {
        if (inputs.size() != op.inputs().size()) {
            throw new IllegalArgumentException("internal error: " + op.getClass().getSimpleName() + " takes "
                    + op.inputs().size() + " inputs, not " + inputs.size());
        }
        for (RelOp input : inputs) {
            if (!layer.isInstance(input)) {
                throw new IllegalArgumentException("internal error: " + op.getClass().getSimpleName() + " over a "
                        + input.getClass().getSimpleName());
            }
        }
        return inputs.stream().map(layer::cast).toList();
    }
}

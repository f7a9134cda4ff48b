package dev.trickle.jooq.plan;

import java.util.List;

/**
 * The top layer of a plan: the one operator over the body that defines the storage table's rows, their identity
 * and their output columns: a projection or an aggregate ({@link TopK.Inner}), or a top-k of one of them.
 */
public sealed interface Top extends RelOp permits TopK.Inner, TopK {

    /** @return the body it reads (a top-k's: the body its inner operator reads) */
    Body input();

    /** @return the output columns, in order */
    List<OutputColumnExpr> outputs();

    @Override
    default List<? extends RelOp> inputs() {
        return List.of(input());
    }

    /**
     * Rebuilds the operator over another body.
     *
     * @param input the new body
     * @return the rebuilt operator
     */
    Top withInput(Body input);

    @Override
    default Top withInputs(List<? extends RelOp> inputs) {
        return withInput(RelOp.checkInputs(this, inputs, Body.class).get(0));
    }

    /**
     * Dispatches to the visitor method for this operator.
     *
     * @param visitor the visitor of the top layer
     * @param <R> the visitor's result type
     * @return the visitor's result
     */
    <R> R accept(Visitor<R> visitor);

    @Override
    default <R> R accept(RelOp.Visitor<R> visitor) {
        return accept((Visitor<R>) visitor);
    }

    /**
     * Exhaustive dispatch over the top layer.
     *
     * @param <R> the result type
     */
    interface Visitor<R> {
        /**
         * @param op the projection
         * @return the result
         */
        R visitProject(Project op);

        /**
         * @param op the aggregate
         * @return the result
         */
        R visitAggregate(Aggregate op);

        /**
         * @param op the top-k
         * @return the result
         */
        R visitTopK(TopK op);
    }
}

package dev.trickle.jooq.plan;

import java.util.List;

/**
 * A relational operator of a stream table's plan. Immutable; equal plans print equal ({@link PlanPrinter}).
 *
 * <p>Adding an operator adds a method to {@link Visitor}, so every pass over plans fails to compile until it handles
 * the new operator.
 */
public sealed interface RelOp permits Scan, Filter, Project, InnerJoin, Aggregate {

    /**
     * Dispatches to the visitor method for this operator.
     *
     * @param visitor the visitor
     * @param <R> the visitor's result type
     * @return the visitor's result
     */
    <R> R accept(Visitor<R> visitor);

    /** @return the operator's inputs, left to right */
    List<RelOp> inputs();

    /**
     * Whether the operator is linear: its delta is the operator applied to its input's delta, {@code Δ(op(R)) =
     * op(ΔR)}, reading no state (after Feldera's {@code ILinear}).
     *
     * @return whether the operator is linear
     */
    default boolean linear() {
        return false;
    }

    /** Exhaustive dispatch over the operators. Replace with a pattern switch when the baseline is Java 21. */
    interface Visitor<R> {
        /**
         * @param op the scan
         * @return the result
         */
        R visitScan(Scan op);

        /**
         * @param op the filter
         * @return the result
         */
        R visitFilter(Filter op);

        /**
         * @param op the projection
         * @return the result
         */
        R visitProject(Project op);

        /**
         * @param op the join
         * @return the result
         */
        R visitInnerJoin(InnerJoin op);

        /**
         * @param op the aggregate
         * @return the result
         */
        R visitAggregate(Aggregate op);
    }
}

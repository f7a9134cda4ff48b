package dev.trickle.jooq.plan;

import java.util.List;

/**
 * The body layer of a plan: operators over sources whose delta is a sum of signed terms, each a product of sources
 * (current, changed or NULL-padded) under a conjunction of conditions: scans, filters, inner and outer joins, semi
 * and anti joins;
 * {@code UNION ALL} belongs here too.
 */
public sealed interface Body extends RelOp permits Scan, Filter, InnerJoin, OuterJoin, GroupedBody, SemiJoin,
        UnionAll {

    @Override
    List<Body> inputs();

    @Override
    Body withInputs(List<? extends RelOp> inputs);

    /**
     * Dispatches to the visitor method for this operator.
     *
     * @param visitor the visitor of the body layer
     * @param <R> the visitor's result type
     * @return the visitor's result
     */
    <R> R accept(Visitor<R> visitor);

    @Override
    default <R> R accept(RelOp.Visitor<R> visitor) {
        return accept((Visitor<R>) visitor);
    }

    /**
     * Exhaustive dispatch over the body layer.
     *
     * @param <R> the result type
     */
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
         * @param op the join
         * @return the result
         */
        R visitInnerJoin(InnerJoin op);

        /**
         * @param op the outer join
         * @return the result
         */
        R visitOuterJoin(OuterJoin op);

        /**
         * @param op the grouped relation
         * @return the result
         */
        R visitGrouped(GroupedBody op);

        /**
         * @param op the semi or anti join
         * @return the result
         */
        R visitSemiJoin(SemiJoin op);

        /**
         * @param op the union
         * @return the result
         */
        R visitUnionAll(UnionAll op);
    }
}

package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;

/**
 * {@code ORDER BY order LIMIT limit OFFSET offset} over a projection or an aggregate: the rows of {@code inner} ranked
 * {@code offset + 1} to {@code offset + limit} by {@code order}, then by the row identity ({@code __pgt_row_id}),
 * which breaks every tie so that the kept rows are determined. It wraps a top operator, not a body, and only the
 * ones {@link Inner} permits: a top-k of a top-k cannot be built.
 *
 * @param inner the ranked operator
 * @param order the sort keys, each an output column of {@code inner}; the row identity follows them
 * @param limit how many rows to keep, at least 0
 * @param offset how many rows to skip first, at least 0
 */
public record TopK(Inner inner, List<SortKey> order, long limit, long offset) implements Top {

    /**
     * Checks and copies the components.
     *
     * @param inner the ranked operator
     * @param order the sort keys, each an output column of {@code inner}
     * @param limit how many rows to keep, at least 0
     * @param offset how many rows to skip first, at least 0
     */
    public TopK {
        Objects.requireNonNull(inner, "inner");
        order = List.copyOf(order);
        if (order.isEmpty() || limit < 0 || offset < 0) {
            throw new IllegalArgumentException("internal error: a top-k needs an order, a limit and an offset >= 0");
        }
        List<String> names = inner.outputs().stream().map(OutputColumnExpr::name).toList();
        for (SortKey k : order) {
            if (!names.contains(k.column())) {
                throw new IllegalArgumentException("internal error: sort key '" + k.column() + "' is no output");
            }
        }
    }

    /** The top operators a top-k may rank. */
    public sealed interface Inner extends Top permits Project, Aggregate {
        @Override
        Inner withInput(Body input);
    }

    /**
     * One sort key: an output column, its direction and where its NULLs go.
     *
     * @param column the output column's name
     * @param descending whether {@code DESC}
     * @param nullsFirst whether NULLs sort first (PostgreSQL's default: first under {@code DESC}, last under
     *     {@code ASC})
     */
    public record SortKey(String column, boolean descending, boolean nullsFirst) {
        /**
         * Checks the name.
         *
         * @param column the output column's name
         * @param descending whether {@code DESC}
         * @param nullsFirst whether NULLs sort first
         */
        public SortKey {
            Objects.requireNonNull(column, "column");
        }

        /**
         * Writes the key as an {@code ORDER BY} item, direction and NULL order spelled out.
         *
         * @param quotedColumn the column as the query names it
         * @return the item
         */
        public String sql(String quotedColumn) {
            return quotedColumn + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    @Override
    public Body input() {
        return inner.input();
    }

    @Override
    public List<OutputColumnExpr> outputs() {
        return inner.outputs();
    }

    @Override
    public List<Inner> inputs() {
        return List.of(inner);
    }

    @Override
    public TopK withInput(Body input) {
        return new TopK(inner.withInput(input), order, limit, offset);
    }

    @Override
    public TopK withInputs(List<? extends RelOp> inputs) {
        return new TopK(RelOp.checkInputs(this, inputs, Inner.class).get(0), order, limit, offset);
    }

    @Override
    public <R> R accept(Top.Visitor<R> visitor) {
        return visitor.visitTopK(this);
    }
}

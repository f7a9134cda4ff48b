package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Filter;

/**
 * Differentiates {@link Filter}: {@code Δ(σp(R)) = σp(ΔR)}.
 *
 * <p>Linear, reads no state. An UPDATE arrives as DELETE(old) plus INSERT(new); if it moves a row across {@code p},
 * only one half passes the filter, which is exactly the delete or insert the result needs.
 */
// tag::rule[]
final class FilterDeltaRule implements BodyRule<Filter> {
    @Override
    public DeltaQuery apply(Filter op, Differentiator d) {
        return new DeltaQuery(d.delta(op.input()).terms().stream().map(t -> t.where(op.predicate())).toList());
    }
}
// end::rule[]

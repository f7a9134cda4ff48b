package dev.trickle.jooq.delta;

import java.util.List;

/**
 * The delta of a join-and-filter operator as a sum of terms (a Z-set expression).
 *
 * @param terms the terms, summed with {@code UNION ALL}
 */
public record DeltaQuery(List<Term> terms) {
    /**
     * Copies the terms.
     *
     * @param terms the terms, summed with {@code UNION ALL}
     */
    public DeltaQuery {
        terms = List.copyOf(terms);
    }
}

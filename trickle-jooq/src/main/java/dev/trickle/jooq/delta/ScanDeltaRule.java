package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Scan;
import java.util.List;

/**
 * Differentiates {@link Scan}: {@code Δ(R) = ΔR}, the source's change rows between the frontier and the snapshot.
 *
 * <p>Reads only the change buffer. An UPDATE was captured as its old row with weight -1 and its new row with weight
 * +1, so the delta is exactly {@code R_post - R_pre} as a Z-set, however many times a row changed.
 */
final class ScanDeltaRule implements BodyRule<Scan> {
    @Override
    public DeltaQuery apply(Scan op, Differentiator d) {
        return new DeltaQuery(List.of(new Term(1, List.of(new Source(op, Version.DELTA)), List.of())));
    }
}

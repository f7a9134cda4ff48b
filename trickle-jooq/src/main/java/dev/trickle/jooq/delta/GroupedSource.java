package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.GroupedBody;
import java.util.List;
import java.util.Objects;

/**
 * A grouped relation read at a version, one item of a delta term's FROM list: its rows as of the refresh's snapshot
 * ({@link Version#POST}), its change ({@link Version#DELTA}: the old rows of the groups its input's change touched,
 * weighing -1, and their new rows, weighing +1; see {@link GroupedDeltaRule}), or one row of NULLs.
 *
 * @param grouped the grouped relation
 * @param version which version
 * @param post the post-state of its input
 * @param delta the change of its input, empty unless {@code version} is {@link Version#DELTA}
 */
public record GroupedSource(GroupedBody grouped, Version version, Term post, List<Term> delta) implements From {
    /**
     * Checks and copies the components.
     *
     * @param grouped the grouped relation
     * @param version which version
     * @param post the post-state of its input
     * @param delta the change of its input
     */
    public GroupedSource {
        Objects.requireNonNull(grouped, "grouped");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(post, "post");
        delta = List.copyOf(delta);
    }
}

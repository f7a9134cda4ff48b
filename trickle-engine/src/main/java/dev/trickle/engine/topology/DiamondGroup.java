package dev.trickle.engine.topology;

import dev.trickle.TableName;
import java.util.List;
import java.util.Objects;

/**
 * A diamond: stream tables whose paths from a shared ancestor converge at one stream table. For
 * {@code A -> B -> D} and {@code A -> C -> D}, the convergence is {@code D}, the shared ancestor {@code A}, and the
 * members {@code [B, C, D]}. {@code D} reads {@code A} twice, through {@code B} and through {@code C}, so it sees
 * a consistent {@code A} only if {@code B} and {@code C} were refreshed from the same state of {@code A}; with
 * {@code diamond_consistency = 'atomic'} the members refresh together.
 *
 * @param convergence the stream table where the paths meet
 * @param sharedAncestors the nearest relations (stream tables or base tables) that two of {@code convergence}'s
 *     inputs both depend on, sorted by name; ancestors of these are shared too, but are not listed
 * @param members the stream tables on a path from a shared ancestor to {@code convergence}, excluding the shared
 *     ancestors, in topological order; {@code convergence} is last
 */
public record DiamondGroup(TableName convergence, List<TableName> sharedAncestors, List<TableName> members) {

    /**
     * Copies the lists.
     *
     * @param convergence the stream table where the paths meet
     * @param sharedAncestors the nearest relations (stream tables or base tables) that two of {@code convergence}'s
     *     inputs both depend on, sorted by name; ancestors of these are shared too, but are not listed
     * @param members the stream tables on a path from a shared ancestor to {@code convergence}, excluding the shared
     *     ancestors, in topological order; {@code convergence} is last
     */
    public DiamondGroup {
        Objects.requireNonNull(convergence, "convergence");
        sharedAncestors = List.copyOf(sharedAncestors);
        members = List.copyOf(members);
    }
}

package dev.trickle.engine.topology;

import dev.trickle.TableName;
import java.util.List;

/**
 * Stream tables that must refresh together for {@code diamond_consistency = 'atomic'}: the members of diamonds that
 * share a stream table, merged. Two diamonds converging at {@code D} and {@code E} that both contain {@code C}
 * form one group, because refreshing {@code C} for one of them changes what the other reads.
 *
 * @param convergencePoints the convergence stream tables of the merged diamonds, in topological order; the place
 *     to read {@code diamond_schedule_policy} from
 * @param members every member of the merged diamonds, in topological order (the order to refresh them in)
 */
public record ConsistencyGroup(List<TableName> convergencePoints, List<TableName> members) {

    /**
     * Copies the lists.
     *
     * @param convergencePoints the convergence stream tables of the merged diamonds, in topological order; the place
     *     to read {@code diamond_schedule_policy} from
     * @param members every member of the merged diamonds, in topological order (the order to refresh them in)
     */
    public ConsistencyGroup {
        convergencePoints = List.copyOf(convergencePoints);
        members = List.copyOf(members);
    }
}

package dev.trickle.engine.scheduler;

import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.dag.DependencyGraph;
import dev.trickle.engine.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides which stream tables a tick refreshes, in which order. Pure: the catalog state, the graph, the resolved
 * schedules, the time and the backoff state in, an ordered list out.
 *
 * <p>A stream table is due when it is ACTIVE, its effective schedule says its data ({@code data_timestamp}) is old
 * enough, it is not waiting out a backoff, and every stream table upstream of it is ACTIVE (a failing stream table's
 * dependents wait for it). Due stream tables come in topological order, upstream first.
 */
final class TickPlanner {
    private TickPlanner() {}

    static List<CatalogState.Table> due(CatalogState state, DependencyGraph graph, Map<TableName, Schedule> schedules,
            Instant now, Predicate<Long> waiting) {
        List<CatalogState.Table> due = new ArrayList<>();
        for (TableName name : graph.topologicalOrder()) {
            CatalogState.Table t = state.tables().get(name);
            if (t == null || t.status() != StreamTableStatus.ACTIVE || waiting.test(t.id())) {
                continue;
            }
            Schedule schedule = schedules.get(name);
            if (schedule == null || !schedule.isDue(t.dataTimestamp(), now)) {
                continue;
            }
            boolean upstreamHealthy = graph.upstream(name).stream()
                    .map(state.tables()::get)
                    .allMatch(u -> u == null || u.status() == StreamTableStatus.ACTIVE);
            if (upstreamHealthy) {
                due.add(t);
            }
        }
        return due;
    }
}

package dev.trickle.engine.dag;

import dev.trickle.TableName;
import dev.trickle.engine.schedule.Schedule;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves {@code calculated} schedules, downstream first: a {@code calculated} stream table takes the shortest
 * interval among the effective schedules of its direct readers (already resolved, so the requirement propagates
 * up a chain), ignoring cron readers, or the fallback when no reader has an interval. pg_trickle iterates
 * {@code MIN(effective_schedule)} over direct dependents to a fixed point; one pass in reverse topological order
 * reaches the same result.
 */
final class CalculatedSchedules {
    private CalculatedSchedules() {}

    static Map<TableName, Schedule> resolve(DependencyGraph graph, Map<TableName, Schedule> own, Duration fallback) {
        Schedule fallbackSchedule = Schedule.every(Objects.requireNonNull(fallback, "fallback"));
        for (TableName name : own.keySet()) {
            if (!graph.isStreamTable(name)) {
                throw new IllegalArgumentException("schedule given for '" + name
                        + "', which is not a stream table in the dependency graph");
            }
        }
        List<TableName> order = graph.topologicalOrder();
        Map<TableName, Schedule> effective = new HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            TableName table = order.get(i);
            Schedule schedule = Objects.requireNonNull(own.getOrDefault(table, Schedule.calculated()), "schedule");
            if (schedule.kind() == Schedule.Kind.CALCULATED) {
                schedule = tightestReader(graph, table, effective).orElse(fallbackSchedule);
            }
            effective.put(table, schedule);
        }
        Map<TableName, Schedule> inOrder = new LinkedHashMap<>();
        order.forEach(table -> inOrder.put(table, effective.get(table)));
        return inOrder;
    }

    private static Optional<Schedule> tightestReader(
            DependencyGraph graph, TableName table, Map<TableName, Schedule> effective) {
        return graph.dependents(table).stream()
                .map(reader -> effective.get(reader).interval())
                .flatMap(Optional::stream)
                .min(Duration::compareTo)
                .map(Schedule::every);
    }
}

package dev.trickle.engine.topology;

import dev.trickle.TableName;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves {@code calculated} schedules in two passes. Downstream first: a {@code calculated} stream table takes the
 * shortest interval among the effective schedules of its direct readers (already resolved, so the requirement
 * propagates up a chain), ignoring cron readers. pg_trickle iterates {@code MIN(effective_schedule)} over direct
 * dependents to a fixed point; one pass in reverse topological order reaches the same result. Then upstream first:
 * a {@code calculated} stream table that no reader constrains follows the stream tables it reads, taking the
 * shortest interval among theirs, so that the scheduler's cascade refreshes it in the tick its sources refresh
 * (a downstream stream table without a schedule does not lag its upstream); one that reads only base tables, or
 * only cron-scheduled stream tables, gets the fallback ({@code defaultSchedule}).
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
        Set<TableName> unconstrained = new HashSet<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            TableName table = order.get(i);
            Schedule schedule = Objects.requireNonNull(own.getOrDefault(table, Schedule.calculated()), "schedule");
            if (schedule.kind() == Schedule.Kind.CALCULATED) {
                Optional<Schedule> byReaders = tightest(graph.dependents(table), effective);
                if (byReaders.isEmpty()) {
                    unconstrained.add(table);
                    continue;
                }
                schedule = byReaders.get();
            }
            effective.put(table, schedule);
        }
        Map<TableName, Schedule> inOrder = new LinkedHashMap<>();
        for (TableName table : order) {
            if (unconstrained.contains(table)) {
                effective.put(table, tightest(graph.sources(table), effective).orElse(fallbackSchedule));
            }
            inOrder.put(table, effective.get(table));
        }
        return inOrder;
    }

    /** @return the shortest interval among the effective schedules of those of {@code tables} resolved so far */
    private static Optional<Schedule> tightest(List<TableName> tables, Map<TableName, Schedule> effective) {
        return tables.stream()
                .map(effective::get)
                .filter(Objects::nonNull)
                .map(Schedule::interval)
                .flatMap(Optional::stream)
                .min(Duration::compareTo)
                .map(Schedule::every);
    }
}

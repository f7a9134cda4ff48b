package dev.trickle.engine.scheduler;

import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.topology.CatalogState;
import dev.trickle.engine.topology.Dag;
import dev.trickle.engine.topology.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides which stream tables a tick refreshes, in which order. Pure: the catalog state, the graph with its
 * resolved schedules, the time and the backoff state in, an ordered list out.
 *
 * <p>A stream table is due when it is ACTIVE, its effective schedule says its data ({@code data_timestamp}) is old
 * enough, it is not waiting out a backoff, and every stream table upstream of it is ACTIVE (a failing stream table's
 * dependents wait for it). A stream table that reads a due one is refreshed in the same tick too (the cascade) when
 * its interval is no longer than that upstream's: a chain of stream tables that inherit one schedule then carries a
 * change to its end in one tick, while a reader with a longer schedule keeps to it. Refreshing earlier than a
 * schedule asks is always allowed: a schedule bounds how stale data may get. Due stream tables come in topological
 * order, upstream first.
 */
final class TickPlanner {
    private TickPlanner() {}

    static List<CatalogState.Table> due(CatalogState state, Dag dag, Instant now, Predicate<Long> waiting) {
        Map<TableName, Schedule> schedules = dag.schedules();
        Map<TableName, Duration> dueIntervals = new HashMap<>();
        List<CatalogState.Table> due = new ArrayList<>();
        for (TableName name : dag.order()) {
            CatalogState.Table t = state.tables().get(name);
            if (t == null || t.status() != StreamTableStatus.ACTIVE || waiting.test(t.id())) {
                continue;
            }
            Schedule schedule = schedules.get(name);
            if (schedule == null) {
                continue;
            }
            boolean cascade = cascades(dag, schedule, dueIntervals, name);
            if (!cascade && !schedule.isDue(t.dataTimestamp(), now)) {
                continue;
            }
            boolean upstreamHealthy = dag.upstreamOf(name).stream()
                    .map(state.tables()::get)
                    .allMatch(u -> u == null || u.status() == StreamTableStatus.ACTIVE);
            if (upstreamHealthy) {
                due.add(t);
                dueIntervals.put(name, schedule.interval().orElse(Duration.ZERO));
            }
        }
        return due;
    }

    /** Whether a due stream table that {@code name} reads directly has an interval at least as long as its own. */
    private static boolean cascades(Dag dag, Schedule schedule, Map<TableName, Duration> dueIntervals,
            TableName name) {
        Optional<Duration> own = schedule.interval();
        if (own.isEmpty()) {
            return false;
        }
        for (TableName source : dag.graph().sources(name)) {
            Duration upstream = dueIntervals.get(source);
            if (upstream != null && own.get().compareTo(upstream) <= 0) {
                return true;
            }
        }
        return false;
    }
}

package dev.trickle.engine.topology;

import dev.trickle.TableName;
import dev.trickle.engine.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of the catalog's stream tables, with what follows from it: each stream table's effective
 * schedule ({@code calculated} ones resolved) and the diamond groups. {@link #persist} writes both to the catalog,
 * where the monitoring functions read them.
 *
 * @param graph the graph
 * @param schedules each stream table's effective schedule
 * @param groups the consistency groups of diamonds
 * @param upstream for each stream table, the relations it reads transitively (computed once: the scheduler asks
 *     for every due stream table on every tick)
 * @param order the stream tables in topological order
 */
public record Dag(DependencyGraph graph, Map<TableName, Schedule> schedules, List<ConsistencyGroup> groups,
        Map<TableName, Set<TableName>> upstream, List<TableName> order) {

    /**
     * Builds the graph of a catalog state.
     *
     * @param state the catalog
     * @param fallback the schedule of calculated stream tables that nothing scheduled reads
     * @return the graph and what follows from it
     * @throws dev.trickle.DependencyCycleException if the stream tables read each other in a cycle
     */
    public static Dag of(CatalogState state, Duration fallback) {
        DependencyGraph graph = DependencyGraph.of(state.sources());
        Map<TableName, Schedule> own = new LinkedHashMap<>();
        for (CatalogState.Table t : state.tables().values()) {
            own.put(t.name(), parse(t.schedule()));
        }
        List<TableName> order = graph.topologicalOrder();
        Map<TableName, Set<TableName>> upstream = new HashMap<>();
        for (TableName t : order) {
            upstream.put(t, graph.ancestors(t));
        }
        return new Dag(graph, graph.effectiveSchedules(own, fallback), graph.consistencyGroups(), upstream,
                List.copyOf(order));
    }

    /**
     * @param name a stream table
     * @return the relations it reads transitively, unordered
     */
    public Set<TableName> upstreamOf(TableName name) {
        return upstream.getOrDefault(name, Set.of());
    }

    /**
     * Writes each stream table's effective schedule and the diamond groups to the catalog. The caller holds the
     * topology lock and read {@code state} after taking it (see {@link Topology#record}): a graph built from a
     * catalog read before the lock could overwrite a newer one.
     *
     * @param c a connection inside a transaction
     * @param state the catalog the graph was built from
     * @throws SQLException if the server fails
     */
    void persist(Connection c, CatalogState state) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Map.Entry<TableName, Schedule> e : schedules.entrySet()) {
            CatalogState.Table t = state.tables().get(e.getKey());
            if (t != null) {
                ids.add(t.id());
                texts.add(e.getValue().toString());
            }
        }
        Jdbc.update(c, """
                UPDATE pgtrickle.pgt_stream_tables s SET effective_schedule = u.schedule
                  FROM unnest(?::bigint[], ?::text[]) AS u(id, schedule)
                 WHERE s.pgt_id = u.id AND s.effective_schedule IS DISTINCT FROM u.schedule""",
                c.createArrayOf("bigint", ids.toArray()), c.createArrayOf("text", texts.toArray()));
        Jdbc.update(c, "DELETE FROM pgtrickle.pgt_diamond_groups");
        Map<TableName, String> policies = new HashMap<>();
        state.tables().values().forEach(t -> policies.put(t.name(), t.diamondSchedulePolicy()));
        for (int g = 0; g < groups.size(); g++) {
            ConsistencyGroup group = groups.get(g);
            String policy = group.convergencePoints().stream().anyMatch(p -> "slowest".equals(policies.get(p)))
                    ? "slowest" : "fastest";
            for (TableName member : group.members()) {
                CatalogState.Table t = state.tables().get(member);
                if (t != null) {
                    Jdbc.update(c, "INSERT INTO pgtrickle.pgt_diamond_groups (group_id, pgt_id, is_convergence,"
                            + " schedule_policy) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", g + 1, t.id(),
                            group.convergencePoints().contains(member), policy);
                }
            }
        }
    }

    private static Schedule parse(String text) {
        try {
            return Schedule.parse(text);
        } catch (RuntimeException e) {
            return Schedule.calculated();
        }
    }
}

package dev.trickle.engine.topology;

import dev.trickle.DependencyCycleException;
import dev.trickle.TableName;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;

/**
 * Which relations each stream table reads: a directed acyclic graph whose nodes are stream tables and the base
 * tables (or views) they read, with an edge from each source to each stream table that reads it, the direction data
 * flows. A node is a stream table once it has been {@link #add added} as one; any other node is a base table.
 *
 * <p>Names are compared as given: use qualified names throughout, as the catalog does. Queries about a name that is
 * not in the graph answer as for a table that reads nothing and that nothing reads. Every list this class returns
 * is in a deterministic order. Not thread-safe: the engine confines a graph to one thread or guards it.
 */
public final class DependencyGraph {
    private final DirectedAcyclicGraph<TableName, DefaultEdge> graph = new DirectedAcyclicGraph<>(DefaultEdge.class);
    private final Set<TableName> streamTables = new LinkedHashSet<>();

    /** Creates an empty graph. */
    public DependencyGraph() {}

    /**
     * Builds a graph from what each stream table reads. Stream tables are added in name order, so the cycle
     * reported for cyclic input does not depend on the map's iteration order.
     *
     * @param sourcesByStreamTable the relations each stream table reads
     * @return the graph
     * @throws DependencyCycleException if the stream tables read each other in a cycle
     */
    public static DependencyGraph of(Map<TableName, ? extends Collection<TableName>> sourcesByStreamTable) {
        DependencyGraph result = new DependencyGraph();
        sourcesByStreamTable.keySet().stream()
                .sorted(TableNames.ORDER)
                .forEach(name -> result.add(name, sourcesByStreamTable.get(name)));
        return result;
    }

    /**
     * Adds a stream table and the relations it reads. A source not yet in the graph is added as a base table; a
     * node already in the graph as a base table (because a stream table read it before it was added) becomes a
     * stream table.
     *
     * @param streamTable the stream table
     * @param sources the relations it reads (duplicates are ignored)
     * @throws DependencyCycleException if the stream table would read itself, directly or through others; the
     *     graph is then unchanged
     * @throws IllegalArgumentException if {@code streamTable} is already a stream table in the graph
     */
    public void add(TableName streamTable, Collection<TableName> sources) {
        Objects.requireNonNull(streamTable, "streamTable");
        if (streamTables.contains(streamTable)) {
            throw new IllegalArgumentException("stream table '" + streamTable + "' is already in the dependency graph");
        }
        connect(streamTable, sortedDistinct(sources));
        streamTables.add(streamTable);
    }

    /**
     * Replaces what a stream table reads, for a changed defining query. Base tables that nothing reads any more
     * leave the graph.
     *
     * @param streamTable a stream table in the graph
     * @param sources the relations it reads now
     * @throws DependencyCycleException if the new sources would make a cycle; the graph is then unchanged
     * @throws IllegalArgumentException if {@code streamTable} is not a stream table in the graph
     */
    public void replaceSources(TableName streamTable, Collection<TableName> sources) {
        requireStreamTable(streamTable);
        List<TableName> newSources = sortedDistinct(sources);
        List<TableName> oldSources = sources(streamTable);
        graph.removeAllEdges(new ArrayList<>(graph.incomingEdgesOf(streamTable)));
        try {
            connect(streamTable, newSources);
        } catch (DependencyCycleException e) {
            oldSources.forEach(source -> graph.addEdge(source, streamTable));
            throw e;
        }
        removeUnread(oldSources);
    }

    /**
     * Removes a stream table. Base tables that nothing reads any more leave the graph.
     *
     * @param streamTable a stream table in the graph
     * @throws IllegalArgumentException if {@code streamTable} is not a stream table in the graph
     * @throws IllegalStateException if other stream tables read it
     */
    public void remove(TableName streamTable) {
        requireStreamTable(streamTable);
        List<TableName> readers = dependents(streamTable);
        if (!readers.isEmpty()) {
            throw new IllegalStateException("stream table '" + streamTable + "' is read by " + readers);
        }
        List<TableName> sources = sources(streamTable);
        graph.removeVertex(streamTable);
        streamTables.remove(streamTable);
        removeUnread(sources);
    }

    /**
     * @param name a relation
     * @return whether {@code name} is a stream table in the graph
     */
    public boolean isStreamTable(TableName name) {
        return streamTables.contains(name);
    }

    /**
     * @param name a relation
     * @return whether {@code name} is in the graph, as a stream table or as a base table that one reads
     */
    public boolean contains(TableName name) {
        return graph.containsVertex(name);
    }

    /**
     * @param name a relation
     * @return the relations {@code name} reads directly, sorted by name
     */
    public List<TableName> sources(TableName name) {
        return contains(name) ? sorted(graph.incomingEdgesOf(name).stream().map(graph::getEdgeSource).toList())
                : List.of();
    }

    /**
     * @param name a relation
     * @return the stream tables that read {@code name} directly, sorted by name
     */
    public List<TableName> dependents(TableName name) {
        return contains(name) ? sorted(graph.outgoingEdgesOf(name).stream().map(graph::getEdgeTarget).toList())
                : List.of();
    }

    /**
     * @param name a relation
     * @return every relation {@code name} reads, directly or through stream tables, base tables included, in
     *     topological order (see {@link #topologicalOrder()}; base tables first)
     */
    public List<TableName> upstream(TableName name) {
        return contains(name) ? inTopologicalOrder(graph.getAncestors(name)) : List.of();
    }

    /**
     * Lists what a relation reads, directly or through stream tables, without ordering it: cheaper than {@link
     * #upstream} when called for every stream table.
     *
     * @param name a relation
     * @return the relations it reads transitively (stream tables and base tables), unordered; empty if unknown
     */
    public Set<TableName> ancestors(TableName name) {
        return contains(name) ? Set.copyOf(graph.getAncestors(name)) : Set.of();
    }

    /**
     * @param name a relation
     * @return every stream table that reads {@code name}, directly or through other stream tables, in topological
     *     order
     */
    public List<TableName> downstream(TableName name) {
        return contains(name) ? inTopologicalOrder(graph.getDescendants(name)) : List.of();
    }

    /**
     * Returns the stream tables in the order to refresh them: every stream table after all stream tables it reads.
     * Among stream tables whose inputs are all refreshed, the smallest name (schema first, unqualified names before
     * qualified ones) comes first, so the order depends only on the graph, not on the order it was built in.
     *
     * @return every stream table, upstream first
     */
    public List<TableName> topologicalOrder() {
        Map<TableName, Integer> waitingFor = new HashMap<>();
        PriorityQueue<TableName> ready = new PriorityQueue<>(TableNames.ORDER);
        for (TableName table : streamTables) {
            int inputs = (int) sources(table).stream().filter(streamTables::contains).count();
            waitingFor.put(table, inputs);
            if (inputs == 0) {
                ready.add(table);
            }
        }
        List<TableName> order = new ArrayList<>(streamTables.size());
        while (!ready.isEmpty()) {
            TableName table = ready.poll();
            order.add(table);
            for (TableName reader : dependents(table)) {
                if (waitingFor.merge(reader, -1, Integer::sum) == 0) {
                    ready.add(reader);
                }
            }
        }
        return order;
    }

    /**
     * Finds the diamonds: for every stream table with two inputs that depend on a common relation, the stream
     * tables on the paths from there to it. A stream table that reads a base table both directly and through
     * another stream table is a diamond too ({@code A -> B -> D}, {@code A -> D}: members {@code [B, D]}), because
     * {@code D} sees two states of {@code A} unless {@code B} refreshes with it.
     *
     * @return one group per convergence stream table, in topological order of the convergence
     */
    public List<DiamondGroup> diamonds() {
        return Diamonds.find(this);
    }

    /**
     * Merges diamonds that share a stream table into the groups that {@code diamond_consistency = 'atomic'}
     * refreshes together. Stream tables in no diamond are in no group.
     *
     * @return the groups, in topological order of their first member
     */
    public List<ConsistencyGroup> consistencyGroups() {
        return Diamonds.merge(diamonds(), positions());
    }

    /**
     * Resolves {@code calculated} schedules. A stream table with its own interval or cron schedule keeps it. A
     * {@code calculated} one gets the shortest interval among the effective schedules of the stream tables that
     * read it directly, which are resolved first, so the tightest requirement anywhere downstream propagates up
     * a chain. Cron-scheduled readers do not take part (as in pg_trickle): they fire at wall-clock times rather
     * than bounding staleness. A {@code calculated} stream table that no interval-scheduled stream table reads
     * follows the stream tables it reads directly: it gets the shortest interval among theirs, so the scheduler's
     * cascade refreshes it in the tick they refresh. One that reads no interval-scheduled stream table gets
     * {@code fallback}.
     *
     * @param schedules each stream table's own schedule; a stream table without an entry is {@code calculated}
     * @param fallback the interval for a {@code calculated} stream table that nothing constrains
     * @return every stream table's effective schedule, never {@code calculated}, in topological order
     * @throws IllegalArgumentException if {@code schedules} names a relation that is not a stream table in the graph,
     *     or {@code fallback} is not a positive whole number of seconds
     */
    public Map<TableName, Schedule> effectiveSchedules(Map<TableName, Schedule> schedules, Duration fallback) {
        return CalculatedSchedules.resolve(this, schedules, fallback);
    }

    /** @return every node's position in a topological order of all nodes: base tables (by name), then stream tables */
    Map<TableName, Integer> positions() {
        Map<TableName, Integer> positions = new HashMap<>();
        graph.vertexSet().stream()
                .filter(node -> !streamTables.contains(node))
                .sorted(TableNames.ORDER)
                .forEach(node -> positions.put(node, positions.size()));
        topologicalOrder().forEach(node -> positions.put(node, positions.size()));
        return positions;
    }



    private void connect(TableName reader, List<TableName> sources) {
        List<TableName> addedNodes = new ArrayList<>();
        List<DefaultEdge> addedEdges = new ArrayList<>();
        if (graph.addVertex(reader)) {
            addedNodes.add(reader);
        }
        for (TableName source : sources) {
            try {
                if (graph.addVertex(source)) {
                    addedNodes.add(source);
                }
                DefaultEdge edge = graph.addEdge(source, reader);
                if (edge != null) {
                    addedEdges.add(edge);
                }
            } catch (IllegalArgumentException e) {
                // JGraphT's GraphCycleProhibitedException, or "loops not allowed" for a self-reference
                graph.removeAllEdges(addedEdges);
                graph.removeAllVertices(addedNodes);
                List<TableName> cycle = cycle(reader, source);
                if (cycle.isEmpty()) {
                    throw e;
                }
                throw new DependencyCycleException(cycle, e);
            }
        }
    }

    /**
     * Returns the cycle that an edge {@code source -> reader} would close: the shortest path from {@code reader} to
     * {@code source} in the direction data flows (ties broken by name), then {@code reader} again; empty if there is
     * no such path.
     */
    private List<TableName> cycle(TableName reader, TableName source) {
        Map<TableName, TableName> cameFrom = new HashMap<>();
        Deque<TableName> queue = new ArrayDeque<>(List.of(reader));
        while (!queue.isEmpty() && !cameFrom.containsKey(source)) {
            TableName node = queue.removeFirst();
            for (TableName next : dependents(node)) {
                if (!next.equals(reader) && cameFrom.putIfAbsent(next, node) == null) {
                    queue.addLast(next);
                }
            }
        }
        Deque<TableName> path = new ArrayDeque<>(List.of(reader));
        for (TableName node = source; !node.equals(reader); node = cameFrom.get(node)) {
            if (!cameFrom.containsKey(node)) {
                return List.of();
            }
            path.addFirst(node);
        }
        path.addFirst(reader);
        return List.copyOf(path);
    }

    private void removeUnread(Collection<TableName> nodes) {
        for (TableName node : nodes) {
            if (!streamTables.contains(node) && graph.containsVertex(node) && graph.outDegreeOf(node) == 0) {
                graph.removeVertex(node);
            }
        }
    }

    private void requireStreamTable(TableName name) {
        if (!streamTables.contains(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("'" + name + "' is not a stream table in the dependency graph");
        }
    }

    private List<TableName> inTopologicalOrder(Collection<TableName> nodes) {
        Map<TableName, Integer> positions = positions();
        return nodes.stream().sorted(Comparator.comparing(positions::get)).toList();
    }

    private static List<TableName> sorted(Collection<TableName> names) {
        return names.stream().sorted(TableNames.ORDER).toList();
    }

    private static List<TableName> sortedDistinct(Collection<TableName> sources) {
        Objects.requireNonNull(sources, "sources");
        return sources.stream().map(source -> Objects.requireNonNull(source, "source")).distinct()
                .sorted(TableNames.ORDER).toList();
    }
}

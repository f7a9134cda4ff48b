package dev.trickle.engine.topology;

import static dev.trickle.engine.topology.DependencyGraphTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.trickle.DependencyCycleException;
import dev.trickle.TableName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Builds 50 seeded random graphs, as JGraphT's {@code testCycleDetectionInRandomGraphBuild} does, and checks the
 * graph against a plain adjacency-map oracle: an addition is rejected exactly when it would close a cycle, the
 * reported cycle is real, a rejection changes nothing, the topological order puts every source before its reader,
 * and upstream/downstream match reachability.
 */
class DependencyGraphOracleTest {
    private static final int GRAPHS = 50;

    @Test
    void add_seededRandomGraphs_agreesWithOracle() {
        int rejected = 0;
        int edges = 0;
        for (long seed = 0; seed < GRAPHS; seed++) {
            Random random = new Random(seed);
            List<TableName> names = IntStream.range(0, 5 + random.nextInt(26))
                    .mapToObj(i -> TableName.of("t" + i)).toList();
            DependencyGraph graph = new DependencyGraph();
            Map<TableName, Set<TableName>> readsFrom = new HashMap<>();
            List<TableName> order = new ArrayList<>(names);
            Collections.shuffle(order, random);
            for (TableName reader : order) {
                Set<TableName> sources = randomSources(names, random);
                if (sources.stream().anyMatch(source -> reaches(readsFrom, reader, source))) {
                    assertRejected(graph, names, readsFrom, reader, sources, seed);
                    rejected++;
                } else {
                    graph.add(reader, sources);
                    readsFrom.put(reader, sources);
                    edges += sources.size();
                }
            }
            assertOrderRespectsEveryEdge(graph, readsFrom, seed);
            assertReachability(graph, names, readsFrom, seed);
        }
        // the generator must exercise both outcomes, or the test proves little
        assertThat(rejected).isGreaterThan(GRAPHS);
        assertThat(edges).isGreaterThan(10 * GRAPHS);
    }

    private static Set<TableName> randomSources(List<TableName> names, Random random) {
        Set<TableName> sources = new LinkedHashSet<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            sources.add(names.get(random.nextInt(names.size())));
        }
        return sources;
    }

    private static void assertRejected(DependencyGraph graph, List<TableName> names,
            Map<TableName, Set<TableName>> readsFrom, TableName reader, Set<TableName> sources, long seed) {
        Map<TableName, List<Object>> before = snapshot(graph, names);
        assertThatThrownBy(() -> graph.add(reader, sources))
                .as("seed %d: adding %s reading %s", seed, reader, sources)
                .isInstanceOfSatisfying(DependencyCycleException.class, e -> {
                    List<TableName> cycle = e.cycle();
                    assertThat(cycle.get(0)).isEqualTo(reader);
                    assertThat(cycle.get(cycle.size() - 1)).isEqualTo(reader);
                    for (int i = 0; i + 1 < cycle.size(); i++) {
                        TableName from = cycle.get(i);
                        TableName to = cycle.get(i + 1);
                        boolean existing = readsFrom.getOrDefault(to, Set.of()).contains(from);
                        boolean added = to.equals(reader) && sources.contains(from);
                        assertThat(existing || added).as("seed %d: %s -> %s in %s", seed, from, to, cycle).isTrue();
                    }
                });
        assertThat(snapshot(graph, names)).as("seed %d: unchanged after rejection", seed).isEqualTo(before);
    }

    private static void assertOrderRespectsEveryEdge(
            DependencyGraph graph, Map<TableName, Set<TableName>> readsFrom, long seed) {
        List<TableName> order = graph.topologicalOrder();
        assertThat(order).as("seed %d", seed).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(readsFrom.keySet());
        for (Map.Entry<TableName, Set<TableName>> entry : readsFrom.entrySet()) {
            for (TableName source : entry.getValue()) {
                if (readsFrom.containsKey(source) && order.indexOf(source) >= order.indexOf(entry.getKey())) {
                    fail("seed %d: %s reads %s but comes first in %s", seed, entry.getKey(), source, order);
                }
            }
        }
    }

    private static void assertReachability(
            DependencyGraph graph, List<TableName> names, Map<TableName, Set<TableName>> readsFrom, long seed) {
        for (TableName name : names) {
            Set<TableName> expectedDownstream = new HashSet<>();
            Set<TableName> expectedUpstream = new HashSet<>();
            for (TableName other : names) {
                if (!other.equals(name) && reaches(readsFrom, name, other)) {
                    expectedDownstream.add(other);
                }
                if (!other.equals(name) && reaches(readsFrom, other, name)) {
                    expectedUpstream.add(other);
                }
            }
            assertThat(graph.downstream(name)).as("seed %d: downstream of %s", seed, name)
                    .containsExactlyInAnyOrderElementsOf(expectedDownstream);
            assertThat(graph.upstream(name)).as("seed %d: upstream of %s", seed, name)
                    .containsExactlyInAnyOrderElementsOf(expectedUpstream);
        }
    }

    /** Whether data flows from {@code from} to {@code to} (or they are the same table), by breadth-first search. */
    private static boolean reaches(Map<TableName, Set<TableName>> readsFrom, TableName from, TableName to) {
        Set<TableName> seen = new HashSet<>(List.of(from));
        Deque<TableName> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            TableName node = queue.removeFirst();
            if (node.equals(to)) {
                return true;
            }
            readsFrom.forEach((reader, sources) -> {
                if (sources.contains(node) && seen.add(reader)) {
                    queue.addLast(reader);
                }
            });
        }
        return false;
    }
}

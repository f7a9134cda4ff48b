package dev.trickle.engine.topology;

import dev.trickle.TableName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds diamonds, after pg_trickle's {@code detect_diamonds}: a stream table {@code D} is a convergence point when
 * two of its direct inputs {@code u} and {@code v} depend on a common relation, that is, when
 * {@code ancestors*(u) ∩ ancestors*(v)} (each including the input itself) is not empty. The members are {@code D}
 * and every stream table, outside that intersection, that lies on a path from a node of the intersection through
 * {@code u} or {@code v} to {@code D}. Unlike pg_trickle, a stream table that feeds {@code u} but does not itself
 * depend on the shared part is not a member: its state does not affect the consistency of {@code D}.
 */
final class Diamonds {
    private Diamonds() {}

    static List<DiamondGroup> find(DependencyGraph graph) {
        List<DiamondGroup> diamonds = new ArrayList<>();
        Map<TableName, Integer> positions = graph.positions();
        for (TableName node : graph.topologicalOrder()) {
            List<TableName> inputs = graph.sources(node);
            if (inputs.size() < 2) {
                continue;
            }
            List<Set<TableName>> branches = inputs.stream().map(input -> withAncestors(graph, input)).toList();
            Set<TableName> shared = new HashSet<>();
            Set<TableName> members = new HashSet<>();
            for (int i = 0; i < branches.size(); i++) {
                for (int j = i + 1; j < branches.size(); j++) {
                    addPair(graph, branches.get(i), branches.get(j), shared, members);
                }
            }
            if (!shared.isEmpty()) {
                shared.removeAll(members);
                members.add(node);
                diamonds.add(new DiamondGroup(node, nearest(graph, shared), ordered(members, positions)));
            }
        }
        return diamonds;
    }

    /** Adds what two branches into a convergence point share, and the stream tables on their paths from there. */
    private static void addPair(
            DependencyGraph graph, Set<TableName> left, Set<TableName> right, Set<TableName> shared,
            Set<TableName> members) {
        Set<TableName> common = new HashSet<>(left);
        common.retainAll(right);
        if (common.isEmpty()) {
            return;
        }
        shared.addAll(common);
        Set<TableName> either = new HashSet<>(left);
        either.addAll(right);
        for (TableName node : either) {
            if (graph.isStreamTable(node) && !common.contains(node)
                    && !Collections.disjoint(graph.ancestors(node), common)) {
                members.add(node);
            }
        }
    }

    static List<ConsistencyGroup> merge(List<DiamondGroup> diamonds, Map<TableName, Integer> positions) {
        List<Set<TableName>> memberSets = new ArrayList<>();
        List<Set<TableName>> convergenceSets = new ArrayList<>();
        for (DiamondGroup diamond : diamonds) {
            Set<TableName> members = new HashSet<>(diamond.members());
            Set<TableName> convergence = new HashSet<>(Set.of(diamond.convergence()));
            Iterator<Set<TableName>> memberIt = memberSets.iterator();
            Iterator<Set<TableName>> convergenceIt = convergenceSets.iterator();
            while (memberIt.hasNext()) {
                Set<TableName> existing = memberIt.next();
                Set<TableName> existingConvergence = convergenceIt.next();
                if (!Collections.disjoint(existing, members)) {
                    members.addAll(existing);
                    convergence.addAll(existingConvergence);
                    memberIt.remove();
                    convergenceIt.remove();
                }
            }
            memberSets.add(members);
            convergenceSets.add(convergence);
        }
        List<ConsistencyGroup> groups = new ArrayList<>();
        for (int i = 0; i < memberSets.size(); i++) {
            groups.add(new ConsistencyGroup(
                    ordered(convergenceSets.get(i), positions), ordered(memberSets.get(i), positions)));
        }
        groups.sort(Comparator.comparing(group -> positions.get(group.members().get(0))));
        return groups;
    }

    private static Set<TableName> withAncestors(DependencyGraph graph, TableName node) {
        Set<TableName> result = new HashSet<>(graph.ancestors(node));
        result.add(node);
        return result;
    }

    /** Keeps the nodes that have no descendant in {@code nodes}: where the converging paths fork. */
    private static List<TableName> nearest(DependencyGraph graph, Set<TableName> nodes) {
        Set<TableName> covered = new HashSet<>();
        for (TableName node : nodes) {
            covered.addAll(graph.ancestors(node));
        }
        return nodes.stream().filter(node -> !covered.contains(node)).sorted(TableNames.ORDER).toList();
    }

    private static List<TableName> ordered(Set<TableName> nodes, Map<TableName, Integer> positions) {
        return nodes.stream().sorted(Comparator.comparing(positions::get)).toList();
    }
}

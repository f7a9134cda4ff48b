package dev.trickle.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.DependencyCycleException;
import dev.trickle.TableName;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Building the graph, rejecting cycles, and the order and neighbourhood queries. */
class DependencyGraphTest {

    static TableName t(String name) {
        return TableName.of(name);
    }

    static List<TableName> ts(String... names) {
        return Arrays.stream(names).map(DependencyGraphTest::t).toList();
    }

    /** Everything observable about the nodes named, to compare before and after a rejected change. */
    static Map<TableName, List<Object>> snapshot(DependencyGraph graph, List<TableName> universe) {
        Map<TableName, List<Object>> snapshot = new LinkedHashMap<>();
        for (TableName name : universe) {
            snapshot.put(name, List.of(graph.contains(name), graph.isStreamTable(name), graph.sources(name),
                    graph.dependents(name)));
        }
        snapshot.put(t("__order"), List.of(graph.topologicalOrder()));
        return snapshot;
    }

    @Test
    void add_selfReference_throwsCycleOfOne() {
        DependencyGraph graph = new DependencyGraph();

        assertThatThrownBy(() -> graph.add(t("a"), ts("a")))
                .isInstanceOfSatisfying(DependencyCycleException.class, e -> {
                    assertThat(e.cycle()).isEqualTo(ts("a", "a"));
                    assertThat(e.streamTable()).isEqualTo(t("a"));
                })
                .hasMessage("stream table 'a' would depend on itself: a -> a")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(graph.contains(t("a"))).isFalse();
    }

    @Test
    void add_twoNodeCycle_throwsAndListsCycle() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("b"));

        assertThatThrownBy(() -> graph.add(t("b"), ts("a")))
                .isInstanceOfSatisfying(DependencyCycleException.class,
                        e -> assertThat(e.cycle()).isEqualTo(ts("b", "a", "b")))
                .hasMessage("stream table 'b' would depend on itself: b -> a -> b");
    }

    @Test
    void add_threeNodeCycle_throwsInDataFlowOrder() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("b"));

        assertThatThrownBy(() -> graph.add(t("a"), ts("c")))
                .isInstanceOfSatisfying(DependencyCycleException.class,
                        e -> assertThat(e.cycle()).isEqualTo(ts("a", "b", "c", "a")))
                .hasMessage("stream table 'a' would depend on itself: a -> b -> c -> a")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void add_cycle_leavesGraphUnchanged() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("b"), ts("a", "x"));
        graph.add(t("c"), ts("b"));
        List<TableName> universe = ts("a", "b", "c", "x", "y", "z");
        Map<TableName, List<Object>> before = snapshot(graph, universe);

        // y sorts before c, so its edge is added (and must be taken back) before c's edge fails
        assertThatThrownBy(() -> graph.add(t("a"), ts("z", "y", "c")))
                .isInstanceOf(DependencyCycleException.class);

        assertThat(snapshot(graph, universe)).isEqualTo(before);
        assertThat(graph.isStreamTable(t("a"))).isFalse();
        assertThat(graph.contains(t("y"))).isFalse();
    }

    @Test
    void add_sameStreamTableTwice_isIllegalArgument() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));

        assertThatThrownBy(() -> graph.add(t("a"), ts("y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream table 'a' is already in the dependency graph");
    }

    @Test
    void add_sourceAddedLater_becomesStreamTable() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("report"), ts("stats"));
        assertThat(graph.isStreamTable(t("stats"))).isFalse();

        graph.add(t("stats"), ts("employees"));

        assertThat(graph.isStreamTable(t("stats"))).isTrue();
        assertThat(graph.topologicalOrder()).isEqualTo(ts("stats", "report"));
    }

    @Test
    void of_map_addsInNameOrderAndRejectsCycles() {
        DependencyGraph graph = DependencyGraph.of(Map.of(
                t("report"), ts("stats"), t("stats"), ts("tree", "employees"), t("tree"), ts("departments")));

        assertThat(graph.topologicalOrder()).isEqualTo(ts("tree", "stats", "report"));
        assertThatThrownBy(() -> DependencyGraph.of(Map.of(t("a"), ts("c"), t("b"), ts("a"), t("c"), ts("b"))))
                .hasMessage("stream table 'c' would depend on itself: c -> a -> b -> c");
    }

    @Test
    void topologicalOrder_independentTables_sortedByName() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("c"), ts("x"));
        graph.add(new TableName("s", "a"), ts("x"));
        graph.add(t("a"), ts("y"));
        graph.add(t("b"), List.of());

        assertThat(graph.topologicalOrder()).containsExactly(t("a"), t("b"), t("c"), new TableName("s", "a"));
    }

    @Test
    void topologicalOrder_readyTablesByName_notByBaseTables() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("x"), ts("a_base"));
        graph.add(t("b"), ts("z_base"));
        graph.add(t("a"), ts("x", "b"));

        assertThat(graph.topologicalOrder()).isEqualTo(ts("b", "x", "a"));
    }

    @Test
    void neighbourhood_ofTutorialDag_isTransitiveAndOrdered() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("department_tree"), ts("departments"));
        graph.add(t("department_stats"), ts("department_tree", "employees"));
        graph.add(t("department_report"), ts("department_stats"));

        assertThat(graph.sources(t("department_stats"))).isEqualTo(ts("department_tree", "employees"));
        assertThat(graph.dependents(t("departments"))).isEqualTo(ts("department_tree"));
        assertThat(graph.upstream(t("department_report")))
                .isEqualTo(ts("departments", "employees", "department_tree", "department_stats"));
        assertThat(graph.downstream(t("departments")))
                .isEqualTo(ts("department_tree", "department_stats", "department_report"));
        assertThat(graph.downstream(t("department_report"))).isEmpty();
        assertThat(graph.upstream(t("unknown"))).isEmpty();
        assertThat(graph.dependents(t("unknown"))).isEmpty();
    }

    @Test
    void replaceSources_newQuery_swapsEdgesAndDropsUnreadBaseTables() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x", "y"));
        graph.add(t("b"), ts("y"));

        graph.replaceSources(t("a"), ts("z", "b"));

        assertThat(graph.sources(t("a"))).isEqualTo(ts("b", "z"));
        assertThat(graph.contains(t("x"))).isFalse();
        assertThat(graph.contains(t("y"))).isTrue();
        assertThat(graph.topologicalOrder()).isEqualTo(ts("b", "a"));
    }

    @Test
    void replaceSources_cycle_leavesGraphUnchanged() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        List<TableName> universe = ts("a", "b", "w", "x");
        Map<TableName, List<Object>> before = snapshot(graph, universe);

        assertThatThrownBy(() -> graph.replaceSources(t("a"), ts("w", "b")))
                .isInstanceOfSatisfying(DependencyCycleException.class,
                        e -> assertThat(e.cycle()).isEqualTo(ts("a", "b", "a")));

        assertThat(snapshot(graph, universe)).isEqualTo(before);
    }

    @Test
    void remove_unreadStreamTable_removesItAndUnreadSources() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x", "y"));
        graph.add(t("b"), ts("a", "y"));

        graph.remove(t("b"));

        assertThat(graph.contains(t("b"))).isFalse();
        assertThat(graph.dependents(t("a"))).isEmpty();
        assertThat(graph.contains(t("y"))).isTrue();
        assertThat(graph.isStreamTable(t("a"))).isTrue();
    }

    @Test
    void remove_readStreamTable_isIllegalStateAndUnchanged() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));

        assertThatThrownBy(() -> graph.remove(t("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stream table 'a' is read by [b]");
        assertThatThrownBy(() -> graph.remove(t("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'x' is not a stream table in the dependency graph");
        assertThat(graph.topologicalOrder()).isEqualTo(ts("a", "b"));
        assertThat(Set.copyOf(graph.upstream(t("b")))).isEqualTo(Set.of(t("a"), t("x")));
    }
}

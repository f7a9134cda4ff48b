package dev.trickle.engine.topology;

import static dev.trickle.engine.topology.DependencyGraphTest.t;
import static dev.trickle.engine.topology.DependencyGraphTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Diamond detection and the consistency groups that merge overlapping diamonds. Lower-case x, y: base tables. */
class DependencyDiamondTest {

    @Test
    void diamonds_simpleDiamond_oneGroupConvergingAtD() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("a"));
        graph.add(t("d"), ts("b", "c"));

        assertThat(graph.diamonds()).containsExactly(new DiamondGroup(t("d"), ts("a"), ts("b", "c", "d")));
        assertThat(graph.consistencyGroups()).containsExactly(new ConsistencyGroup(ts("d"), ts("b", "c", "d")));
    }

    @Test
    void diamonds_sharedBaseTable_isDiamond() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("b"), ts("x"));
        graph.add(t("c"), ts("x", "y"));
        graph.add(t("d"), ts("b", "c"));

        assertThat(graph.diamonds()).containsExactly(new DiamondGroup(t("d"), ts("x"), ts("b", "c", "d")));
    }

    @Test
    void diamonds_baseTableReadDirectlyAndThroughStreamTable_isDiamond() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("b"), ts("x"));
        graph.add(t("d"), ts("x", "b"));

        assertThat(graph.diamonds()).containsExactly(new DiamondGroup(t("d"), ts("x"), ts("b", "d")));
    }

    @Test
    void diamonds_chain_none() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("b"));

        assertThat(graph.diamonds()).isEmpty();
        assertThat(graph.consistencyGroups()).isEmpty();
    }

    @Test
    void diamonds_joinOfUnrelatedInputs_none() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("b"), ts("x"));
        graph.add(t("c"), ts("y"));
        graph.add(t("d"), ts("b", "c"));

        assertThat(graph.diamonds()).isEmpty();
    }

    @Test
    void diamonds_sideInputNotFromSharedAncestor_isNotMember() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("w"), ts("y"));
        graph.add(t("b"), ts("a", "w"));
        graph.add(t("c"), ts("a"));
        graph.add(t("d"), ts("b", "c"));

        // members in topological order: b waits for w, which sorts after c
        assertThat(graph.topologicalOrder()).isEqualTo(ts("a", "c", "w", "b", "d"));
        assertThat(graph.diamonds()).containsExactly(new DiamondGroup(t("d"), ts("a"), ts("c", "b", "d")));
    }

    @Test
    void diamonds_nested_innerAndOuterMergeIntoOneGroup() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("a"));
        graph.add(t("d"), ts("b", "c"));
        graph.add(t("e"), ts("x"));
        graph.add(t("f"), ts("d", "e"));

        assertThat(graph.diamonds()).containsExactly(
                new DiamondGroup(t("d"), ts("a"), ts("b", "c", "d")),
                new DiamondGroup(t("f"), ts("x"), ts("a", "b", "c", "d", "e", "f")));
        assertThat(graph.consistencyGroups())
                .containsExactly(new ConsistencyGroup(ts("d", "f"), ts("a", "b", "c", "d", "e", "f")));
    }

    @Test
    void diamonds_twoSharingAStreamTable_mergeIntoOneConsistencyGroup() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("a"));
        graph.add(t("d"), ts("b", "c"));
        graph.add(t("f"), ts("a"));
        graph.add(t("e"), ts("c", "f"));

        assertThat(graph.topologicalOrder()).isEqualTo(ts("a", "b", "c", "d", "f", "e"));
        assertThat(graph.diamonds()).containsExactly(
                new DiamondGroup(t("d"), ts("a"), ts("b", "c", "d")),
                new DiamondGroup(t("e"), ts("a"), ts("c", "f", "e")));
        assertThat(graph.consistencyGroups())
                .containsExactly(new ConsistencyGroup(ts("d", "e"), ts("b", "c", "d", "f", "e")));
    }

    @Test
    void diamonds_twoIndependent_twoGroupsInTopologicalOrder() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("p2"), ts("y"));
        graph.add(t("q2"), ts("y"));
        graph.add(t("r2"), ts("p2", "q2"));
        graph.add(t("p1"), ts("x"));
        graph.add(t("q1"), ts("x"));
        graph.add(t("r1"), ts("p1", "q1"));

        List<ConsistencyGroup> groups = graph.consistencyGroups();

        assertThat(groups).containsExactly(
                new ConsistencyGroup(ts("r1"), ts("p1", "q1", "r1")),
                new ConsistencyGroup(ts("r2"), ts("p2", "q2", "r2")));
    }

    @Test
    void diamonds_threeInputsFromOneSource_oneGroupWithAllPaths() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("a"));
        graph.add(t("e"), ts("a"));
        graph.add(t("d"), ts("b", "c", "e", "y"));

        assertThat(graph.diamonds()).containsExactly(new DiamondGroup(t("d"), ts("a"), ts("b", "c", "e", "d")));
    }
}

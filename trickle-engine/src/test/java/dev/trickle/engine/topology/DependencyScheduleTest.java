package dev.trickle.engine.topology;

import static dev.trickle.engine.topology.DependencyGraphTest.t;
import static dev.trickle.engine.topology.DependencyGraphTest.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.TableName;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolving {@code calculated} schedules over the graph. */
class DependencyScheduleTest {
    private static final Duration FALLBACK = Duration.ofMinutes(1);

    private static Schedule s(String text) {
        return Schedule.parse(text);
    }

    @Test
    void effectiveSchedules_tutorialChain_inheritFromReport() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("department_tree"), ts("departments"));
        graph.add(t("department_stats"), ts("department_tree", "employees"));
        graph.add(t("department_report"), ts("department_stats"));

        Map<TableName, Schedule> effective = graph.effectiveSchedules(
                Map.of(t("department_tree"), s("calculated"), t("department_report"), s("5m")), FALLBACK);

        assertThat(effective).containsExactly(
                Map.entry(t("department_tree"), s("5m")),
                Map.entry(t("department_stats"), s("5m")),
                Map.entry(t("department_report"), s("5m")));
    }

    @Test
    void effectiveSchedules_fanOut_picksTightestReaderTransitively() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("a"));
        graph.add(t("d"), ts("a"));
        graph.add(t("e"), ts("d"));

        Map<TableName, Schedule> effective = graph.effectiveSchedules(
                Map.of(t("b"), s("5m"), t("c"), s("30s"), t("e"), s("10s")), FALLBACK);

        assertThat(effective.get(t("d"))).isEqualTo(s("10s"));
        assertThat(effective.get(t("a"))).isEqualTo(s("10s"));
        assertThat(effective.get(t("b"))).isEqualTo(s("5m"));
    }

    @Test
    void effectiveSchedules_noReaders_fallback() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));

        Map<TableName, Schedule> effective = graph.effectiveSchedules(Map.of(), FALLBACK);

        assertThat(effective).containsExactly(Map.entry(t("a"), s("1m")), Map.entry(t("b"), s("1m")));
    }

    @Test
    void effectiveSchedules_downstreamWithoutReaders_followsWhatItReads() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("up"), ts("x"));
        graph.add(t("fast"), ts("x"));
        graph.add(t("mid"), ts("up"));
        graph.add(t("down"), ts("mid", "fast", "y"));

        Map<TableName, Schedule> effective =
                graph.effectiveSchedules(Map.of(t("up"), s("10s"), t("fast"), s("5s")), FALLBACK);

        assertThat(effective).containsEntry(t("mid"), s("10s")).containsEntry(t("down"), s("5s"));
    }

    @Test
    void effectiveSchedules_downstreamOfCronOnly_fallback() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("nightly"), ts("x"));
        graph.add(t("down"), ts("nightly"));

        Map<TableName, Schedule> effective = graph.effectiveSchedules(Map.of(t("nightly"), s("@daily")), FALLBACK);

        assertThat(effective.get(t("down"))).isEqualTo(s("1m"));
    }

    @Test
    void effectiveSchedules_readerConstrained_keepsItsReadersInterval() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("up"), ts("x"));
        graph.add(t("mid"), ts("up"));
        graph.add(t("report"), ts("mid"));

        Map<TableName, Schedule> effective =
                graph.effectiveSchedules(Map.of(t("up"), s("10s"), t("report"), s("5m")), FALLBACK);

        assertThat(effective.get(t("mid"))).isEqualTo(s("5m"));
    }

    @Test
    void effectiveSchedules_cronReaders_doNotTakePart() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("hourly"), ts("a"));
        graph.add(t("b"), ts("x"));
        graph.add(t("daily"), ts("b"));
        graph.add(t("slow"), ts("b"));

        Map<TableName, Schedule> effective = graph.effectiveSchedules(
                Map.of(t("hourly"), s("@hourly"), t("daily"), s("0 6 * * *"), t("slow"), s("2h")), FALLBACK);

        assertThat(effective.get(t("a"))).isEqualTo(s("1m"));
        assertThat(effective.get(t("b"))).isEqualTo(s("2h"));
        assertThat(effective.get(t("hourly"))).isEqualTo(s("@hourly"));
        assertThat(effective.get(t("daily"))).isEqualTo(s("0 6 * * *"));
    }

    @Test
    void effectiveSchedules_explicitLooserThanReader_keptAsGiven() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));

        Map<TableName, Schedule> effective =
                graph.effectiveSchedules(Map.of(t("a"), s("10m"), t("b"), s("1m")), FALLBACK);

        assertThat(effective.get(t("a"))).isEqualTo(s("10m"));
    }

    @Test
    void effectiveSchedules_calculatedBetweenExplicit_inheritsThroughCalculated() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));
        graph.add(t("b"), ts("a"));
        graph.add(t("c"), ts("b"));
        graph.add(t("d"), ts("c"));

        Map<TableName, Schedule> effective =
                graph.effectiveSchedules(Map.of(t("a"), s("calculated"), t("d"), s("45s")), Duration.ofHours(1));

        assertThat(effective.values()).containsOnly(s("45s"));
    }

    @Test
    void effectiveSchedules_unknownTableOrBadFallback_isIllegalArgument() {
        DependencyGraph graph = new DependencyGraph();
        graph.add(t("a"), ts("x"));

        assertThatThrownBy(() -> graph.effectiveSchedules(Map.of(t("x"), s("1m")), FALLBACK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule given for 'x', which is not a stream table in the dependency graph");
        assertThatThrownBy(() -> graph.effectiveSchedules(Map.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

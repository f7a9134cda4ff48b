package dev.trickle.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.topology.CatalogState;
import dev.trickle.engine.topology.Dag;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which stream tables a tick refreshes, decided without a database. */
class TickPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    /** Builds catalog states: stream tables with their schedule, status, age and sources. */
    private static final class Catalog {
        final Map<TableName, CatalogState.Table> tables = new LinkedHashMap<>();
        final Map<TableName, List<TableName>> sources = new LinkedHashMap<>();

        Catalog st(String name, String schedule, Duration age, String... reads) {
            return st(name, schedule, age, StreamTableStatus.ACTIVE, "none", "fastest", reads);
        }

        Catalog st(String name, String schedule, Duration age, StreamTableStatus status, String consistency,
                String policy, String... reads) {
            TableName n = name(name);
            tables.put(n, new CatalogState.Table(tables.size() + 1, n, status, schedule,
                    age == null ? null : NOW.minus(age), 0, consistency, policy));
            sources.put(n, java.util.Arrays.stream(reads).map(TickPlannerTest::name).toList());
            return this;
        }

        CatalogState state() {
            return new CatalogState(tables, sources);
        }
    }

    private static TableName name(String n) {
        return new TableName("public", n);
    }

    private static List<String> due(Catalog c) {
        CatalogState state = c.state();
        Dag dag = Dag.of(state, Duration.ofMinutes(1));
        return TickPlanner.due(state, dag, NOW, id -> false).stream().map(t -> t.name().name()).toList();
    }

    @Test
    void due_intervalElapsed_onlyTheStaleOnes() {
        Catalog c = new Catalog().st("fresh", "1m", Duration.ofSeconds(10), "base")
                .st("stale", "1m", Duration.ofSeconds(61), "base")
                .st("never", "1m", null, "base");

        assertThat(due(c)).containsExactly("never", "stale");
    }

    @Test
    void due_calculatedChain_inheritsTheScheduleOfItsEndAndCascades() {
        Catalog c = new Catalog().st("a", null, Duration.ofSeconds(2), "base")
                .st("b", null, Duration.ofMillis(200), "a")
                .st("c", "1s", Duration.ofMillis(100), "b");

        assertThat(due(c)).containsExactly("a", "b", "c");
    }

    @Test
    void due_readerWithLongerSchedule_doesNotCascade() {
        Catalog c = new Catalog().st("fast", "1s", Duration.ofSeconds(2), "base")
                .st("slow", "1h", Duration.ofMinutes(1), "fast");

        assertThat(due(c)).containsExactly("fast");
    }

    @Test
    void due_upstreamInError_readersWait_othersGoOn() {
        Catalog c = new Catalog()
                .st("broken", "1s", Duration.ofSeconds(5), StreamTableStatus.ERROR, "none", "fastest", "base")
                .st("reader", "1s", Duration.ofSeconds(5), "broken")
                .st("unrelated", "1s", Duration.ofSeconds(5), "other");

        assertThat(due(c)).containsExactly("unrelated");
    }

    @Test
    void due_suspendedOrInBackoff_isSkipped() {
        Catalog c = new Catalog()
                .st("suspended", "1s", Duration.ofSeconds(5), StreamTableStatus.SUSPENDED, "none", "fastest", "base")
                .st("waiting", "1s", Duration.ofSeconds(5), "base")
                .st("ok", "1s", Duration.ofSeconds(5), "base");
        CatalogState state = c.state();
        long waiting = state.tables().get(name("waiting")).id();

        List<String> due = TickPlanner.due(state, Dag.of(state, Duration.ofMinutes(1)), NOW, id -> id == waiting)
                .stream().map(t -> t.name().name()).toList();

        assertThat(due).containsExactly("ok");
    }

    @Test
    void due_cron_firesOnceAfterEachFireTime() {
        Catalog c = new Catalog().st("hourly_done", "@hourly", Duration.ZERO, "base")
                .st("hourly_missed", "@hourly", Duration.ofMinutes(61), "base");

        assertThat(due(c)).containsExactly("hourly_missed");
    }

    @Test
    void units_atomicDiamond_fastestPolicy_refreshesTheWholeGroupWhenOneMemberIsDue() {
        Catalog c = diamond("atomic", "fastest", Duration.ofSeconds(5), Duration.ofMillis(10));
        CatalogState state = c.state();
        Dag dag = Dag.of(state, Duration.ofMinutes(1));

        List<Unit> units = Unit.of(TickPlanner.due(state, dag, NOW, id -> false), state, dag);

        assertThat(units).hasSize(1);
        assertThat(units.get(0).atomic()).isTrue();
        assertThat(units.get(0).members()).extracting(t -> t.name().name()).containsExactly("b", "c", "d");
    }

    @Test
    void units_atomicDiamond_slowestPolicy_waitsForEveryMember() {
        Catalog c = diamond("atomic", "slowest", Duration.ofSeconds(5), Duration.ofMillis(10));
        CatalogState state = c.state();
        Dag dag = Dag.of(state, Duration.ofMinutes(1));

        assertThat(Unit.of(TickPlanner.due(state, dag, NOW, id -> false), state, dag)).isEmpty();
    }

    @Test
    void units_noneConsistency_membersAreSingleUnits() {
        Catalog c = diamond("none", "fastest", Duration.ofSeconds(5), Duration.ofHours(2));
        CatalogState state = c.state();
        Dag dag = Dag.of(state, Duration.ofMinutes(1));

        List<Unit> units = Unit.of(TickPlanner.due(state, dag, NOW, id -> false), state, dag);

        assertThat(units).allMatch(u -> !u.atomic() && u.members().size() == 1);
        assertThat(units).extracting(u -> u.members().get(0).name().name()).containsExactly("b", "c", "d");
    }

    /** base feeds b and c, d reads both; b is old, c and d are as old as {@code othersAge}. */
    private static Catalog diamond(String consistency, String policy, Duration bAge, Duration othersAge) {
        return new Catalog()
                .st("b", "1s", bAge, StreamTableStatus.ACTIVE, consistency, policy, "base")
                .st("c", "1h", othersAge, StreamTableStatus.ACTIVE, consistency, policy, "base")
                .st("d", "1h", othersAge, StreamTableStatus.ACTIVE, consistency, policy, "b", "c");
    }
}

package dev.trickle.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.DiamondConsistency;
import dev.trickle.DiamondSchedulePolicy;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Diamonds: A feeds B and C, D reads both. Atomic groups refresh in one transaction; a failure rolls back all. */
class DiamondIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres()
            .withEngine(b -> b.tickInterval(Duration.ofMillis(100)));

    static final String LEFT = "SELECT id, g, v FROM %s WHERE v %% 2 = 0";
    static final String RIGHT = "SELECT g, sum(v) AS total, count(*) AS n FROM %s GROUP BY g";
    static final String BOTTOM = "SELECT l.g, count(*) AS n, sum(r.total) AS total FROM %s l JOIN %s r ON r.g = l.g"
            + " GROUP BY l.g";

    private static List<String> diamond(Trickle engine, DSLContext dsl, String p, DiamondConsistency consistency,
            DiamondSchedulePolicy policy) {
        dsl.execute("CREATE TABLE " + p + "_base (id int PRIMARY KEY, g int, v int)");
        dsl.execute("INSERT INTO " + p + "_base SELECT i, i % 4, i FROM generate_series(1, 100) i");
        String left = LEFT.formatted(p + "_base");
        String right = RIGHT.formatted(p + "_base");
        String bottom = BOTTOM.formatted(p + "_left", p + "_right");
        engine.createStreamTable(StreamTableSpec.builder(p + "_left", left).schedule("calculated")
                .diamondConsistency(consistency).build());
        engine.createStreamTable(StreamTableSpec.builder(p + "_right", right).schedule("calculated")
                .diamondConsistency(consistency).build());
        engine.createStreamTable(StreamTableSpec.builder(p + "_bottom", bottom).schedule("1s")
                .diamondConsistency(consistency).diamondSchedulePolicy(policy).build());
        return List.of(left, right, bottom);
    }

    @Test
    void atomicDiamond_membersCommitTogether(Trickle engine, DSLContext dsl) {
        List<String> q = diamond(engine, dsl, "a", DiamondConsistency.ATOMIC, DiamondSchedulePolicy.FASTEST);
        assertThat(dsl.fetch("SELECT member_name, is_convergence FROM pgtrickle.diamond_groups()"
                        + " WHERE member_name LIKE 'a\\_%' ORDER BY 1")
                .intoMaps()).extracting(m -> m.get("member_name") + ":" + m.get("is_convergence"))
                .containsExactly("a_bottom:true", "a_left:false", "a_right:false");
        engine.start();
        dsl.execute("UPDATE a_base SET v = v + 1 WHERE id <= 40");

        SchedulerIT.await(Duration.ofSeconds(5), () -> SchedulerIT.matches(dsl, "a_left", q.get(0))
                && SchedulerIT.matches(dsl, "a_right", q.get(1)) && SchedulerIT.matches(dsl, "a_bottom", q.get(2)));
        assertThat(dsl.fetchValue("""
                SELECT count(DISTINCT (h.data_timestamp, h.backend_pid)) FROM pgtrickle.pgt_refresh_history h
                  JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
                 WHERE s.pgt_name LIKE 'a\\_%' AND h.initiated_by = 'SCHEDULER' AND h.action <> 'NO_DATA'
                   AND h.start_time = (SELECT max(start_time) FROM pgtrickle.pgt_refresh_history x
                                        WHERE x.pgt_id = h.pgt_id AND x.initiated_by = 'SCHEDULER')"""))
                .as("the last scheduled refreshes of the three members ran in one transaction").isEqualTo(1L);
    }

    @Test
    void atomicDiamond_oneFailure_rollsBackEveryMember(Trickle engine, DSLContext dsl) {
        List<String> q = diamond(engine, dsl, "f", DiamondConsistency.ATOMIC, DiamondSchedulePolicy.FASTEST);
        Object leftBefore = dsl.fetchValue("SELECT sum(v) FROM f_left");
        dsl.execute("ALTER TABLE f_right RENAME COLUMN total TO renamed");
        engine.start();
        dsl.execute("UPDATE f_base SET v = v + 2 WHERE id <= 40");

        SchedulerIT.await(Duration.ofSeconds(5), () -> engine.streamTable("f_bottom").orElseThrow().status()
                == StreamTableStatus.ERROR);
        assertThat(dsl.fetchValue("SELECT sum(v) FROM f_left")).as("left was rolled back with the group")
                .isEqualTo(leftBefore);
        assertThat(engine.streamTable("f_left").orElseThrow().lastError()).contains("failed with its atomic group")
                .contains("column 'total' of storage table 'public.f_right' was renamed to 'renamed'");
        assertThat(SchedulerIT.matches(dsl, "f_left", q.get(0))).isFalse();
    }

    @Test
    void noneConsistency_membersRefreshOnTheirOwn(Trickle engine, DSLContext dsl) {
        List<String> q = diamond(engine, dsl, "n", DiamondConsistency.NONE, DiamondSchedulePolicy.FASTEST);
        engine.start();
        dsl.execute("DELETE FROM n_base WHERE id > 80");

        SchedulerIT.await(Duration.ofSeconds(5), () -> SchedulerIT.matches(dsl, "n_left", q.get(0))
                && SchedulerIT.matches(dsl, "n_right", q.get(1)) && SchedulerIT.matches(dsl, "n_bottom", q.get(2)));
    }
}

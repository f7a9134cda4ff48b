package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.DependencyCycleException;
import dev.trickle.InvalidScheduleException;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableInUseException;
import dev.trickle.StreamTableSpec;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedules are checked, alterations apply or are refused, cycles are rejected, and nothing is left behind. */
class AlterAndScheduleIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    static void base(DSLContext dsl) {
        dsl.execute("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, grp int, v int)");
        dsl.execute("INSERT INTO items SELECT i, i % 3, i FROM generate_series(1, 30) i ON CONFLICT DO NOTHING");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "0s", "-5m", "1h1h", "30", "m5", "* * *", "61 * * * *", "@reboot", "0 0 30 2 *"})
    void create_invalidSchedule_isRejectedWithTheReasonAndLeavesNothing(String schedule, Trickle engine,
            DSLContext dsl) {
        base(dsl);
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);

        assertThatThrownBy(() -> engine.createStreamTable(StreamTableSpec.builder("bad_schedule",
                        "SELECT id FROM items").schedule(schedule).build()))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining(schedule);
        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "1h30m", "2w", "*/5 * * * *", "0 */5 * * * *", "@hourly", "@daily", "calculated"})
    void create_validSchedule_isStoredCanonically(String schedule, Trickle engine, DSLContext dsl) {
        base(dsl);
        String name = "ok_" + Math.abs(schedule.hashCode());
        StreamTable st = engine.createStreamTable(StreamTableSpec.builder(name, "SELECT id FROM items")
                .schedule(schedule).build());
        assertThat(st.schedule()).isEqualTo(schedule.equals("calculated") ? null : st.schedule());
        assertThat(dsl.fetchValue("SELECT effective_schedule FROM pgtrickle.pgt_stream_tables WHERE pgt_name = {0}",
                name)).isNotNull();
        engine.drop(name);
    }

    @Test
    void alter_schedule_takesEffectWithoutRebuilding(Trickle engine, DSLContext dsl) {
        base(dsl);
        engine.createStreamTable(StreamTableSpec.builder("alter_sched", "SELECT id, v FROM items").schedule("1m").build());
        Object relid = dsl.fetchValue("SELECT 'alter_sched'::regclass::oid");

        StreamTable st = engine.alterStreamTable("alter_sched", spec -> spec.withSchedule("90m"));

        assertThat(st.schedule()).isEqualTo("1h30m");
        assertThat(dsl.fetchValue("SELECT 'alter_sched'::regclass::oid")).isEqualTo(relid);
        assertThatThrownBy(() -> engine.alterStreamTable("alter_sched", spec -> spec.withSchedule("every day")))
                .isInstanceOf(InvalidScheduleException.class);
        assertThat(engine.streamTable("alter_sched").orElseThrow().schedule()).isEqualTo("1h30m");
    }

    @Test
    void alter_query_replacesTheStreamTable(Trickle engine, DSLContext dsl) {
        base(dsl);
        engine.createStreamTable("alter_query", "SELECT id, v FROM items WHERE grp = 1");

        StreamTable st = engine.alterStreamTable("alter_query",
                spec -> spec.withQuery("SELECT grp, sum(v) AS total FROM items GROUP BY grp"));

        assertThat(st.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(StorageContents.userColumns(dsl, "alter_query")).containsExactly("grp", "total");
        StorageContents.assertMatchesQuery(dsl, "alter_query", "SELECT grp, sum(v) AS total FROM items GROUP BY grp");
        dsl.execute("UPDATE items SET grp = 2 WHERE id = 1");
        engine.refresh("alter_query");
        StorageContents.assertMatchesQuery(dsl, "alter_query", "SELECT grp, sum(v) AS total FROM items GROUP BY grp");
    }

    @Test
    void alter_queryIntoACycle_isRejectedWithTheCycleAndLeavesNothing(Trickle engine, DSLContext dsl) {
        base(dsl);
        engine.createStreamTable("cyc_a", "SELECT id, v FROM items");
        engine.createStreamTable("cyc_b", "SELECT id, v FROM cyc_a");
        engine.createStreamTable("cyc_c", "SELECT id, v FROM cyc_b");
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);

        assertThatThrownBy(() -> engine.alterStreamTable("cyc_a", spec -> spec.withQuery("SELECT id, v FROM cyc_c")))
                .isInstanceOf(DependencyCycleException.class)
                .hasMessageContaining("cyc_a").hasMessageContaining("cyc_b").hasMessageContaining("cyc_c")
                .satisfies(e -> assertThat(((DependencyCycleException) e).cycle())
                        .contains(new TableName("public", "cyc_a"), new TableName("public", "cyc_c")));
        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
        assertThat(engine.streamTable("cyc_a").orElseThrow().query()).isEqualTo("SELECT id, v FROM items");
    }

    @Test
    void alter_queryOfAStreamTableOthersRead_isRefused(Trickle engine, DSLContext dsl) {
        base(dsl);
        engine.createStreamTable("used_up", "SELECT id, v FROM items");
        engine.createStreamTable("used_down", "SELECT id FROM used_up");

        assertThatThrownBy(() -> engine.alterStreamTable("used_up", spec -> spec.withQuery("SELECT id FROM items")))
                .isInstanceOf(StreamTableInUseException.class)
                .hasMessageContaining("used_down");
        assertThatThrownBy(() -> engine.drop("used_up")).isInstanceOf(StreamTableInUseException.class)
                .hasMessageContaining("used_down");
        engine.alterStreamTable("used_up", spec -> spec.withSchedule("5m"));
    }

    @Test
    void alter_rename_isRefused(Trickle engine, DSLContext dsl) {
        base(dsl);
        engine.createStreamTable("no_rename", "SELECT id FROM items");
        assertThatThrownBy(() -> engine.alterStreamTable("no_rename",
                        spec -> StreamTableSpec.builder("other_name", spec.query()).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other_name");
    }
}

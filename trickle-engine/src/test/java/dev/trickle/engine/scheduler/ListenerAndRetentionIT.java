package dev.trickle.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.spi.RefreshListener;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The listener hears refreshes, failures and status changes; history older than the retention goes. */
class ListenerAndRetentionIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    /** Records what it hears. */
    static final class Recorder implements RefreshListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onRefresh(RefreshResult result, boolean scheduled) {
            events.add("refresh " + result.streamTable().name() + " " + result.action() + (scheduled ? " scheduled" : ""));
        }

        @Override
        public void onFailure(TableName streamTable, RefreshException failure, boolean scheduled) {
            events.add("failure " + streamTable.name() + (failure.isTransient() ? " transient" : " permanent"));
        }

        @Override
        public void onStatusChange(TableName streamTable, StreamTableStatus from, StreamTableStatus to,
                @Nullable String reason) {
            events.add("status " + streamTable.name() + " " + from + "->" + to);
        }
    }

    @Test
    void listener_hearsRefreshesFailuresAndStatusChanges(TestDatabase db, DSLContext dsl) {
        dsl.execute("CREATE TABLE heard (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO heard VALUES (1, 1)");
        Recorder recorder = new Recorder();
        try (Trickle engine = Trickle.builder(db.dataSource()).listener(recorder)
                .tickInterval(Duration.ofMillis(50)).build()) {
            engine.createStreamTable(StreamTableSpec.builder("heard_st", "SELECT id, v FROM heard").schedule("1s").build());
            dsl.execute("INSERT INTO heard VALUES (2, 2)");
            assertThat(engine.refresh("heard_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            dsl.execute("ALTER TABLE heard_st RENAME COLUMN v TO w");
            dsl.execute("INSERT INTO heard VALUES (3, 3)");
            engine.start();
            SchedulerIT.await(Duration.ofSeconds(5), () -> recorder.events.contains("status heard_st ACTIVE->ERROR"));
            engine.resume("heard_st");
        }
        // the initial load is a refresh too
        assertThat(recorder.events).startsWith("refresh heard_st FULL", "refresh heard_st DIFFERENTIAL")
                .contains("failure heard_st permanent", "status heard_st ACTIVE->ERROR",
                        "status heard_st ERROR->ACTIVE");
    }

    @Test
    void history_olderThanTheRetention_isPruned(TestDatabase db, DSLContext dsl) {
        dsl.execute("CREATE TABLE pruned (id int PRIMARY KEY)");
        try (Trickle engine = Trickle.builder(db.dataSource()).historyRetention(Duration.ofDays(1))
                .tickInterval(Duration.ofMillis(50)).build()) {
            engine.createStreamTable("pruned_st", "SELECT id FROM pruned");
            dsl.execute("""
                    INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, start_time, end_time, action, status, initiated_by)
                    SELECT pgt_id, now() - interval '3 days', now() - interval '3 days', 'FULL', 'COMPLETED', 'MANUAL'
                      FROM pgtrickle.pgt_stream_tables WHERE pgt_name = 'pruned_st'""");
            engine.start();
            SchedulerIT.await(Duration.ofSeconds(5), () -> (Long) dsl.fetchValue("SELECT count(*) FROM"
                    + " pgtrickle.pgt_refresh_history WHERE start_time < now() - interval '2 days'") == 0L);
        }
        assertThat(dsl.fetchValue("SELECT count(*) FROM pgtrickle.pgt_refresh_history h"
                + " JOIN pgtrickle.pgt_stream_tables s USING (pgt_id) WHERE s.pgt_name = 'pruned_st'"))
                .as("recent history stays").isEqualTo(1L);
    }
}

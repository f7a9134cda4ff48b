package dev.trickle.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.engine.faults.AppDatabase;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Topology#record}: of two writers of the effective schedules and diamond groups, the later one writes the
 * newer graph. Found by {@code DiamondIT}, whose diamond groups a scheduler tick once overwrote with a graph read
 * before the stream tables were created.
 */
class TopologyIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void record_catalogChangedWhileWaitingForTheLock_writesTheNewerGraph(Trickle engine, DSLContext dsl,
            TestDatabase database) throws Exception {
        dsl.execute("CREATE TABLE topo_src (id int PRIMARY KEY, v int)");
        engine.createStreamTable(StreamTableSpec.builder("topo_st", "SELECT id, v FROM topo_src").schedule("1m")
                .build());
        assertThat(effectiveSchedule(dsl)).isEqualTo("1m");

        try (Connection holder = database.newConnection(); Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("LOCK TABLE pgtrickle.pgt_diamond_groups IN SHARE ROW EXCLUSIVE MODE");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Connection c = database.newConnection()) {
                    Topology.record(c, Duration.ofMinutes(1), Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            AppDatabase.await("the writer waits for the lock", () -> ((Number) dsl.fetchValue("SELECT count(*) FROM pg_locks"
                    + " WHERE locktype = 'relation' AND relation = 'pgtrickle.pgt_diamond_groups'::regclass"
                    + " AND NOT granted")).longValue() > 0);
            dsl.execute("UPDATE pgtrickle.pgt_stream_tables SET schedule = '5m' WHERE pgt_name = 'topo_st'");
            holder.commit();
            writer.get(10, TimeUnit.SECONDS);
        }

        assertThat(effectiveSchedule(dsl)).as("the graph read after the lock was granted").isEqualTo("5m");
    }

    private static String effectiveSchedule(DSLContext dsl) {
        return (String) dsl.fetchValue("SELECT effective_schedule FROM pgtrickle.pgt_stream_tables"
                + " WHERE pgt_name = 'topo_st'");
    }
}

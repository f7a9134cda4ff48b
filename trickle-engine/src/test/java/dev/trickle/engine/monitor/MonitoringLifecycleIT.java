package dev.trickle.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshException;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.monitor.Monitoring;
import dev.trickle.monitor.WorkerPoolStatus;
import dev.trickle.testkit.TrickleExtension;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What monitoring shows as engines start and stop, and {@code pgtrickle.resume_stream_table(name)}. */
class MonitoringLifecycleIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void workerPoolAndHealth_engineStartedThenClosed_showTheEngineThenNone(DataSource dataSource, DSLContext dsl) {
        Trickle engine = Trickle.builder(dataSource).tickInterval(Duration.ofMillis(100)).maxConcurrentRefreshes(2)
                .build();
        Monitoring monitoring = engine.monitoring();
        assertThat(monitoring.workerPoolStatus()).isEqualTo(new WorkerPoolStatus(0, 0, 0, "off", 0));
        assertThat(schedulerSeverity(dsl)).isEqualTo("ERROR");

        engine.start();
        Record running = dsl.fetchOne("SELECT * FROM pgtrickle.worker_pool_status()");
        String severityRunning = schedulerSeverity(dsl);
        WorkerPoolStatus fromJava = monitoring.workerPoolStatus();
        engine.close();
        Record closed = dsl.fetchOne("SELECT * FROM pgtrickle.worker_pool_status()");

        assertThat(running.intoMap()).containsEntry("engines", 1).containsEntry("max_workers", 2)
                .containsEntry("per_db_cap", 2).containsEntry("parallel_mode", "off");
        assertThat(running.get("active_workers", Integer.class)).isBetween(0, 2);
        assertThat(severityRunning).isEqualTo("OK");
        assertThat(fromJava.engines()).isEqualTo(1);
        assertThat(fromJava.maxWorkers()).isEqualTo(2);
        assertThat(closed.intoMap()).containsEntry("engines", 0).containsEntry("max_workers", 0)
                .containsEntry("active_workers", 0);
        assertThat(schedulerSeverity(dsl)).isEqualTo("ERROR");
        assertThatThrownBy(monitoring::status).isInstanceOf(IllegalStateException.class)
                .hasMessage("engine is closed");
    }

    @Test
    void resumeStreamTable_errorTable_becomesActiveAndRefreshesAgain(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
        engine.createStreamTable(StreamTableSpec.builder("note_copy", "SELECT id, body FROM notes").build());
        dsl.execute("ALTER TABLE note_copy RENAME COLUMN body TO text");
        dsl.execute("INSERT INTO notes VALUES (1, 'hello')");
        assertThatThrownBy(() -> engine.refresh("note_copy")).isInstanceOf(RefreshException.class);
        assertThat(status(dsl, "note_copy").get("status")).isEqualTo("ERROR");
        dsl.execute("ALTER TABLE note_copy RENAME COLUMN text TO body");

        dsl.execute("SELECT pgtrickle.resume_stream_table('note_copy')");

        Record status = status(dsl, "note_copy");
        assertThat(status.get("status")).isEqualTo("ACTIVE");
        assertThat(status.get("consecutive_errors", Integer.class)).isZero();
        assertThat(status.get("last_error")).isNull();
        engine.refresh("note_copy");
        assertThat(dsl.fetchValue("SELECT body FROM note_copy WHERE id = 1")).isEqualTo("hello");
    }

    @Test
    void resumeStreamTable_suspendedTable_becomesActive(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE events (id int PRIMARY KEY)");
        engine.createStreamTable(StreamTableSpec.builder("event_copy", "SELECT id FROM events").build());
        dsl.execute("UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED', consecutive_errors = 3,"
                + " last_error = 'connection lost' WHERE pgt_name = 'event_copy'");
        assertThat(dsl.fetchValue("SELECT detail FROM pgtrickle.health_check() WHERE check_name = 'error_tables'"))
                .asString().contains("public.event_copy (SUSPENDED)");

        dsl.execute("SELECT pgtrickle.resume_stream_table('public.event_copy')");

        Record status = status(dsl, "event_copy");
        assertThat(status.get("status")).isEqualTo("ACTIVE");
        assertThat(status.get("consecutive_errors", Integer.class)).isZero();
        assertThat(status.get("last_error")).isNull();
        assertThat(dsl.fetchValue("SELECT detail FROM pgtrickle.health_check() WHERE check_name = 'error_tables'"))
                .asString().doesNotContain("event_copy");
    }

    @Test
    void resumeStreamTable_unknownName_failsNamingIt(DSLContext dsl) {
        dsl.execute("CREATE TABLE IF NOT EXISTS plain (id int)");

        assertThatThrownBy(() -> dsl.execute("SELECT pgtrickle.resume_stream_table('no_such_table')"))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertThat(e.sqlState()).isEqualTo("42P01"))
                .hasMessageContaining("stream table 'no_such_table' does not exist");
        assertThatThrownBy(() -> dsl.execute("SELECT pgtrickle.resume_stream_table('plain')"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("stream table 'plain' does not exist");
    }

    private static String schedulerSeverity(DSLContext dsl) {
        return (String) dsl.fetchValue("SELECT severity FROM pgtrickle.health_check()"
                + " WHERE check_name = 'scheduler_running'");
    }

    private static Record status(DSLContext dsl, String name) {
        return dsl.fetchOne("SELECT * FROM pgtrickle.pgt_status() WHERE name = {0}", "public." + name);
    }
}

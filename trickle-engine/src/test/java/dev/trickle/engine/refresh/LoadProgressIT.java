package dev.trickle.engine.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.TableName;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.testkit.TrickleExtension;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A long initial load says, every interval, for how long it has run and how much it has written. */
class LoadProgressIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void start_whileALoadRuns_reportsItsDurationAndSizeEveryInterval(DataSource dataSource, DSLContext dsl)
            throws InterruptedException {
        dsl.execute("CREATE TABLE loading AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 20000) g");
        long relid = ((Number) dsl.fetchValue("SELECT 'loading'::regclass::oid::bigint")).longValue();

        LoadProgress progress = LoadProgress.start(new TableName("public", "loading"), relid, new Database(dataSource),
                Duration.ofMillis(50));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (progress.lastReport().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            progress.close();
        }

        assertThat(progress.lastReport())
                .matches("initial load of stream table 'public.loading' running for \\d+ s: [1-9]\\d* MB written so far");
    }
}

package dev.trickle.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The meters of {@link TrickleMetrics} on a real engine and database. The poll interval is an hour, so the gauges
 * change only when a test calls {@link TrickleMetrics#poll()}.
 */
class TrickleMetricsIT {
    private static final TrickleMetrics METRICS = new TrickleMetrics(Duration.ofHours(1), Tags.of("app", "it"));
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.listener(METRICS));

    @BeforeAll
    static void bind(Trickle engine) {
        METRICS.bindTo(REGISTRY);
        METRICS.monitor(engine);
    }

    @AfterAll
    static void close() {
        METRICS.close();
    }

    @Test
    void refresh_manual_recordsTimerTaggedByStreamTableActionAndTrigger(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE sales (id int PRIMARY KEY, region text NOT NULL, amount int NOT NULL)");
        engine.createStreamTable(StreamTableSpec.builder("sales_by_region",
                "SELECT region, sum(amount) AS total FROM sales GROUP BY region")
                .mode(RefreshMode.DIFFERENTIAL).build());
        dsl.execute("INSERT INTO sales VALUES (1, 'north', 10), (2, 'south', 5)");

        engine.refresh("sales_by_region");
        engine.refresh("sales_by_region");

        Timer differential = REGISTRY.get(TrickleMetrics.REFRESH)
                .tags("app", "it", "stream_table", "public.sales_by_region")
                .tags("action", "differential", "trigger", "manual")
                .timer();
        assertThat(differential.count()).isEqualTo(1);
        assertThat(differential.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(REGISTRY.get(TrickleMetrics.REFRESH)
                .tags("stream_table", "public.sales_by_region", "action", "no_data").timer().count()).isEqualTo(1);
    }

    @Test
    void refresh_failing_incrementsFailuresAndShowsErrorStatus(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE ratios (id int PRIMARY KEY, divisor int NOT NULL)");
        engine.createStreamTable(StreamTableSpec.builder("quotients",
                "SELECT id, 100 / divisor AS q FROM ratios").mode(RefreshMode.DIFFERENTIAL).build());
        dsl.execute("INSERT INTO ratios VALUES (1, 0)");

        assertThatThrownBy(() -> engine.refresh("quotients")).isInstanceOf(RefreshException.class);
        METRICS.poll();

        assertThat(REGISTRY.get(TrickleMetrics.FAILURES)
                .tags("app", "it", "stream_table", "public.quotients", "transient", "false").counter().count())
                .isEqualTo(1);
        assertThat(status("public.quotients", "error")).isEqualTo(1);
        assertThat(status("public.quotients", "active")).isZero();
    }

    @Test
    void gauges_afterChanges_showPendingRowsBufferSizeAndStaleness(Trickle engine, DSLContext dsl) throws Exception {
        dsl.execute("CREATE TABLE visits (id int PRIMARY KEY, page text NOT NULL)");
        engine.createStreamTable(StreamTableSpec.builder("visits_per_page",
                "SELECT page, count(*) AS n FROM visits GROUP BY page").mode(RefreshMode.DIFFERENTIAL).build());
        engine.refresh("visits_per_page");
        dsl.execute("INSERT INTO visits SELECT g, 'p' || (g % 3) FROM generate_series(1, 7) g");
        Thread.sleep(20);

        METRICS.poll();

        assertThat(gauge(TrickleMetrics.PENDING, "stream_table", "public.visits_per_page", "source", "public.visits"))
                .isEqualTo(7);
        assertThat(gauge(TrickleMetrics.BUFFER_SIZE, "source", "public.visits")).isPositive();
        assertThat(gauge(TrickleMetrics.STALENESS, "stream_table", "public.visits_per_page"))
                .isPositive().isLessThan(60);
        assertThat(status("public.visits_per_page", "active")).isEqualTo(1);

        engine.refresh("visits_per_page");
        METRICS.poll();

        assertThat(gauge(TrickleMetrics.PENDING, "stream_table", "public.visits_per_page", "source", "public.visits"))
                .isZero();
    }

    @Test
    void gauges_streamTableDropped_loseTheirRowsAtTheNextPoll(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE clicks (id int PRIMARY KEY)");
        engine.createStreamTable("click_count", "SELECT count(*) AS n FROM clicks");
        METRICS.poll();
        assertThat(REGISTRY.find(TrickleMetrics.STALENESS).tags("stream_table", "public.click_count").gauge())
                .isNotNull();

        engine.drop("click_count");
        METRICS.poll();

        assertThat(REGISTRY.find(TrickleMetrics.STALENESS).tags("stream_table", "public.click_count").gauge())
                .isNull();
    }

    @Test
    void plainJava_ownEngineAndRegistry_countsItsRefreshes(DSLContext dsl) {
        dsl.execute("CREATE TABLE pings (id int PRIMARY KEY)");
        DataSource dataSource = trickle.fixture().dataSource();
        MeterRegistry registry = new SimpleMeterRegistry();
        // tag::plain[]
        TrickleMetrics metrics = new TrickleMetrics(Duration.ofSeconds(15), Tags.of("application", "shop"));
        Trickle engine = Trickle.builder(dataSource).listener(metrics).build();
        metrics.bindTo(registry);
        metrics.monitor(engine); // polls the gauges every 15 seconds, on a daemon thread, until metrics.close()
        // end::plain[]
        try (engine; metrics) {
            engine.createStreamTable("ping_count", "SELECT count(*) AS n FROM pings");
            dsl.execute("INSERT INTO pings VALUES (1)");
            engine.refresh("ping_count");

            assertThat(registry.get(TrickleMetrics.REFRESH).tags("application", "shop",
                    "stream_table", "public.ping_count", "trigger", "manual").timers())
                    .extracting(Timer::count).contains(1L);
        }
    }

    private static double status(String streamTable, String status) {
        return gauge(TrickleMetrics.STATUS, "stream_table", streamTable, "status", status);
    }

    private static double gauge(String name, String... tags) {
        Gauge gauge = REGISTRY.get(name).tags("app", "it").tags(tags).gauge();
        return gauge.value();
    }
}

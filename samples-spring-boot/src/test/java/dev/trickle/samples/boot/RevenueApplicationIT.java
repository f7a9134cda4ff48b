package dev.trickle.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.StreamTable;
import dev.trickle.Trickle;
import dev.trickle.micrometer.TrickleMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sample application on the embedded PostgreSQL, with its demo run by the tests instead of on start. */
@SpringBootTest(properties = {"sample.demo.enabled=false", "trickle.metrics.poll-interval=200ms"})
class RevenueApplicationIT {
    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Trickle trickle;

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private MeterRegistry registry;

    @Test
    void start_specBean_isAScheduledStreamTable() {
        StreamTable revenue = trickle.streamTable(RevenueStreamTables.REVENUE_BY_CUSTOMER).orElseThrow();

        assertThat(revenue.schedule()).isEqualTo("1s");
        assertThat(revenue.sources()).extracting(s -> s.name()).containsExactly("orders");
    }

    @Test
    void demo_ordersPlaced_printsRevenueAfterTheScheduledRefresh() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new RevenueDemo(jdbc, trickle, health, registry).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("revenue_by_customer:")
                .containsPattern("ada +150\\.50 +\\(2 orders\\)")
                .containsPattern("grace +99\\.99 +\\(1 orders\\)")
                .contains("health: UP")
                .contains("trigger=scheduled");
    }

    @Test
    void meters_afterChanges_showStalenessAndPendingRows() throws InterruptedException {
        RevenueDemo demo = new RevenueDemo(jdbc, trickle, health, registry);
        demo.placeOrder("linus", "10.00");
        demo.awaitRefreshAfter(Instant.now(), Duration.ofSeconds(30));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (registry.find(TrickleMetrics.STALENESS).tags("stream_table", "public.revenue_by_customer")
                .gauge() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(registry.get(TrickleMetrics.STALENESS).tags("stream_table", "public.revenue_by_customer").gauge()
                .value()).isBetween(0.0, 60.0);
        assertThat(registry.get(TrickleMetrics.PENDING)
                .tags("stream_table", "public.revenue_by_customer", "source", "public.orders").gauge().value())
                .isNotNegative();
        assertThat(health.healthForPath("trickle").getStatus()).isEqualTo(Status.UP);
    }
}

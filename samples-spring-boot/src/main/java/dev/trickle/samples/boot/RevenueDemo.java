package dev.trickle.samples.boot;

import dev.trickle.StreamTable;
import dev.trickle.Trickle;
import dev.trickle.micrometer.TrickleMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The demo the application runs on start (off with {@code sample.demo.enabled=false}): it places a few orders,
 * waits until the scheduler has refreshed {@code revenue_by_customer} past them, and prints the stream table, the
 * health of Trickle and its refresh meters.
 */
@Component
@ConditionalOnProperty(name = "sample.demo.enabled", matchIfMissing = true)
public class RevenueDemo implements CommandLineRunner {
    private final JdbcTemplate jdbc;
    private final Trickle trickle;
    private final HealthEndpoint health;
    private final MeterRegistry registry;

    RevenueDemo(JdbcTemplate jdbc, Trickle trickle, HealthEndpoint health, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.trickle = trickle;
        this.health = health;
        this.registry = registry;
    }

    /** One row of the stream table. */
    record Revenue(String customer, BigDecimal revenue, long orders) {}

    @Override
    public void run(String... args) throws InterruptedException {
        run(System.out);
    }

    void run(PrintStream out) throws InterruptedException {
        placeOrder("ada", "120.00");
        placeOrder("ada", "30.50");
        placeOrder("grace", "99.99");
        awaitRefreshAfter(Instant.now(), Duration.ofSeconds(30));
        out.println("revenue_by_customer:");
        for (Revenue r : revenue()) {
            out.printf("  %-8s %10s  (%d orders)%n", r.customer(), r.revenue(), r.orders());
        }
        out.println("health: " + health.healthForPath("trickle").getStatus());
        for (Timer t : registry.find(TrickleMetrics.REFRESH).timers()) {
            out.printf("%s %s: %d%n", TrickleMetrics.REFRESH, t.getId().getTags(), t.count());
        }
    }

    void placeOrder(String customer, String amount) {
        jdbc.update("INSERT INTO orders (customer, amount) VALUES (?, ?)", customer, new BigDecimal(amount));
    }

    List<Revenue> revenue() {
        return jdbc.query("SELECT customer, revenue, orders FROM revenue_by_customer ORDER BY customer",
                (rs, i) -> new Revenue(rs.getString(1), rs.getBigDecimal(2), rs.getLong(3)));
    }

    /** Waits until a scheduled refresh has read the database as of {@code instant} or later. */
    void awaitRefreshAfter(Instant instant, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!refreshedAfter(instant)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no refresh of revenue_by_customer within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private boolean refreshedAfter(Instant instant) {
        Instant data = trickle.streamTable(RevenueStreamTables.REVENUE_BY_CUSTOMER)
                .map(StreamTable::dataTimestamp).orElse(null);
        return data != null && data.isAfter(instant);
    }
}

package dev.trickle.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.micrometer.TrickleMetrics;
import dev.trickle.spi.RefreshListener;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The starter on a real database: a stream table declared as a bean is created on start, the scheduler refreshes it,
 * health is UP, the meters are there, closing the context closes the engine, and a restart leaves the stream table
 * as it was.
 */
class TrickleAutoConfigurationIT {
    private static TestDatabase db;

    private final List<RefreshResult> heard = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, TrickleAutoConfiguration.class,
                    TrickleHealthContributorAutoConfiguration.class, TrickleMetricsAutoConfiguration.class))
            // wrapped, so that closing the context does not close the test database's pool
            .withBean(DataSource.class, () -> new DelegatingDataSource(db.dataSource()))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean("customerTotals", StreamTableSpec.class, () -> StreamTableSpec.builder("customer_totals",
                    "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer").schedule("1s").build())
            .withBean("auditor", RefreshListener.class, () -> new RefreshListener() {
                @Override
                public void onRefresh(RefreshResult result, boolean scheduled) {
                    heard.add(result);
                }
            })
            .withPropertyValues("trickle.scheduler.tick-interval=100ms", "trickle.metrics.poll-interval=200ms");

    @BeforeAll
    static void createDatabase() {
        db = TestPostgres.createDatabase();
        db.dsl().execute("CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount int NOT NULL)");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void context_withSpecBean_createsRefreshesMonitorsAndClosesTheEngine() {
        Trickle[] engine = new Trickle[1];
        runner.run(context -> {
            Trickle trickle = context.getBean(Trickle.class);
            engine[0] = trickle;
            assertThat(trickle.streamTable("customer_totals")).isPresent();

            db.dsl().execute("INSERT INTO orders VALUES (1, 'ada', 10), (2, 'ada', 5), (3, 'bob', 7)");
            await(() -> db.dsl().fetchCount(db.dsl().selectFrom("customer_totals")) == 2);

            assertThat(db.dsl().fetchValue("SELECT total FROM customer_totals WHERE customer = 'ada'"))
                    .hasToString("15");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await(() -> registry.find(TrickleMetrics.REFRESH).tags("stream_table", "public.customer_totals",
                    "trigger", "scheduled").timer() != null);
            await(() -> registry.find(TrickleMetrics.STALENESS).tags("stream_table", "public.customer_totals")
                    .gauge() != null);
            assertThat(heard).anyMatch(r -> r.streamTable().name().equals("customer_totals"));
            assertThat(context.getBean(TrickleHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });

        assertThatThrownBy(() -> engine[0].streamTables()).isInstanceOf(IllegalStateException.class)
                .hasMessage("engine is closed");
    }

    @Test
    void context_restarted_leavesTheStreamTableAsItWas() {
        Instant[] created = new Instant[1];
        runner.run(context -> created[0] = context.getBean(Trickle.class).streamTable("customer_totals")
                .map(StreamTable::createdAt).orElseThrow());

        runner.run(context -> assertThat(context.getBean(Trickle.class).streamTable("customer_totals")
                .map(StreamTable::createdAt)).contains(created[0]));
    }

    @Test
    void context_specChanged_replacesTheStreamTableOnStart() {
        runner.run(context -> assertThat(context.getBean(Trickle.class).streamTable("customer_totals")).isPresent());

        runner.withAllowBeanDefinitionOverriding(true)
                .withBean("customerTotals", StreamTableSpec.class, () -> StreamTableSpec.builder("customer_totals",
                        "SELECT customer, count(*) AS orders FROM orders GROUP BY customer").schedule("1s").build())
                .run(context -> assertThat(context.getBean(Trickle.class).streamTable("customer_totals")
                        .map(StreamTable::query)).hasValueSatisfying(q -> assertThat(q).contains("count(*)")));
    }

    @Test
    void contexts_startingAtOnce_bothEndWithTheDeclaredStreamTables() throws Exception {
        ApplicationContextRunner instance = runner.withBean("orderCounts", StreamTableSpec.class,
                () -> StreamTableSpec.builder("order_counts",
                        "SELECT customer, count(*) AS n FROM orders GROUP BY customer").schedule("1s").build());
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(instances.submit(() -> {
                    start.await();
                    instance.run(context -> assertThat(context.getBean(Trickle.class).streamTable("order_counts")
                            .map(StreamTable::query)).hasValueSatisfying(q -> assertThat(q).contains("count(*)")));
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            instances.shutdownNow();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 seconds");
            }
            Thread.sleep(50);
        }
    }
}

package dev.trickle.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshResult;
import dev.trickle.SchedulingConfig;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.micrometer.TrickleMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Which beans the starter creates, and how the properties reach the engine, without a database: building the engine
 * does no I/O, and with the scheduler off and no stream table declared, starting it does none either.
 */
class TrickleAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TrickleAutoConfiguration.class,
                    TrickleHealthContributorAutoConfiguration.class, TrickleMetricsAutoConfiguration.class))
            .withBean(DataSource.class, TrickleAutoConfigurationTest::noDatabase)
            .withPropertyValues("trickle.scheduler.enabled=false");

    @Test
    void context_withDataSource_hasEngineLifecycleAndHealthIndicator() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Trickle.class).hasSingleBean(TrickleLifecycle.class)
                    .hasSingleBean(TrickleHealthIndicator.class).doesNotHaveBean(TrickleMetrics.class);
            assertThat(context.getBean(TrickleLifecycle.class).isRunning()).isTrue();
        });
    }

    @Test
    void context_disabled_hasNoEngine() {
        runner.withPropertyValues("trickle.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Trickle.class)
                        .doesNotHaveBean(TrickleLifecycle.class).doesNotHaveBean(TrickleHealthIndicator.class));
    }

    @Test
    void context_withoutDataSource_hasNoEngine() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TrickleAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Trickle.class));
    }

    @Test
    void context_applicationEngine_replacesTheStartersOne() {
        runner.withBean("myTrickle", Trickle.class, () -> Trickle.builder(noDatabase()).build())
                .run(context -> assertThat(context).hasSingleBean(Trickle.class).hasBean("myTrickle"));
    }

    @Test
    void context_healthIndicatorDisabled_hasNone() {
        runner.withPropertyValues("management.health.trickle.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(Trickle.class)
                        .doesNotHaveBean(TrickleHealthIndicator.class));
    }

    @Test
    void context_withMeterRegistry_hasMetricsBoundToIt() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(TrickleMetrics.class);
            context.getBean(TrickleMetrics.class).onRefresh(new RefreshResult(TableName.parse("public.t"),
                    RefreshAction.FULL, 1, 0, 0, Duration.ofMillis(2), null), true);
            assertThat(context.getBean(MeterRegistry.class).get(TrickleMetrics.REFRESH)
                    .tags("stream_table", "public.t").timer().count()).isEqualTo(1);
        });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("trickle.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TrickleMetrics.class));
    }

    @Test
    void properties_bound_reachTheBuilder() {
        runner.withPropertyValues("trickle.scheduler.tick-interval=250ms",
                        "trickle.scheduler.max-concurrent-refreshes=2",
                        "trickle.scheduler.parallel-refresh=true", "trickle.lock-timeout=5s",
                        "trickle.metrics.poll-interval=2s")
                .run(context -> {
                    TrickleProperties p = context.getBean(TrickleProperties.class);
                    assertThat(p.getScheduler().getTickInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(p.getScheduler().getMaxConcurrentRefreshes()).isEqualTo(2);
                    assertThat(p.getScheduler().isParallelRefresh()).isTrue();
                    assertThat(p.getLockTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(p.getMetrics().getPollInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(context.getBean(Trickle.class).toString())
                            .contains("tickInterval=PT0.25S", "maxConcurrentRefreshes=2", "parallelRefresh=true",
                                    "lockTimeout=PT5S");
                });
    }

    @Test
    void properties_invalid_failTheContextWithTheBuildersMessage() {
        runner.withPropertyValues("trickle.scheduler.tick-interval=1ms")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessage("tick interval must be at least 10ms: PT0.001S"));
    }

    @Test
    void properties_defaults_areTheEnginesDefaults() {
        TrickleProperties.Scheduler p = new TrickleProperties().getScheduler();
        SchedulingConfig defaults = SchedulingConfig.defaults();

        assertThat(new SchedulingConfig(p.getTickInterval(), p.getMaxConcurrentRefreshes(), p.isParallelRefresh(),
                p.getDefaultSchedule(), p.getMaxConsecutiveFailures(), p.getHistoryRetention(), null))
                .isEqualTo(defaults);
    }

    /** A data source that never connects: nothing listens on port 1. The tests above must not touch a database. */
    private static DataSource noDatabase() {
        return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/no_database_in_this_test");
    }
}

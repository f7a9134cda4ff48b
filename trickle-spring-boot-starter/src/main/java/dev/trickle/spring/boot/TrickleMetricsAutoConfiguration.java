package dev.trickle.spring.boot;

import dev.trickle.Trickle;
import dev.trickle.micrometer.TrickleMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Trickle's Micrometer meters ({@link TrickleMetrics}) when the application has a {@link MeterRegistry}, as Spring
 * Boot Actuator gives it: the meters are a refresh listener of the engine and a meter binder that Spring Boot binds
 * to every registry; their gauges poll the engine's monitoring every {@code trickle.metrics.poll-interval}. Off with
 * {@code trickle.metrics.enabled=false}; a {@link TrickleMetrics} bean of the application's replaces the starter's.
 */
@AutoConfiguration(
        after = TrickleAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, TrickleMetrics.class})
@ConditionalOnBean({MeterRegistry.class, Trickle.class})
@ConditionalOnProperty(prefix = "trickle.metrics", name = "enabled", matchIfMissing = true)
public class TrickleMetricsAutoConfiguration {

    /**
     * The meters.
     *
     * @param properties the {@code trickle.*} properties
     * @return the meters
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public TrickleMetrics trickleMetrics(TrickleProperties properties) {
        return new TrickleMetrics(properties.getMetrics().getPollInterval(), Tags.empty());
    }

    /**
     * Points the gauges at the engine once every bean exists (the engine needs the meters as its listener first).
     *
     * @param metrics the meters
     * @param trickle the engine
     * @return the callback
     */
    @Bean
    public SmartInitializingSingleton trickleMetricsMonitor(TrickleMetrics metrics, Trickle trickle) {
        return () -> metrics.monitor(trickle);
    }
}

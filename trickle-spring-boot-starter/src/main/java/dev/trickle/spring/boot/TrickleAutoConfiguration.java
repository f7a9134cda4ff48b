package dev.trickle.spring.boot;

import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.spi.RefreshListener;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A Trickle engine on the application's {@code DataSource}, configured by the {@code trickle.*} properties, started
 * and stopped with the context ({@link TrickleLifecycle}), which ensures the {@link StreamTableSpec} beans on start.
 * Every {@link RefreshListener} bean hears the engine's refreshes; {@link TrickleBuilderCustomizer} beans set other
 * options. Declaring a {@link Trickle} or {@link TrickleLifecycle} bean replaces the starter's.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Trickle.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "trickle", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(TrickleProperties.class)
public class TrickleAutoConfiguration {

    /**
     * The engine. Building it does no I/O; {@link TrickleLifecycle} starts it.
     *
     * @param dataSource the application's data source
     * @param properties the {@code trickle.*} properties
     * @param listeners the refresh listener beans
     * @param customizers the builder customizer beans
     * @return the engine
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Trickle trickle(DataSource dataSource, TrickleProperties properties,
            ObjectProvider<RefreshListener> listeners, ObjectProvider<TrickleBuilderCustomizer> customizers) {
        TrickleProperties.Scheduler scheduler = properties.getScheduler();
        Trickle.Builder builder = Trickle.builder(dataSource)
                .lockTimeout(properties.getLockTimeout())
                .fullRefreshThreshold(properties.getFullRefreshThreshold())
                .tickInterval(scheduler.getTickInterval())
                .maxConcurrentRefreshes(scheduler.getMaxConcurrentRefreshes())
                .parallelRefresh(scheduler.isParallelRefresh())
                .defaultSchedule(scheduler.getDefaultSchedule())
                .maxConsecutiveFailures(scheduler.getMaxConsecutiveFailures())
                .historyRetention(scheduler.getHistoryRetention());
        if (properties.getChangeCapture() != null) {
            builder.changeCapture(properties.getChangeCapture());
        }
        List<RefreshListener> all = listeners.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.listener(all.size() == 1 ? all.get(0) : new RefreshListeners(all));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * Starts the engine with the context and stops it with the context.
     *
     * @param trickle the engine
     * @param properties the {@code trickle.*} properties
     * @param specs the stream tables declared as beans
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public TrickleLifecycle trickleLifecycle(Trickle trickle, TrickleProperties properties,
            ObjectProvider<StreamTableSpec> specs) {
        List<StreamTableSpec> ensured =
                properties.getStreamTables().isEnsureOnStart() ? specs.orderedStream().toList() : List.of();
        return new TrickleLifecycle(trickle, ensured, properties.getScheduler().isEnabled());
    }
}

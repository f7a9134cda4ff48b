package dev.trickle.spring.boot;

import dev.trickle.Trickle;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code trickle} health indicator, when Spring Boot Actuator is on the class path and an engine is configured;
 * off with {@code management.health.trickle.enabled=false}, replaced by a bean named {@code trickleHealthIndicator}.
 */
@AutoConfiguration(after = TrickleAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Trickle.class)
@ConditionalOnEnabledHealthIndicator("trickle")
public class TrickleHealthContributorAutoConfiguration {

    /**
     * The health indicator.
     *
     * @param trickle the engine
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "trickleHealthIndicator")
    public TrickleHealthIndicator trickleHealthIndicator(Trickle trickle) {
        return new TrickleHealthIndicator(trickle);
    }
}

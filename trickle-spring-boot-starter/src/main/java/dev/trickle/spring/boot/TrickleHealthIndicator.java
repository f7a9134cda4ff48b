package dev.trickle.spring.boot;

import dev.trickle.Trickle;
import dev.trickle.monitor.HealthCheck;
import dev.trickle.monitor.Severity;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Health from {@code pgtrickle.health_check()}: DOWN if a check finds an ERROR (no engine runs a scheduler, a
 * stream table is in ERROR or SUSPENDED, capture triggers are missing), UP otherwise, with every check and its
 * finding as details (WARN findings, such as stale stream tables, are details of an UP health). One query per call;
 * DOWN with the exception if the database cannot answer.
 */
public class TrickleHealthIndicator extends AbstractHealthIndicator {
    private final Trickle trickle;

    /**
     * Creates the indicator.
     *
     * @param trickle the engine whose database is checked
     */
    public TrickleHealthIndicator(Trickle trickle) {
        super("Trickle health check failed");
        this.trickle = trickle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<HealthCheck> checks = trickle.monitoring().healthCheck();
        boolean error = checks.stream().anyMatch(c -> c.severity() == Severity.ERROR);
        builder.status(error ? Status.DOWN : Status.UP);
        for (HealthCheck c : checks) {
            builder.withDetail(c.name(), Map.of("severity", c.severity().name(), "detail", c.detail()));
        }
    }
}

package dev.trickle.monitor;

import java.util.Objects;

/**
 * One row of {@code pgtrickle.health_check()}: a check and its finding. The checks are {@code scheduler_running},
 * {@code error_tables}, {@code stale_tables}, {@code consecutive_errors}, {@code buffer_growth}, {@code
 * trigger_health} and, while an engine refreshes in parallel, {@code worker_pool}.
 *
 * @param name the check, such as {@code error_tables} ({@code check_name})
 * @param severity how bad the finding is
 * @param detail the finding, naming the objects concerned
 */
public record HealthCheck(String name, Severity severity, String detail) {

    /**
     * Checks that no component is null.
     *
     * @param name the check, such as {@code error_tables} ({@code check_name})
     * @param severity how bad the finding is
     * @param detail the finding, naming the objects concerned
     */
    public HealthCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
    }
}

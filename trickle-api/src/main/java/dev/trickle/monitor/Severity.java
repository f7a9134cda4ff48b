package dev.trickle.monitor;

/** How bad the finding of a {@link HealthCheck} is. */
public enum Severity {
    /** Nothing to do. */
    OK,
    /** Worth a look; refreshes go on. */
    WARN,
    /** Something does not refresh, or will not. */
    ERROR
}

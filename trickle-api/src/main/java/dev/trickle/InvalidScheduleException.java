package dev.trickle;

import org.jspecify.annotations.Nullable;

/**
 * A schedule is neither a duration ({@code 30s}, {@code 5m}, {@code 1h30m}), nor a cron expression with 5 or 6
 * fields or an alias such as {@code @hourly}, nor {@code calculated}. The message names the value and the reason,
 * for example {@code invalid schedule '5x': unknown unit 'x'; use a duration like 30s, 5m, 1h30m or a cron
 * expression}.
 */
public final class InvalidScheduleException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The schedule as given. */
    private final String schedule;

    /**
     * Creates the exception.
     *
     * @param schedule the rejected schedule, as given
     * @param message the reason, naming {@code schedule}
     * @param cause the cron parser's error, if the expression looked like cron
     */
    public InvalidScheduleException(String schedule, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.schedule = schedule;
    }

    /** @return the rejected schedule, as given */
    public String schedule() {
        return schedule;
    }
}

package dev.trickle.engine.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a stream table is refreshed: every fixed interval, on a cron schedule, or as often as the stream tables
 * that read it need ({@code calculated}). Immutable and thread-safe; equal schedules print equal.
 *
 * <p>What users may write (see {@link #parse(String, ZoneId)}):
 * <ul>
 *   <li>a duration: a positive number followed by a unit, {@code s}, {@code m}, {@code h}, {@code d} or {@code w},
 *       optionally several of them from the largest unit to the smallest, each unit at most once:
 *       {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 1w}, {@code 1h30m}; case-insensitive, no spaces;
 *   <li>a cron expression with 5 fields ({@code minute hour day-of-month month day-of-week}) or 6 (the same with
 *       {@code second} first), with standard cron meanings: day of week {@code 0} and {@code 7} are Sunday, names
 *       such as {@code MON-FRI} and {@code JAN} are accepted, and when both day fields are restricted a day
 *       matching either one fires; or an alias: {@code @yearly} (or {@code @annually}), {@code @monthly},
 *       {@code @weekly}, {@code @daily} (or {@code @midnight}) and {@code @hourly}, which mean
 *       {@code 0 0 1 1 *}, {@code 0 0 1 * *}, {@code 0 0 * * 0}, {@code 0 0 * * *} and {@code 0 * * * *};
 *   <li>{@code calculated} (any case) or {@code null}: inherit the tightest schedule of the stream tables that
 *       read this one; the dependency graph resolves it into one of the other two kinds.
 * </ul>
 *
 * <p>Due-ness follows pg_trickle: a stream table on an interval is due once its data is at least the interval old
 * ({@code now - lastRefresh >= interval}); one on a cron schedule is due once a fire time has passed since its last
 * refresh ({@code lastRefresh < fire <= now}). Both are {@code now >= dueAt(lastRefresh)}.
 */
public sealed interface Schedule permits IntervalSchedule, CronSchedule, CalculatedSchedule {

    /** The three kinds of schedule. */
    enum Kind {
        /** A fixed interval such as {@code 5m}. */
        INTERVAL,
        /** A cron expression or alias. */
        CRON,
        /** Inherited from downstream stream tables; has no due time of its own until resolved. */
        CALCULATED
    }

    /**
     * Parses a schedule; cron expressions fire in UTC.
     *
     * @param text the schedule as the user wrote it, or {@code null} for {@code calculated}
     * @return the schedule
     * @throws dev.trickle.InvalidScheduleException if {@code text} is not a valid schedule
     */
    static Schedule parse(@Nullable String text) {
        return parse(text, ZoneOffset.UTC);
    }

    /**
     * Parses a schedule. Surrounding whitespace is not allowed: the text is stored as written.
     *
     * @param text the schedule as the user wrote it, or {@code null} for {@code calculated}
     * @param zone the time zone whose wall clock a cron expression follows (ignored by the other kinds)
     * @return the schedule
     * @throws dev.trickle.InvalidScheduleException if {@code text} is not a valid schedule
     */
    static Schedule parse(@Nullable String text, ZoneId zone) {
        return ScheduleParser.parse(text, Objects.requireNonNull(zone, "zone"));
    }

    /**
     * Returns a fixed-interval schedule.
     *
     * @param interval the interval: positive, whole seconds
     * @return the schedule
     * @throws IllegalArgumentException if {@code interval} is not positive or has a fraction of a second
     */
    static Schedule every(Duration interval) {
        return IntervalSchedule.of(interval);
    }

    /** @return the {@code calculated} schedule */
    static Schedule calculated() {
        return CalculatedSchedule.INSTANCE;
    }

    /** @return what kind of schedule this is */
    Kind kind();

    /** @return the interval of an {@link Kind#INTERVAL} schedule; empty for the other kinds */
    Optional<Duration> interval();

    /**
     * Returns the earliest instant at which a stream table last refreshed at {@code lastRefresh} is due: for an
     * interval, {@code lastRefresh + interval}; for cron, the first fire time strictly after {@code lastRefresh}
     * (the cron expression's "next fire"). Saturates at {@link Instant#MAX}.
     *
     * @param lastRefresh when the stream table's data was last refreshed
     * @return when it is due next
     * @throws IllegalStateException for a {@link Kind#CALCULATED} schedule, which must be resolved first
     */
    Instant dueAt(Instant lastRefresh);

    /**
     * Tells whether a stream table is due for a refresh: never refreshed, or {@code now} has reached
     * {@link #dueAt(Instant) dueAt(lastRefresh)}.
     *
     * @param lastRefresh when the stream table's data was last refreshed, or {@code null} if never
     * @param now the current time
     * @return whether to refresh it now
     * @throws IllegalStateException for a {@link Kind#CALCULATED} schedule, which must be resolved first
     */
    default boolean isDue(@Nullable Instant lastRefresh, Instant now) {
        Objects.requireNonNull(now, "now");
        return lastRefresh == null || !now.isBefore(dueAt(lastRefresh));
    }

    /** @return the canonical text: {@code 1h30m} for durations, the expression as written for cron */
    @Override
    String toString();
}

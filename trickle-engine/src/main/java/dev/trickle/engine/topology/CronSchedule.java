package dev.trickle.engine.topology;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A cron expression, evaluated by cron-utils on the wall clock of a time zone. Both field counts use standard
 * (Vixie) cron meanings: day of week {@code 0} or {@code 7} is Sunday, and when both day-of-month and day-of-week
 * are restricted, a day matching either fires. cron-utils' own 6-field definitions differ (Quartz counts Sunday as
 * 1; Spring requires both day fields to match), so the 6-field definition here is the 5-field UNIX one with a
 * seconds field in front. A wall-clock time that a daylight-saving change skips does not fire that day (cron-utils'
 * behaviour).
 */
final class CronSchedule implements Schedule {
    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final CronDefinition WITH_SECONDS = unixWithSeconds();

    /** Standard aliases, as Vixie cron defines them; {@code @reboot} has no meaning for a stream table. */
    private static final Map<String, String> ALIASES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    /** Where the check that an expression fires at all starts; cron has no year field, so any instant would do. */
    private static final Instant REFERENCE = Instant.parse("2000-01-01T00:00:00Z");

    private final String text;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String text, ZoneId zone, ExecutionTime executionTime) {
        this.text = text;
        this.zone = zone;
        this.executionTime = executionTime;
    }

    /**
     * Parses a cron expression or alias.
     *
     * @param text the expression, fields separated by whitespace, or an alias starting with {@code @}
     * @param fields how many fields {@code text} has: 5 or 6 (ignored for an alias)
     * @param zone the time zone of the wall clock
     * @return the schedule
     * @throws IllegalArgumentException with the reason, if the expression is invalid or never fires
     */
    static CronSchedule parse(String text, int fields, ZoneId zone) {
        CronSchedule schedule;
        if (text.startsWith("@")) {
            String alias = text.toLowerCase(Locale.ROOT);
            String expression = ALIASES.get(alias);
            if (expression == null) {
                throw new IllegalArgumentException("unknown alias '" + text + "'");
            }
            schedule = new CronSchedule(alias, zone, executionTime(expression, UNIX));
        } else {
            schedule = new CronSchedule(text, zone, executionTime(text, fields == 6 ? WITH_SECONDS : UNIX));
        }
        if (schedule.nextFire(REFERENCE).isEmpty()) {
            throw new IllegalArgumentException("the expression never fires");
        }
        return schedule;
    }

    private static ExecutionTime executionTime(String expression, CronDefinition definition) {
        return ExecutionTime.forCron(new CronParser(definition).parse(expression));
    }

    /** The UNIX definition of cron-utils ({@code CronType.UNIX}) with a leading seconds field. */
    private static CronDefinition unixWithSeconds() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().withValidRange(0, 59).withStrictRange().and()
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
                        .withStrictRange().and()
                .instance();
    }

    /**
     * Returns the first fire time strictly after {@code after}.
     *
     * @param after the instant to search from
     * @return the next fire time, or empty if the expression never fires again
     */
    Optional<Instant> nextFire(Instant after) {
        return executionTime.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    @Override
    public Kind kind() {
        return Kind.CRON;
    }

    @Override
    public Optional<Duration> interval() {
        return Optional.empty();
    }

    @Override
    public Instant dueAt(Instant lastRefresh) {
        return nextFire(lastRefresh).orElse(Instant.MAX);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof CronSchedule other && text.equals(other.text) && zone.equals(other.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, zone);
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.trickle.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.InvalidScheduleException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Schedule#parse(String)} accepts, how it prints it, and what it rejects with which reason. */
class ScheduleParseTest {

    @ParameterizedTest(name = "{0} -> {1} seconds, printed {2}")
    @CsvSource({
        "30s,    30,      30s",
        "5m,     300,     5m",
        "2h,     7200,    2h",
        "1d,     86400,   1d",
        "1w,     604800,  1w",
        "1h30m,  5400,    1h30m",
        "2m30s,  150,     2m30s",
        "1w2d3h4m5s, 788645, 1w2d3h4m5s",
        "90m,    5400,    1h30m",
        "7d,     604800,  1w",
        "3600s,  3600,    1h",
        "1H30M,  5400,    1h30m",
        "05M,    300,     5m",
        "0h30m,  1800,    30m",
    })
    void parse_duration_isIntervalWithCanonicalText(String text, long seconds, String canonical) {
        Schedule schedule = Schedule.parse(text);

        assertThat(schedule.kind()).isEqualTo(Schedule.Kind.INTERVAL);
        assertThat(schedule.interval()).contains(Duration.ofSeconds(seconds));
        assertThat(schedule).hasToString(canonical);
        assertThat(Schedule.parse(canonical)).isEqualTo(schedule);
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "0s      | a schedule must be positive",
        "0h0m    | a schedule must be positive",
        "-5m     | a schedule must be positive",
        "5x      | unknown unit 'x'",
        "5min    | unknown unit 'min'",
        "m5      | expected a number before 'm5'",
        "1h1h    | unit 'h' appears twice",
        "30m1h   | units must go from the largest to the smallest (w, d, h, m, s, ms)",
        "5ms1s   | units must go from the largest to the smallest (w, d, h, m, s, ms)",
        "30      | missing unit after '30'",
        "1.5h    | unexpected character '.'",
        "+5m     | unexpected character '+'",
        "99999999999999999999s | the duration is too long",
        "9999999999999999w | the duration is too long",
    })
    void parse_invalidDuration_namesValueAndReason(String text, String reason) {
        assertThatThrownBy(() -> Schedule.parse(text))
                .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.schedule()).isEqualTo(text))
                .hasMessage("invalid schedule '" + text + "': " + reason
                        + "; use a duration like 30s, 5m, 1h30m or a cron expression");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " 5m", "5m ", "\t"})
    void parse_emptyOrPadded_isRejected(String text) {
        assertThatThrownBy(() -> Schedule.parse(text))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageStartingWith("invalid schedule '" + text + "': ");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"calculated", "CALCULATED", "Calculated"})
    void parse_calculatedOrNull_isCalculated(String text) {
        Schedule schedule = Schedule.parse(text);

        assertThat(schedule).isSameAs(Schedule.calculated());
        assertThat(schedule.kind()).isEqualTo(Schedule.Kind.CALCULATED);
        assertThat(schedule.interval()).isEmpty();
        assertThat(schedule).hasToString("calculated");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "*/5 * * * *", "0 6 * * 1-5", "0 6 * * MON-FRI", "0 0 1 * *", "15,45 8-18 * 1,7 0",
        "0 */5 * * * *", "30 0 6 * * 1-5", "0  6 * * 1",
    })
    void parse_cronExpression_isCronPrintedAsWritten(String text) {
        Schedule schedule = Schedule.parse(text);

        assertThat(schedule.kind()).isEqualTo(Schedule.Kind.CRON);
        assertThat(schedule.interval()).isEmpty();
        assertThat(schedule).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight"})
    void parse_cronAlias_isCronPrintedLowerCase(String alias) {
        assertThat(Schedule.parse(alias).kind()).isEqualTo(Schedule.Kind.CRON);
        assertThat(Schedule.parse(alias.toUpperCase(Locale.ROOT))).hasToString(alias);
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "61 * * * *        | value 61 not in range [0, 59]",
        "* 24 * * *        | value 24 not in range [0, 23]",
        "0 0 * 13 *        | value 13 not in range [1, 12]",
        "0 0 * * 8         | value 8 not in range [0, 7]",
        "0 0 0 * * 8       | value 8 not in range [0, 7]",
        "60 0 * * * *      | value 60 not in range [0, 59]",
        "0 0 30 2 *        | the expression never fires",
        "@reboot           | unknown alias '@reboot'",
        "@every 5m         | unknown alias '@every 5m'",
    })
    void parse_invalidCron_namesValueAndReason(String text, String reason) {
        assertThatThrownBy(() -> Schedule.parse(text))
                .isInstanceOfSatisfying(InvalidScheduleException.class, e -> assertThat(e.schedule()).isEqualTo(text))
                .hasMessage("invalid schedule '" + text + "': " + reason + "; use 5 fields (minute hour"
                        + " day-of-month month day-of-week), 6 with seconds first, or @hourly, @daily, @weekly,"
                        + " @monthly, @yearly");
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * *", "1h 30m", "0 0 0 * * * 2024", "a b c d e", "0 6 ? * 1", "0 6 L * *"})
    void parse_malformedCron_isRejected(String text) {
        assertThatThrownBy(() -> Schedule.parse(text))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageStartingWith("invalid schedule '" + text + "': ");
    }

    @Test
    void parse_wrongFieldCount_suggestsBothForms() {
        assertThatThrownBy(() -> Schedule.parse("1h 30m"))
                .hasMessage("invalid schedule '1h 30m': a cron expression has 5 or 6 fields, not 2; use a duration"
                        + " without spaces like 1h30m, or use 5 fields (minute hour day-of-month month"
                        + " day-of-week), 6 with seconds first, or @hourly, @daily, @weekly, @monthly, @yearly");
    }

    @Test
    void parse_sameCronInOtherZone_isNotEqual() {
        Schedule utc = Schedule.parse("0 6 * * *");

        assertThat(Schedule.parse("0 6 * * *", ZoneOffset.UTC)).isEqualTo(utc).hasSameHashCodeAs(utc);
        assertThat(Schedule.parse("0 6 * * *", ZoneId.of("Europe/Berlin"))).isNotEqualTo(utc);
    }

    @Test
    void parse_milliseconds_areTheSmallestUnit() {
        assertThat(Schedule.parse("250ms").interval()).contains(Duration.ofMillis(250));
        assertThat(Schedule.parse("1s500ms")).hasToString("1s500ms");
        assertThat(Schedule.parse("1500ms")).hasToString("1s500ms").isEqualTo(Schedule.parse("1s500ms"));
        assertThat(Schedule.every(Duration.ofMillis(100))).hasToString("100ms");
    }

    @Test
    void every_positiveWholeSeconds_equalsParsed() {
        assertThat(Schedule.every(Duration.ofMinutes(90))).isEqualTo(Schedule.parse("1h30m")).hasToString("1h30m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-5S", "PT0.0015S"})
    void every_zeroNegativeOrFractional_isIllegalArgument(String interval) {
        assertThatThrownBy(() -> Schedule.every(Duration.parse(interval)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(interval);
    }
}

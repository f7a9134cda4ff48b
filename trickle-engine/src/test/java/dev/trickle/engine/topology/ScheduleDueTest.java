package dev.trickle.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When schedules are due, with fixed instants. 2024-01-01 is a Monday; 2024 is a leap year. UTC unless a test
 * names a zone; the zones used have no daylight-saving change on the dates used, except where a test says so.
 */
class ScheduleDueTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void isDue_intervalElapsedExactly_isDue() {
        Schedule schedule = Schedule.parse("5m");
        Instant last = at("2024-01-01T10:00:00Z");

        assertThat(schedule.dueAt(last)).isEqualTo(at("2024-01-01T10:05:00Z"));
        assertThat(schedule.isDue(last, at("2024-01-01T10:04:59.999Z"))).isFalse();
        assertThat(schedule.isDue(last, at("2024-01-01T10:05:00Z"))).isTrue();
        assertThat(schedule.isDue(last, at("2024-01-01T11:00:00Z"))).isTrue();
    }

    @Test
    void isDue_compoundInterval_usesTotalLength() {
        Schedule schedule = Schedule.parse("1h30m");
        Instant last = at("2024-01-31T23:00:00Z");

        assertThat(schedule.dueAt(last)).isEqualTo(at("2024-02-01T00:30:00Z"));
        assertThat(schedule.isDue(last, at("2024-02-01T00:29:59Z"))).isFalse();
    }

    @Test
    void isDue_neverRefreshed_isDue() {
        Instant now = at("2024-01-01T10:00:00Z");

        assertThat(Schedule.parse("1w").isDue(null, now)).isTrue();
        assertThat(Schedule.parse("@yearly").isDue(null, now)).isTrue();
    }

    @Test
    void dueAt_intervalBeyondTimeline_saturatesAtMax() {
        Schedule schedule = Schedule.every(Duration.ofSeconds(Long.MAX_VALUE));

        assertThat(schedule.dueAt(at("2024-01-01T00:00:00Z"))).isEqualTo(Instant.MAX);
        assertThat(schedule.isDue(at("2024-01-01T00:00:00Z"), at("9999-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void isDue_cronFireBetweenLastRefreshAndNow_isDue() {
        Schedule schedule = Schedule.parse("*/5 * * * *");
        Instant last = at("2024-01-01T10:03:00Z");

        assertThat(schedule.dueAt(last)).isEqualTo(at("2024-01-01T10:05:00Z"));
        assertThat(schedule.isDue(last, at("2024-01-01T10:04:59Z"))).isFalse();
        assertThat(schedule.isDue(last, at("2024-01-01T10:05:00Z"))).isTrue();
        assertThat(schedule.isDue(last, at("2024-01-01T10:17:00Z"))).isTrue();
    }

    @Test
    void dueAt_lastRefreshOnFireTime_isNextFireStrictlyAfter() {
        Schedule schedule = Schedule.parse("*/5 * * * *");

        assertThat(schedule.dueAt(at("2024-01-01T10:05:00Z"))).isEqualTo(at("2024-01-01T10:10:00Z"));
        assertThat(schedule.dueAt(at("2024-01-01T10:04:59.999Z"))).isEqualTo(at("2024-01-01T10:05:00Z"));
        assertThat(schedule.dueAt(at("2024-01-01T10:05:00.001Z"))).isEqualTo(at("2024-01-01T10:10:00Z"));
    }

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource({
        // weekday ranges: Friday 07:00 -> Monday 06:00; names and numbers agree
        "0 6 * * 1-5,       2024-01-05T07:00:00Z, 2024-01-08T06:00:00Z",
        "0 6 * * MON-FRI,   2024-01-05T07:00:00Z, 2024-01-08T06:00:00Z",
        "0 6 * * 1-5,       2024-01-08T05:59:59Z, 2024-01-08T06:00:00Z",
        // Sunday is both 0 and 7
        "0 6 * * 0,         2024-01-01T00:00:00Z, 2024-01-07T06:00:00Z",
        "0 6 * * 7,         2024-01-01T00:00:00Z, 2024-01-07T06:00:00Z",
        "0 6 * * SUN,       2024-01-01T00:00:00Z, 2024-01-07T06:00:00Z",
        // both day fields restricted: either matches (the 5th is a Friday, the 13th a Saturday)
        "0 0 13 * 5,        2024-01-01T00:00:00Z, 2024-01-05T00:00:00Z",
        "0 0 0 13 * 5,      2024-01-01T00:00:00Z, 2024-01-05T00:00:00Z",
        // month ends: the 31st skips short months; 29 February waits for a leap year
        "0 0 31 * *,        2024-01-31T12:00:00Z, 2024-03-31T00:00:00Z",
        "0 0 29 2 *,        2024-03-01T00:00:00Z, 2028-02-29T00:00:00Z",
        "59 23 * * *,       2024-12-31T23:59:00Z, 2025-01-01T23:59:00Z",
        // 6 fields: seconds first
        "0 */5 * * * *,     2024-01-01T10:03:00Z, 2024-01-01T10:05:00Z",
        "30 * * * * *,      2024-01-01T10:00:30.500Z, 2024-01-01T10:01:30Z",
        "30 0 6 * * 1-5,    2024-01-06T00:00:00Z, 2024-01-08T06:00:30Z",
        "0 0 6 * * 7,       2024-01-01T00:00:00Z, 2024-01-07T06:00:00Z",
        // aliases
        "@hourly,           2024-01-01T10:00:00Z, 2024-01-01T11:00:00Z",
        "@daily,            2024-01-01T10:00:00Z, 2024-01-02T00:00:00Z",
        "@midnight,         2024-01-01T10:00:00Z, 2024-01-02T00:00:00Z",
        "@weekly,           2024-01-01T10:00:00Z, 2024-01-07T00:00:00Z",
        "@monthly,          2024-01-31T12:00:00Z, 2024-02-01T00:00:00Z",
        "@monthly,          2024-02-29T23:59:59Z, 2024-03-01T00:00:00Z",
        "@monthly,          2024-12-01T00:00:00Z, 2025-01-01T00:00:00Z",
        "@yearly,           2024-02-29T00:00:00Z, 2025-01-01T00:00:00Z",
        "@annually,         2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z",
    })
    void dueAt_cronInUtc_isNextFire(String expression, String lastRefresh, String expected) {
        Schedule schedule = Schedule.parse(expression);

        assertThat(schedule.dueAt(at(lastRefresh))).isEqualTo(at(expected));
        assertThat(schedule.isDue(at(lastRefresh), at(expected))).isTrue();
        assertThat(schedule.isDue(at(lastRefresh), at(expected).minusMillis(1))).isFalse();
    }

    @Test
    void dueAt_cronInTokyo_followsTokyoWallClock() {
        Schedule schedule = Schedule.parse("0 6 * * *", TOKYO);

        // 2024-01-01T00:00Z is 09:00 in Tokyo (UTC+9): the next 06:00 there is 21:00 UTC
        assertThat(schedule.dueAt(at("2024-01-01T00:00:00Z"))).isEqualTo(at("2024-01-01T21:00:00Z"));
        assertThat(Schedule.parse("@monthly", TOKYO).dueAt(at("2024-01-31T12:00:00Z")))
                .isEqualTo(at("2024-01-31T15:00:00Z"));
    }

    @Test
    void dueAt_weekdaysInNewYorkWinter_followsLocalWeekdays() {
        Schedule schedule = Schedule.parse("0 6 * * 1-5", NEW_YORK);

        // Friday 2024-01-05 07:00 EST (UTC-5) -> Monday 06:00 EST
        assertThat(schedule.dueAt(at("2024-01-05T12:00:00Z"))).isEqualTo(at("2024-01-08T11:00:00Z"));
        // Monday 2024-01-08 04:00 UTC is still Sunday 23:00 in New York: Monday 06:00 local comes next
        assertThat(schedule.dueAt(at("2024-01-08T04:00:00Z"))).isEqualTo(at("2024-01-08T11:00:00Z"));
    }

    @Test
    void dueAt_wallClockTimeSkippedByDaylightSaving_firesNextDay() {
        Schedule schedule = Schedule.parse("30 2 * * *", ZoneId.of("Europe/Berlin"));

        // 2024-03-31 02:00 CET jumps to 03:00 CEST: 02:30 does not exist that day
        assertThat(schedule.dueAt(at("2024-03-30T12:00:00Z"))).isEqualTo(at("2024-04-01T00:30:00Z"));
    }

    @Test
    void isDue_calculated_isIllegalState() {
        Instant now = at("2024-01-01T00:00:00Z");

        assertThatThrownBy(() -> Schedule.calculated().isDue(now, now))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resolve it over the dependency graph");
        assertThatThrownBy(() -> Schedule.calculated().dueAt(now)).isInstanceOf(IllegalStateException.class);
    }
}

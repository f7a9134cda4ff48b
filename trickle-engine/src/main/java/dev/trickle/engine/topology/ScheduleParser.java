package dev.trickle.engine.topology;

import dev.trickle.InvalidScheduleException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads schedule text: {@code calculated} or {@code null}, a cron alias ({@code @...}) or expression (text with
 * whitespace between fields), and otherwise a duration. Builds every {@link InvalidScheduleException} message, so
 * their wording is in one place.
 */
final class ScheduleParser {
    private static final String DURATION_HINT = "use a duration like 30s, 5m, 1h30m or a cron expression";
    private static final String CRON_HINT = "use 5 fields (minute hour day-of-month month day-of-week), 6 with"
            + " seconds first, or @hourly, @daily, @weekly, @monthly, @yearly";
    private static final String CRON_LIBRARY_PREFIX = "Failed to parse cron expression. ";

    private ScheduleParser() {}

    static Schedule parse(@Nullable String text, ZoneId zone) {
        if (text == null || text.equalsIgnoreCase("calculated")) {
            return CalculatedSchedule.INSTANCE;
        }
        if (text.isBlank()) {
            throw invalid(text, "it is empty", DURATION_HINT + ", or 'calculated'");
        }
        if (!text.equals(text.strip())) {
            throw invalid(text, "leading or trailing whitespace", DURATION_HINT);
        }
        int fields = text.split("\\s+").length;
        if (text.startsWith("@") || fields > 1) {
            return cron(text, fields, zone);
        }
        return IntervalSchedule.of(duration(text));
    }

    private static Schedule cron(String text, int fields, ZoneId zone) {
        if (!text.startsWith("@") && fields != 5 && fields != 6) {
            throw invalid(text, "a cron expression has 5 or 6 fields, not " + fields,
                    "use a duration without spaces like 1h30m, or " + CRON_HINT);
        }
        try {
            return CronSchedule.parse(text, fields, zone);
        } catch (RuntimeException e) {
            throw new InvalidScheduleException(text, message(text, cronReason(e), CRON_HINT), e);
        }
    }

    /** cron-utils writes "Failed to parse cron expression. Value 61 not in range [0, 59]": keep the reason. */
    private static String cronReason(RuntimeException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.startsWith(CRON_LIBRARY_PREFIX)) {
            reason = reason.substring(CRON_LIBRARY_PREFIX.length());
        }
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }

    /** Reads {@code <number><unit>} components, units from the largest to the smallest, each at most once. */
    private static Duration duration(String text) {
        long millis = 0;
        int previousUnit = -1;
        int i = 0;
        while (i < text.length()) {
            int numberStart = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == numberStart) {
                throw invalid(text, expectedNumber(text, i), DURATION_HINT);
            }
            String number = text.substring(numberStart, i);
            int unitStart = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) {
                i++;
            }
            int unit = unit(text, number, unitStart, i);
            if (unit == previousUnit) {
                throw invalid(text, "unit '" + IntervalSchedule.UNITS[unit] + "' appears twice", DURATION_HINT);
            }
            if (unit < previousUnit) {
                throw invalid(text, "units must go from the largest to the smallest (w, d, h, m, s, ms)",
                        DURATION_HINT);
            }
            previousUnit = unit;
            millis = add(text, millis, number, IntervalSchedule.MILLIS[unit]);
        }
        if (millis == 0) {
            throw invalid(text, "a schedule must be positive", DURATION_HINT);
        }
        return Duration.ofMillis(millis);
    }

    private static String expectedNumber(String text, int at) {
        char c = text.charAt(at);
        if (c == '-' && at == 0) {
            return "a schedule must be positive";
        }
        if (Character.isLetter(c)) {
            return "expected a number before '" + text.substring(at) + "'";
        }
        return "unexpected character '" + c + "'";
    }

    /** Returns the index of the unit in {@code text[start, end)}, or throws naming what is wrong. */
    private static int unit(String text, String number, int start, int end) {
        if (start == end) {
            throw invalid(text, start == text.length()
                    ? "missing unit after '" + number + "'"
                    : "unexpected character '" + text.charAt(start) + "'", DURATION_HINT);
        }
        String unit = text.substring(start, end);
        int index = IntervalSchedule.unitIndex(unit);
        if (index < 0) {
            throw invalid(text, "unknown unit '" + unit + "'", DURATION_HINT);
        }
        return index;
    }

    private static long add(String text, long millis, String number, long unitMillis) {
        try {
            return Math.addExact(millis, Math.multiplyExact(Long.parseLong(number), unitMillis));
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(text, "the duration is too long", DURATION_HINT);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static InvalidScheduleException invalid(String text, String reason, String hint) {
        return new InvalidScheduleException(text, message(text, reason, hint), null);
    }

    private static String message(String text, String reason, String hint) {
        return String.format(Locale.ROOT, "invalid schedule '%s': %s; %s", text, reason, hint);
    }
}

package dev.trickle.bench;

import java.util.Locale;

/** Progress lines on standard error, stamped with the time since the benchmark started, so long runs show life. */
final class Progress {
    private static final long START = System.nanoTime();

    private Progress() {}

    /**
     * Prints a progress line.
     *
     * @param format a {@link String#format} pattern
     * @param args its arguments
     */
    static void log(String format, Object... args) {
        double seconds = (System.nanoTime() - START) / 1e9;
        System.err.printf(Locale.ROOT, "[bench %7.1fs] %s%n", seconds, String.format(Locale.ROOT, format, args));
        System.err.flush();
    }

    /** @return seconds since the benchmark started */
    static double elapsedSeconds() {
        return (System.nanoTime() - START) / 1e9;
    }
}

package dev.trickle.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Timings of repeated runs of one measurement, in nanoseconds, summarised by median, minimum and maximum.
 *
 * @param nanos the timings, sorted
 */
record Samples(long[] nanos) {

    Samples {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    /** @return the median; the mean of the middle two for an even count */
    double medianNanos() {
        int n = nanos.length;
        return n % 2 == 1 ? nanos[n / 2] : (nanos[n / 2 - 1] + nanos[n / 2]) / 2.0;
    }

    /** @return the median in milliseconds */
    double medianMillis() {
        return medianNanos() / 1e6;
    }

    /** @return the median in microseconds */
    double medianMicros() {
        return medianNanos() / 1e3;
    }

    /** @return {@code median [min–max]} in milliseconds */
    String millisWithRange() {
        return String.format(Locale.ROOT, "%s [%s–%s]", ms(medianNanos()), ms(nanos[0]), ms(nanos[nanos.length - 1]));
    }

    /** @return {@code median [p10–p90]} in milliseconds */
    String millisWithPercentiles() {
        return String.format(Locale.ROOT, "%s [%s–%s]", ms(medianNanos()), ms(percentile(10)), ms(percentile(90)));
    }

    /** @return {@code median [p10–p90]} in microseconds, for samples too many for a min–max to mean much */
    String microsWithSpread() {
        return String.format(Locale.ROOT, "%.1f [%.1f–%.1f]", medianMicros(), percentile(10) / 1e3,
                percentile(90) / 1e3);
    }

    /**
     * Returns a percentile, by the nearest-rank-below method.
     *
     * @param p 0 for the minimum, 10 for the fastest decile's upper bound, and so on
     * @return the percentile in nanoseconds
     */
    double percentile(int p) {
        return nanos[Math.min(nanos.length - 1, (int) Math.floor(p / 100.0 * nanos.length))];
    }

    /**
     * Formats a duration in milliseconds with precision that suits its size.
     *
     * @param nanos the duration in nanoseconds
     * @return the milliseconds
     */
    static String ms(double nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    /**
     * Formats a ratio.
     *
     * @param numerator the numerator
     * @param denominator the denominator
     * @return {@code 12.3×}
     */
    static String ratio(double numerator, double denominator) {
        double r = numerator / denominator;
        return String.format(Locale.ROOT, r < 10 ? "%.2f×" : "%.1f×", r);
    }
}

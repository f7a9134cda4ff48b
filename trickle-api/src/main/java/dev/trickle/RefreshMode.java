package dev.trickle;

import java.util.Locale;

/** How a stream table is kept up to date. */
public enum RefreshMode {
    /**
     * {@link #DIFFERENTIAL} when the query allows it, otherwise {@link #FULL}; the fallback is logged as a warning
     * that says why. The default.
     */
    AUTO,
    /** Each refresh applies only the effect of the rows that changed since the last one. */
    DIFFERENTIAL,
    /** Each refresh recomputes the query and writes only the rows that differ. */
    FULL,
    /** Maintained inside the writing transaction; no refresh needed. */
    IMMEDIATE;

    /**
     * Reads a mode name case-insensitively, as the SQL facade receives it.
     *
     * @param text {@code auto}, {@code differential}, {@code full} or {@code immediate}, in any case
     * @return the mode
     * @throws IllegalArgumentException if {@code text} names no mode
     */
    public static RefreshMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown refresh mode '" + text + "': expected AUTO, DIFFERENTIAL, FULL or IMMEDIATE", e);
        }
    }
}

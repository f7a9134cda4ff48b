package dev.trickle;

import java.util.Locale;

/** When an atomic diamond group refreshes, given that its members have schedules of their own. */
public enum DiamondSchedulePolicy {
    /** As soon as any member is due: fresher data, more refreshes. The default. */
    FASTEST,
    /** Only when every member is due: fewer refreshes, faster members wait for the slowest. */
    SLOWEST;

    /**
     * Reads a name case-insensitively, as the SQL facade receives it.
     *
     * @param text {@code fastest} or {@code slowest}
     * @return the value
     * @throws IllegalArgumentException if {@code text} names no value
     */
    public static DiamondSchedulePolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown diamond schedule policy '" + text + "': expected fastest or slowest", e);
        }
    }
}

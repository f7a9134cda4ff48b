package dev.trickle;

import java.util.Locale;

/**
 * How the stream tables of a diamond refresh: where two paths from a common source meet again in a stream table
 * (A feeds B and C, and D reads both), D could otherwise see B and C at different moments.
 */
public enum DiamondConsistency {
    /**
     * The members of the diamond refresh together, in one transaction with one snapshot: D always sees B and C as
     * of the same moment, and if one member fails, none of the group's refresh is applied. Applies when every member
     * of the group asks for it. The default.
     */
    ATOMIC,
    /** Each member refreshes on its own. */
    NONE;

    /**
     * Reads a name case-insensitively, as the SQL facade receives it.
     *
     * @param text {@code atomic} or {@code none}
     * @return the value
     * @throws IllegalArgumentException if {@code text} names no value
     */
    public static DiamondConsistency parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown diamond consistency '" + text + "': expected atomic or none", e);
        }
    }
}

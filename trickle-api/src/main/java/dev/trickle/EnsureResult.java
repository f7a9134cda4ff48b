package dev.trickle;

import java.util.Objects;

/**
 * What {@link Trickle#ensureStreamTable} did to make a stream table match its definition.
 *
 * @param streamTable the stream table as it is now defined
 * @param action what was done
 */
public record EnsureResult(StreamTable streamTable, Action action) {

    /** What was done. */
    public enum Action {
        /** No stream table had the name: it was created. */
        CREATED,
        /** The stream table had this definition already: nothing was done. */
        UNCHANGED,
        /** Only its schedule or diamond options differed: they were changed in place. */
        ALTERED,
        /** Its query or refresh mode differed: it was replaced (new storage, new initial load). */
        REPLACED
    }

    /**
     * Checks the components.
     *
     * @param streamTable the stream table as it is now defined
     * @param action what was done
     */
    public EnsureResult {
        Objects.requireNonNull(streamTable, "streamTable");
        Objects.requireNonNull(action, "action");
    }
}

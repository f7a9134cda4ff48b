package dev.trickle;

/** What a refresh did. */
public enum RefreshAction {
    /** Nothing had changed since the last refresh; only the frontier moved. */
    NO_DATA,
    /** The query was recomputed and the differences written. */
    FULL,
    /** Only the effect of the changed rows was computed and applied. */
    DIFFERENTIAL
}

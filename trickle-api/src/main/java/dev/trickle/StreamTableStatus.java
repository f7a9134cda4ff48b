package dev.trickle;

/** The state of a stream table. */
public enum StreamTableStatus {
    /** Refreshed normally. */
    ACTIVE,
    /** Not refreshed by the scheduler after repeated transient failures, until resumed. */
    SUSPENDED,
    /** The last refresh failed permanently; the catalog holds the message. */
    ERROR
}

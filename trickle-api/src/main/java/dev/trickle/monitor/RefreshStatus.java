package dev.trickle.monitor;

/** How a refresh recorded in the history ended. */
public enum RefreshStatus {
    /** Still running. */
    RUNNING,
    /** Committed. */
    COMPLETED,
    /** Rolled back; the error message says why. */
    FAILED
}

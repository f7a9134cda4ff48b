package dev.trickle.jooq.delta;

/** Which version of a source a delta term reads. */
public enum Version {
    /** The source's contents as of the refresh's snapshot (the post-state). */
    POST,
    /** The source's changes between the stream table's frontier and the refresh's snapshot, as weighted rows. */
    DELTA
}

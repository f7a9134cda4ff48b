package dev.trickle.jooq.delta;

/** Which version of a source a delta term reads. */
public enum Version {
    /** The source's contents as of the refresh's snapshot (the post-state). */
    POST,
    /** The source's changes between the stream table's frontier and the refresh's snapshot, as weighted rows. */
    DELTA,
    /**
     * No version: one row whose columns are all NULL, the padding an outer join gives a row without a match. Its row
     * weighs 1, and its key columns are NULL, so a padded row's identity differs from every matched row's.
     */
    NULL
}

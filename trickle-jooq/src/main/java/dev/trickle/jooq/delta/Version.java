package dev.trickle.jooq.delta;

/** Which version of a source a delta term reads. */
public enum Version {
    /** The source's contents as of the refresh's snapshot (the post-state). */
    POST,
    /** The source's changes between the stream table's frontier and the refresh's snapshot, as weighted rows. */
    DELTA,
    /**
     * The source's contents before those changes, {@code R_pre = R_post - ΔR} as a Z-set: the table's rows weighing +1
     * and its change rows with their weights negated, one FROM item. A row that changed appears twice, once from the
     * table and once from the changes, and the two cancel in any sum; nothing is netted by content, so keyless tables
     * and equal rows need no case of their own. Only a scan has it (the linear join rule, {@link
     * InnerJoinDeltaRule}).
     */
    PRE,
    /**
     * No version: one row whose columns are all NULL, the padding an outer join gives a row without a match. Its row
     * weighs 1, and its key columns are NULL, so a padded row's identity differs from every matched row's.
     */
    NULL
}

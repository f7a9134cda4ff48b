package dev.trickle.jooq.model;

/** How the rows of a storage table are identified ({@code __pgt_row_id}). */
public enum RowIdentity {
    /**
     * A hash of the keys the row derives from: the primary keys of the joined source rows, or the group key of an
     * aggregate. An updated source row keeps its identity, so refreshes can update in place.
     */
    KEY,
    /**
     * A hash of the whole row and its occurrence number among equal rows. Used when the query's rows have no key
     * (full refresh only): a changed row is a deleted row plus an inserted one.
     */
    CONTENT
}

package dev.trickle.jooq.delta;

import dev.trickle.jooq.sql.Sql;
import java.util.List;
import org.jooq.Select;

/**
 * What a top rule makes of its operator: the query that computes the storage rows from the current sources, and
 * the CTEs that compute the net changes of the storage table from the body's delta, the last one named {@link
 * dev.trickle.jooq.sql.ApplyStatement#CHANGES}: one row per changed row identity, with every storage column, the
 * identity and the action. {@link dev.trickle.jooq.sql.ApplyStatement} turns it into the refresh statement.
 *
 * @param storageQuery the initial load and full refresh: every storage column, then {@code __pgt_row_id}
 * @param hiddenColumns the state columns after the output columns ({@code __pgt_count}, ...)
 * @param ctes the net-change CTEs, in order
 */
public record NetChange(Select<?> storageQuery, List<String> hiddenColumns, List<Sql.Cte> ctes) {
    /**
     * Copies the lists.
     *
     * @param storageQuery the initial load and full refresh: every storage column, then {@code __pgt_row_id}
     * @param hiddenColumns the state columns after the output columns ({@code __pgt_count}, ...)
     * @param ctes the net-change CTEs, in order
     */
    public NetChange {
        hiddenColumns = List.copyOf(hiddenColumns);
        ctes = List.copyOf(ctes);
    }
}

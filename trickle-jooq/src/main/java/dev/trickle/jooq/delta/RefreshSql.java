package dev.trickle.jooq.delta;

import java.util.List;

/**
 * The SQL of a differentiable stream table.
 *
 * @param storageQuery the query over current tables that produces every storage column and {@code __pgt_row_id}:
 *     the initial load and full refresh
 * @param hiddenColumns the names of the state columns after the output columns ({@code __pgt_count}, ...)
 * @param differentialSql the statement that applies the changes since the frontier; returns inserted, updated,
 *     deleted
 */
public record RefreshSql(String storageQuery, List<String> hiddenColumns, String differentialSql) {
    /**
     * Copies the list.
     *
     * @param storageQuery the query over current tables that produces every storage column and {@code __pgt_row_id}:
     *     the initial load and full refresh
     * @param hiddenColumns the names of the state columns after the output columns ({@code __pgt_count}, ...)
     * @param differentialSql the statement that applies the changes since the frontier; returns inserted, updated,
     *     deleted
     */
    public RefreshSql {
        hiddenColumns = List.copyOf(hiddenColumns);
    }
}

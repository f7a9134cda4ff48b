package dev.trickle.jooq;

import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine executes for one stream table: how to create its storage, and how to refresh it.
 *
 * @param target the qualified stream table name
 * @param query the defining query text
 * @param effectiveMode {@link RefreshMode#FULL} or {@link RefreshMode#DIFFERENTIAL}
 * @param fallbackReason why {@link RefreshMode#AUTO} runs as {@link RefreshMode#FULL}, or {@code null}
 * @param rowIdentity how storage rows are identified
 * @param storageColumns every storage column except {@code __pgt_row_id}: the query's output columns, then hidden
 *     state columns
 * @param createStatements the DDL that creates and fills the storage table
 * @param fullRefreshSql the statement that recomputes the query and applies the difference
 */
public record CompiledStreamTable(
        TableName target,
        String query,
        RefreshMode effectiveMode,
        @Nullable String fallbackReason,
        RowIdentity rowIdentity,
        List<OutputColumn> storageColumns,
        List<String> createStatements,
        String fullRefreshSql) {

    /** Copies the lists so the record stays immutable. */
    public CompiledStreamTable {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(effectiveMode, "effectiveMode");
        storageColumns = List.copyOf(storageColumns);
        createStatements = List.copyOf(createStatements);
    }
}

package dev.trickle.jooq;

import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.jooq.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine executes for one stream table, except what depends on its catalog id (see {@link
 * QueryCompiler#differentialSql}).
 *
 * @param target the qualified stream table name
 * @param query the defining query text
 * @param effectiveMode {@link RefreshMode#FULL} or {@link RefreshMode#DIFFERENTIAL}
 * @param fallbackReason why {@link RefreshMode#AUTO} runs as {@link RefreshMode#FULL}, or {@code null}
 * @param rowIdentity how storage rows are identified
 * @param plan the operator plan, or {@code null} when the query has none (refreshed in full, by content)
 * @param storageColumns every storage column except {@code __pgt_row_id}: the output columns, then hidden state
 * @param storageQuery the query over current tables that computes the storage rows
 * @param createStatements the DDL that creates and fills the storage table
 * @param fullRefreshSql the statement that recomputes the query and applies the difference
 * @param captureColumns for each source (by OID) to capture, the columns its buffer must record
 * @param keyTypes the base types of the row identity's keys, or empty if unknown (see {@link CompileRequest})
 */
public record CompiledStreamTable(
        TableName target,
        String query,
        RefreshMode effectiveMode,
        @Nullable String fallbackReason,
        RowIdentity rowIdentity,
        @Nullable Plan plan,
        List<OutputColumn> storageColumns,
        String storageQuery,
        List<String> createStatements,
        String fullRefreshSql,
        Map<Long, List<String>> captureColumns,
        List<String> keyTypes) {

    /**
     * Copies the collections so the record stays immutable.
     *
     * @param target the qualified stream table name
     * @param query the defining query text
     * @param effectiveMode {@link RefreshMode#FULL} or {@link RefreshMode#DIFFERENTIAL}
     * @param fallbackReason why {@link RefreshMode#AUTO} runs as {@link RefreshMode#FULL}, or {@code null}
     * @param rowIdentity how storage rows are identified
     * @param plan the operator plan, or {@code null} when the query has none (refreshed in full, by content)
     * @param storageColumns every storage column except {@code __pgt_row_id}: the output columns, then hidden state
     * @param storageQuery the query over current tables that computes the storage rows
     * @param createStatements the DDL that creates and fills the storage table
     * @param fullRefreshSql the statement that recomputes the query and applies the difference
     * @param captureColumns for each source (by OID) to capture, the columns its buffer must record
     * @param keyTypes the base types of the row identity's keys, or empty if unknown (see {@link CompileRequest})
     */
    public CompiledStreamTable {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(effectiveMode, "effectiveMode");
        storageColumns = List.copyOf(storageColumns);
        createStatements = List.copyOf(createStatements);
        captureColumns = Map.copyOf(captureColumns);
        keyTypes = List.copyOf(keyTypes);
    }

    /** @return the number of output columns, before the hidden state columns */
    public int outputCount() {
        return plan == null ? storageColumns.size() : plan.outputNames().size();
    }
}

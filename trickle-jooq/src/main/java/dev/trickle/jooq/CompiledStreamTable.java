package dev.trickle.jooq;

import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.jooq.model.CompileRequest;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.Sql;
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
 * @param differential what the differential statement is rendered from, or {@code null} without a plan
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
        List<String> keyTypes,
        @Nullable Differential differential) {

    /**
     * What the differential statement is rendered from, once the catalog id is known: no translation or
     * differentiation happens after {@link QueryCompiler#compile}.
     *
     * @param netChanges the top operator's net-change CTEs
     * @param changedSources the captured sources the delta reads
     */
    public record Differential(List<Sql.Cte> netChanges, List<ApplyStatement.ChangedSource> changedSources) {
        /**
         * Copies the lists.
         *
         * @param netChanges the top operator's net-change CTEs
         * @param changedSources the captured sources the delta reads
         */
        public Differential {
            netChanges = List.copyOf(netChanges);
            changedSources = List.copyOf(changedSources);
        }
    }

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
     * @param differential what the differential statement is rendered from, or {@code null} without a plan
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

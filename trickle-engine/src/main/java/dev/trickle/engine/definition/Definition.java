package dev.trickle.engine.definition;

import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.sql.SqlNames;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a refresh of one stream table runs, compiled by this engine from the stream table's definition. Never read
 * from the catalog: the catalog holds the definition, not SQL to execute.
 *
 * @param id the stream table's catalog id
 * @param generation the catalog row's generation this was compiled for; a reinitialize raises it
 * @param name the stream table's qualified name
 * @param relid the storage table's OID
 * @param searchPath the {@code search_path} the definition was created under and is compiled and run under
 * @param effectiveMode FULL or DIFFERENTIAL
 * @param requestedMode the mode asked for: AUTO, DIFFERENTIAL or FULL
 * @param rowIdentity how storage rows are identified
 * @param statements the apply statements (full, and differential if the mode is), with bookkeeping after the
 *     apply
 * @param loadStatements the statements that fill the empty storage table of a stream table not yet loaded (the
 *     first's update count is the rows loaded), then index it
 * @param changesSql the pending-changes query, or {@code null} without captured sources
 * @param uncaptured whether the stream table reads sources without capture (or none at all)
 * @param storageColumns the storage table's columns except {@code __pgt_row_id}: outputs, then hidden state
 */
public record Definition(
        long id,
        long generation,
        TableName name,
        long relid,
        String searchPath,
        RefreshMode effectiveMode,
        RefreshMode requestedMode,
        RowIdentity rowIdentity,
        ApplyStatements statements,
        List<String> loadStatements,
        @Nullable String changesSql,
        boolean uncaptured,
        List<OutputColumn> storageColumns) {

    /**
     * Copies the columns.
     *
     * @param id the stream table's catalog id
     * @param generation the catalog row's generation this was compiled for; a reinitialize raises it
     * @param name the stream table's qualified name
     * @param relid the storage table's OID
     * @param searchPath the {@code search_path} the definition was created under and is compiled and run under
     * @param effectiveMode FULL or DIFFERENTIAL
     * @param requestedMode the mode asked for: AUTO, DIFFERENTIAL or FULL
     * @param rowIdentity how storage rows are identified
     * @param statements the apply statements, with bookkeeping after the apply
     * @param loadStatements the statements that fill and then index the empty storage table of a stream table not
     *     yet loaded
     * @param changesSql the pending-changes query, or {@code null} without captured sources
     * @param uncaptured whether the stream table reads sources without capture (or none at all)
     * @param storageColumns the storage table's columns except {@code __pgt_row_id}: outputs, then hidden state
     */
    public Definition {
        loadStatements = List.copyOf(loadStatements);
        storageColumns = List.copyOf(storageColumns);
    }

    /** @return the storage table, quoted and qualified */
    public String storage() {
        return SqlNames.qualified(name);
    }
}

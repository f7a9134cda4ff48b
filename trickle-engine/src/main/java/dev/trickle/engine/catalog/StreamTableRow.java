package dev.trickle.engine.catalog;

import dev.trickle.DiamondConsistency;
import dev.trickle.DiamondSchedulePolicy;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code pgtrickle.pgt_stream_tables}.
 *
 * @param id the catalog id
 * @param relid the storage table's OID
 * @param name the qualified name
 * @param query the defining query
 * @param searchPath the {@code search_path} the query was created under; refreshes compile and run it under it
 * @param refreshMode the requested mode
 * @param effectiveMode how refreshes run
 * @param fallbackReason why AUTO runs as FULL, or {@code null}
 * @param rowIdentity {@code KEY} or {@code CONTENT}
 * @param generation raised whenever the stream table is reinitialized; engines compile its definition again
 * @param schedule the schedule, or {@code null}
 * @param status the status
 * @param dataTimestamp when the data of the last refresh was read
 * @param consecutiveErrors failed refreshes since the last success
 * @param lastError the message of the last failure, or {@code null}
 * @param createdAt when the stream table was created
 * @param diamondConsistency {@code atomic} or {@code none}
 * @param diamondSchedulePolicy {@code fastest} or {@code slowest}
 * @param populated whether its storage was loaded; not yet between a create's two transactions (or after a crash
 *     there), when its next refresh loads it
 */
public record StreamTableRow(
        long id,
        long relid,
        TableName name,
        String query,
        String searchPath,
        RefreshMode refreshMode,
        RefreshMode effectiveMode,
        @Nullable String fallbackReason,
        String rowIdentity,
        long generation,
        @Nullable String schedule,
        StreamTableStatus status,
        @Nullable Instant dataTimestamp,
        int consecutiveErrors,
        @Nullable String lastError,
        Instant createdAt,
        String diamondConsistency,
        String diamondSchedulePolicy,
        boolean populated) {

    /**
     * Rebuilds the definition this row was created from.
     *
     * @return the spec
     */
    public StreamTableSpec toSpec() {
        return new StreamTableSpec(name, query, refreshMode, schedule,
                DiamondConsistency.parse(diamondConsistency), DiamondSchedulePolicy.parse(diamondSchedulePolicy));
    }

    /**
     * Converts to the API's record.
     *
     * @param sources the relations the stream table reads
     * @return the public view of this row
     */
    public StreamTable toStreamTable(List<TableName> sources) {
        return new StreamTable(name, query, refreshMode, effectiveMode, fallbackReason, schedule, status, sources,
                dataTimestamp, lastError, createdAt);
    }
}

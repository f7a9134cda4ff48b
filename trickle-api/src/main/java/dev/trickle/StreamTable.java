package dev.trickle;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A stream table as the catalog knows it. Immutable: a snapshot taken when the engine answered.
 *
 * @param name the qualified name of the stream table (and of its storage table)
 * @param query the defining query
 * @param refreshMode the requested refresh mode
 * @param effectiveMode how refreshes actually run: {@link RefreshMode#FULL} when {@link RefreshMode#AUTO} had to
 *     fall back, otherwise the requested mode
 * @param fallbackReason why {@link RefreshMode#AUTO} fell back to {@link RefreshMode#FULL}, or {@code null}
 * @param schedule the schedule, or {@code null} when calculated from the stream tables that read this one
 * @param status whether the stream table is refreshed normally
 * @param sources the tables and stream tables the query reads
 * @param dataTimestamp when the data of the last successful refresh was read, or {@code null} before the first
 * @param lastError the message of the last failed refresh, or {@code null}
 * @param createdAt when the stream table was created
 */
public record StreamTable(
        TableName name,
        String query,
        RefreshMode refreshMode,
        RefreshMode effectiveMode,
        @Nullable String fallbackReason,
        @Nullable String schedule,
        StreamTableStatus status,
        List<TableName> sources,
        @Nullable Instant dataTimestamp,
        @Nullable String lastError,
        Instant createdAt) {

    /**
     * Copies {@code sources} so the record stays immutable.
     *
     * @param name the qualified name of the stream table (and of its storage table)
     * @param query the defining query
     * @param refreshMode the requested refresh mode
     * @param effectiveMode how refreshes actually run: {@link RefreshMode#FULL} when {@link RefreshMode#AUTO} had to
     *     fall back, otherwise the requested mode
     * @param fallbackReason why {@link RefreshMode#AUTO} fell back to {@link RefreshMode#FULL}, or {@code null}
     * @param schedule the schedule, or {@code null} when calculated from the stream tables that read this one
     * @param status whether the stream table is refreshed normally
     * @param sources the tables and stream tables the query reads
     * @param dataTimestamp when the data of the last successful refresh was read, or {@code null} before the first
     * @param lastError the message of the last failed refresh, or {@code null}
     * @param createdAt when the stream table was created
     */
    public StreamTable {
        sources = List.copyOf(sources);
    }
}

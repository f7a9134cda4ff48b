package dev.trickle.monitor;

import dev.trickle.RefreshAction;
import dev.trickle.TableName;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pgtrickle.refresh_timeline(max_rows)}: one refresh from the history of all stream tables.
 *
 * @param startTime when the refresh started
 * @param streamTable the refreshed stream table
 * @param action what it did, or tried to do
 * @param status how it ended
 * @param rowsInserted rows it inserted
 * @param rowsDeleted rows it deleted
 * @param duration how long it took ({@code duration_ms}), or {@code null} if it has not ended
 * @param errorMessage why it failed, or {@code null}
 * @param rowsUpdated rows it updated
 * @param initiatedBy who started it: {@code CREATE} (the initial load), {@code MANUAL} ({@code Trickle.refresh}),
 *     {@code SCHEDULER} or {@code SQL}
 */
public record RefreshEvent(
        Instant startTime,
        TableName streamTable,
        RefreshAction action,
        RefreshStatus status,
        long rowsInserted,
        long rowsDeleted,
        @Nullable Duration duration,
        @Nullable String errorMessage,
        long rowsUpdated,
        String initiatedBy) {

    /**
     * Checks that no required component is null.
     *
     * @param startTime when the refresh started
     * @param streamTable the refreshed stream table
     * @param action what it did, or tried to do
     * @param status how it ended
     * @param rowsInserted rows it inserted
     * @param rowsDeleted rows it deleted
     * @param duration how long it took ({@code duration_ms}), or {@code null} if it has not ended
     * @param errorMessage why it failed, or {@code null}
     * @param rowsUpdated rows it updated
     * @param initiatedBy who started it: {@code CREATE} (the initial load), {@code MANUAL} ({@code Trickle.refresh}),
     *     {@code SCHEDULER} or {@code SQL}
     */
    public RefreshEvent {
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(streamTable, "streamTable");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(initiatedBy, "initiatedBy");
    }
}

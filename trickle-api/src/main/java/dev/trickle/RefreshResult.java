package dev.trickle;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one refresh did.
 *
 * @param streamTable the refreshed stream table
 * @param action whether it recomputed, applied changes, or found nothing to do
 * @param rowsInserted rows added to the storage table
 * @param rowsUpdated rows of the storage table whose values changed
 * @param rowsDeleted rows removed from the storage table
 * @param duration how long the refresh took, end to end
 * @param reason why a differential stream table was recomputed in full, or {@code null}
 */
public record RefreshResult(
        TableName streamTable,
        RefreshAction action,
        long rowsInserted,
        long rowsUpdated,
        long rowsDeleted,
        Duration duration,
        @Nullable String reason) {

    /** @return the number of storage rows written (inserted, updated or deleted) */
    public long rowsChanged() {
        return rowsInserted + rowsUpdated + rowsDeleted;
    }
}

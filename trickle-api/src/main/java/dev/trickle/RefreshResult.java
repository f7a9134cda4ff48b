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
 * @param duration how long the refresh took as its caller saw it: from the call until the result, including the
 *     wait for a connection and for the lock ({@link #lockWait})
 * @param reason why a differential stream table was recomputed in full, or {@code null}
 * @param lockWait the part of {@code duration} spent waiting for the lock on the storage table (another engine's
 *     refresh of it, or a DDL statement, held it); {@link Duration#ZERO} when the refresh took no lock
 */
public record RefreshResult(
        TableName streamTable,
        RefreshAction action,
        long rowsInserted,
        long rowsUpdated,
        long rowsDeleted,
        Duration duration,
        @Nullable String reason,
        Duration lockWait) {

    /**
     * Checks the durations.
     *
     * @param streamTable the refreshed stream table
     * @param action whether it recomputed, applied changes, or found nothing to do
     * @param rowsInserted rows added to the storage table
     * @param rowsUpdated rows of the storage table whose values changed
     * @param rowsDeleted rows removed from the storage table
     * @param duration how long the refresh took as its caller saw it, lock wait included
     * @param reason why a differential stream table was recomputed in full, or {@code null}
     * @param lockWait the part of {@code duration} spent waiting for the lock
     */
    public RefreshResult {
        if (duration.isNegative() || lockWait.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + duration + ", lock wait " + lockWait);
        }
    }

    /**
     * A result without a lock wait.
     *
     * @param streamTable the refreshed stream table
     * @param action whether it recomputed, applied changes, or found nothing to do
     * @param rowsInserted rows added to the storage table
     * @param rowsUpdated rows of the storage table whose values changed
     * @param rowsDeleted rows removed from the storage table
     * @param duration how long the refresh took as its caller saw it
     * @param reason why a differential stream table was recomputed in full, or {@code null}
     */
    public RefreshResult(TableName streamTable, RefreshAction action, long rowsInserted, long rowsUpdated,
            long rowsDeleted, Duration duration, @Nullable String reason) {
        this(streamTable, action, rowsInserted, rowsUpdated, rowsDeleted, duration, reason, Duration.ZERO);
    }

    /** @return the number of storage rows written (inserted, updated or deleted) */
    public long rowsChanged() {
        return rowsInserted + rowsUpdated + rowsDeleted;
    }
}

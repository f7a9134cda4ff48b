package dev.trickle.spi;

import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import org.jspecify.annotations.Nullable;

/**
 * Hears what refreshes do: bind metrics or alerts to it. Registered with {@code Trickle.Builder.listener(...)}.
 * Called on the thread that ran the refresh, after its transaction ended; keep it quick and do not throw (an
 * exception is logged and ignored).
 */
public interface RefreshListener {

    /**
     * A refresh committed. The initial load of a new stream table is one too (action {@code FULL}, not scheduled).
     *
     * @param result what it did
     * @param scheduled whether the scheduler ran it (otherwise a caller did)
     */
    default void onRefresh(RefreshResult result, boolean scheduled) {}

    /**
     * A refresh failed and was rolled back.
     *
     * @param streamTable the stream table
     * @param failure why; {@link RefreshException#isTransient()} tells whether it will be retried
     * @param scheduled whether the scheduler ran it
     */
    default void onFailure(TableName streamTable, RefreshException failure, boolean scheduled) {}

    /**
     * A stream table's status changed: suspended after repeated failures, in error after a permanent failure,
     * or active again.
     *
     * @param streamTable the stream table
     * @param from its old status
     * @param to its new status
     * @param reason why, or {@code null}
     */
    default void onStatusChange(TableName streamTable, StreamTableStatus from, StreamTableStatus to,
            @Nullable String reason) {}
}

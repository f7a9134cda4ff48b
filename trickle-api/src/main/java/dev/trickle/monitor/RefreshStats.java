package dev.trickle.monitor;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of the view {@code pgtrickle.pg_stat_stream_tables}: the state of one stream table with totals over its
 * refresh history. The view's compatibility columns {@code needs_reinit} (always false), {@code scc_id} and {@code
 * last_fixpoint_iterations} (always null: Trickle has no cycles) are left out.
 *
 * @param id the stream table's catalog id ({@code pgt_id})
 * @param name the stream table ({@code pgt_schema} and {@code pgt_name})
 * @param status whether it is refreshed normally
 * @param refreshMode the requested refresh mode
 * @param populated whether its storage table has been filled ({@code is_populated})
 * @param dataTimestamp the point in time its data represents, or {@code null} before the first refresh
 * @param schedule its schedule, or {@code null} when calculated
 * @param staleness the age of its data, or {@code null} before the first refresh
 * @param stale whether the data is older than a duration schedule; {@code null} for cron schedules and before the
 *     first refresh
 * @param consecutiveErrors refresh failures in a row
 * @param lastRefreshAt when the last refresh ran, or {@code null}
 * @param totalRefreshes refreshes in the history
 * @param successfulRefreshes refreshes in the history that completed
 * @param failedRefreshes refreshes in the history that failed
 * @param totalRowsInserted rows inserted over the history
 * @param totalRowsDeleted rows deleted over the history
 * @param averageDuration the average duration of the finished refreshes in the history ({@code avg_duration_ms}),
 *     or {@code null} if there are none
 * @param lastAction what the latest refresh in the history did, or {@code null} without history
 * @param lastStatus how the latest refresh in the history ended, or {@code null} without history
 * @param cdcModes how its captured sources are tracked ({@code TRIGGER}); empty if it has none
 * @param effectiveMode how refreshes actually run ({@link RefreshMode#AUTO} resolved)
 * @param totalRowsUpdated rows updated over the history
 * @param lastError the message of the last failed refresh, or {@code null}
 */
public record RefreshStats(
        long id,
        TableName name,
        StreamTableStatus status,
        RefreshMode refreshMode,
        boolean populated,
        @Nullable Instant dataTimestamp,
        @Nullable String schedule,
        @Nullable Duration staleness,
        @Nullable Boolean stale,
        int consecutiveErrors,
        @Nullable Instant lastRefreshAt,
        long totalRefreshes,
        long successfulRefreshes,
        long failedRefreshes,
        long totalRowsInserted,
        long totalRowsDeleted,
        @Nullable Duration averageDuration,
        @Nullable RefreshAction lastAction,
        @Nullable RefreshStatus lastStatus,
        List<String> cdcModes,
        RefreshMode effectiveMode,
        long totalRowsUpdated,
        @Nullable String lastError) {

    /**
     * Checks that no required component is null and copies {@code cdcModes}.
     *
     * @param id the stream table's catalog id ({@code pgt_id})
     * @param name the stream table ({@code pgt_schema} and {@code pgt_name})
     * @param status whether it is refreshed normally
     * @param refreshMode the requested refresh mode
     * @param populated whether its storage table has been filled ({@code is_populated})
     * @param dataTimestamp the point in time its data represents, or {@code null} before the first refresh
     * @param schedule its schedule, or {@code null} when calculated
     * @param staleness the age of its data, or {@code null} before the first refresh
     * @param stale whether the data is older than a duration schedule; {@code null} for cron schedules and before the
     *     first refresh
     * @param consecutiveErrors refresh failures in a row
     * @param lastRefreshAt when the last refresh ran, or {@code null}
     * @param totalRefreshes refreshes in the history
     * @param successfulRefreshes refreshes in the history that completed
     * @param failedRefreshes refreshes in the history that failed
     * @param totalRowsInserted rows inserted over the history
     * @param totalRowsDeleted rows deleted over the history
     * @param averageDuration the average duration of the finished refreshes in the history ({@code avg_duration_ms}),
     *     or {@code null} if there are none
     * @param lastAction what the latest refresh in the history did, or {@code null} without history
     * @param lastStatus how the latest refresh in the history ended, or {@code null} without history
     * @param cdcModes how its captured sources are tracked ({@code TRIGGER}); empty if it has none
     * @param effectiveMode how refreshes actually run ({@link RefreshMode#AUTO} resolved)
     * @param totalRowsUpdated rows updated over the history
     * @param lastError the message of the last failed refresh, or {@code null}
     */
    public RefreshStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(refreshMode, "refreshMode");
        Objects.requireNonNull(effectiveMode, "effectiveMode");
        cdcModes = List.copyOf(cdcModes);
    }
}

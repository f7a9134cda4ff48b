package dev.trickle.monitor;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pgtrickle.pgt_status()}: the state of one stream table.
 *
 * @param name the stream table
 * @param status whether it is refreshed normally
 * @param refreshMode the requested refresh mode
 * @param populated whether its storage table has been filled ({@code is_populated})
 * @param consecutiveErrors refresh failures in a row
 * @param schedule its schedule (a duration such as {@code 30s}, or a cron expression), or {@code null} when
 *     calculated
 * @param dataTimestamp the point in time its data represents, or {@code null} before the first refresh
 * @param staleness the age of its data, or {@code null} before the first refresh
 * @param effectiveMode how refreshes actually run ({@link RefreshMode#AUTO} resolved)
 * @param effectiveSchedule the schedule the scheduler uses (a calculated one resolved), or {@code null} if no
 *     scheduler has resolved it yet
 * @param lastError the message of the last failed refresh, or {@code null}
 */
public record StatusEntry(
        TableName name,
        StreamTableStatus status,
        RefreshMode refreshMode,
        boolean populated,
        int consecutiveErrors,
        @Nullable String schedule,
        @Nullable Instant dataTimestamp,
        @Nullable Duration staleness,
        RefreshMode effectiveMode,
        @Nullable String effectiveSchedule,
        @Nullable String lastError) {

    /**
     * Checks that no required component is null.
     *
     * @param name the stream table
     * @param status whether it is refreshed normally
     * @param refreshMode the requested refresh mode
     * @param populated whether its storage table has been filled ({@code is_populated})
     * @param consecutiveErrors refresh failures in a row
     * @param schedule its schedule (a duration such as {@code 30s}, or a cron expression), or {@code null} when
     *     calculated
     * @param dataTimestamp the point in time its data represents, or {@code null} before the first refresh
     * @param staleness the age of its data, or {@code null} before the first refresh
     * @param effectiveMode how refreshes actually run ({@link RefreshMode#AUTO} resolved)
     * @param effectiveSchedule the schedule the scheduler uses (a calculated one resolved), or {@code null} if no
     *     scheduler has resolved it yet
     * @param lastError the message of the last failed refresh, or {@code null}
     */
    public StatusEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(refreshMode, "refreshMode");
        Objects.requireNonNull(effectiveMode, "effectiveMode");
    }
}

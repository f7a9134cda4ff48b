package dev.trickle.monitor;

import dev.trickle.TableName;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pgtrickle.parallel_job_status(max_age_seconds)}: a refresh running now or recently ended. Trickle
 * has no job queue: every refresh is a job of one stream table ({@code unitKind} {@code singleton}, one member, first
 * attempt), run by one database session.
 *
 * @param jobId the history id of an ended refresh, or {@code null} while it runs
 * @param unitKey the unit refreshed, {@code s:<stream table id>}
 * @param unitKind {@code singleton}
 * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code RETRYABLE_FAILED} or {@code PERMANENT_FAILED}
 * @param memberCount stream tables in the unit
 * @param attemptNo the attempt
 * @param schedulerPid the process id of the database session that ran it, or {@code null} if not known
 * @param workerPid the same as {@code schedulerPid}
 * @param enqueuedAt when it started
 * @param startedAt when it started, or {@code null} if not known
 * @param finishedAt when it ended, or {@code null} while it runs
 * @param duration how long it took ({@code duration_ms}), or {@code null} while it runs
 * @param streamTable the refreshed stream table
 */
public record RefreshJob(
        @Nullable Long jobId,
        String unitKey,
        String unitKind,
        String status,
        int memberCount,
        int attemptNo,
        @Nullable Integer schedulerPid,
        @Nullable Integer workerPid,
        Instant enqueuedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable Duration duration,
        TableName streamTable) {

    /**
     * Checks that no required component is null.
     *
     * @param jobId the history id of an ended refresh, or {@code null} while it runs
     * @param unitKey the unit refreshed, {@code s:<stream table id>}
     * @param unitKind {@code singleton}
     * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code RETRYABLE_FAILED} or {@code PERMANENT_FAILED}
     * @param memberCount stream tables in the unit
     * @param attemptNo the attempt
     * @param schedulerPid the process id of the database session that ran it, or {@code null} if not known
     * @param workerPid the same as {@code schedulerPid}
     * @param enqueuedAt when it started
     * @param startedAt when it started, or {@code null} if not known
     * @param finishedAt when it ended, or {@code null} while it runs
     * @param duration how long it took ({@code duration_ms}), or {@code null} while it runs
     * @param streamTable the refreshed stream table
     */
    public RefreshJob {
        Objects.requireNonNull(unitKey, "unitKey");
        Objects.requireNonNull(unitKind, "unitKind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(streamTable, "streamTable");
    }
}

package dev.trickle.monitor;

import java.util.Objects;

/**
 * The one row of {@code pgtrickle.worker_pool_status()}: the refresh capacity of the engines whose schedulers run on
 * this database, counting those that sent a heartbeat in the last three ticks.
 *
 * @param activeWorkers refreshes running now, over all engines
 * @param maxWorkers the most refreshes the engines run at once: the sum of their {@code maxConcurrentRefreshes}
 * @param perDatabaseCap the largest {@code maxConcurrentRefreshes} of one engine ({@code per_db_cap})
 * @param parallelMode {@code on} if an engine refreshes in parallel, otherwise {@code off}
 * @param engines the engines counted
 */
public record WorkerPoolStatus(int activeWorkers, int maxWorkers, int perDatabaseCap, String parallelMode,
        int engines) {

    /**
     * Checks that no component is null.
     *
     * @param activeWorkers refreshes running now, over all engines
     * @param maxWorkers the most refreshes the engines run at once: the sum of their {@code maxConcurrentRefreshes}
     * @param perDatabaseCap the largest {@code maxConcurrentRefreshes} of one engine ({@code per_db_cap})
     * @param parallelMode {@code on} if an engine refreshes in parallel, otherwise {@code off}
     * @param engines the engines counted
     */
    public WorkerPoolStatus {
        Objects.requireNonNull(parallelMode, "parallelMode");
    }
}

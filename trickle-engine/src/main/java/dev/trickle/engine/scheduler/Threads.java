package dev.trickle.engine.scheduler;

import dev.trickle.SchedulingConfig;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the scheduler's ticks and its parallel refreshes run: {@link #of} gives daemon threads of the engine's own
 * (or the caller's executor for the ticks); a test passes threads it drives by hand.
 */
interface Threads {

    /**
     * Calls {@code tick} every {@code interval}, the first time now; a tick starts only after the previous one ended.
     *
     * @param interval the time between the end of a tick and the start of the next
     * @param tick the tick
     * @return what cancels the ticks still to come (a running one finishes)
     */
    Runnable every(Duration interval, Runnable tick);

    /** @return the executor that runs parallel refreshes */
    Executor refreshes();

    /** Stops the threads of its own, after the refreshes they run end (a caller's executor is never shut down). */
    void shutdown();

    /**
     * @param config the scheduling options: the caller's executor, if any, and the most refreshes at once
     * @return a single thread for ticks (unless the caller gave an executor) and a pool for parallel refreshes
     */
    static Threads of(SchedulingConfig config) {
        return new Own(config);
    }

    /** The engine's own threads, all daemons. */
    final class Own implements Threads {
        private final AtomicInteger count = new AtomicInteger();
        private final ScheduledExecutorService ticker;
        private final boolean ownTicker;
        private final ExecutorService pool;

        Own(SchedulingConfig config) {
            ScheduledExecutorService callers = config.executor();
            this.ownTicker = callers == null;
            this.ticker = callers != null ? callers
                    : Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "trickle-scheduler"));
            this.pool = Executors.newFixedThreadPool(config.maxConcurrentRefreshes(),
                    r -> daemon(r, "trickle-refresh-" + count.incrementAndGet()));
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        @Override
        public Runnable every(Duration interval, Runnable tick) {
            ScheduledFuture<?> ticks = ticker.scheduleWithFixedDelay(tick, 0, interval.toMillis(),
                    TimeUnit.MILLISECONDS);
            return () -> ticks.cancel(false);
        }

        @Override
        public Executor refreshes() {
            return pool;
        }

        @Override
        public void shutdown() {
            pool.shutdown();
            if (ownTicker) {
                ticker.shutdown();
            }
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

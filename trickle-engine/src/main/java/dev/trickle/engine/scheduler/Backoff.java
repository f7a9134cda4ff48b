package dev.trickle.engine.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Per stream table, when the scheduler may try again after transient failures: 1s after the first, doubling up to
 * 60s, with ±25% jitter so that engines do not retry in lockstep. Kept in memory; a success clears it.
 */
final class Backoff {
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(60);

    private final Map<Long, Integer> attempts = new HashMap<>();
    private final Map<Long, Instant> notBefore = new HashMap<>();
    private final SplittableRandom random;

    Backoff(long seed) {
        this.random = new SplittableRandom(seed);
    }

    synchronized boolean isWaiting(long id, Instant now) {
        Instant until = notBefore.get(id);
        return until != null && now.isBefore(until);
    }

    synchronized Duration failed(long id, Instant now) {
        int n = attempts.merge(id, 1, Integer::sum);
        long base = Math.min(MAX.toMillis(), FIRST.toMillis() << Math.min(n - 1, 20));
        long delay = Math.round(base * (0.75 + 0.5 * random.nextDouble()));
        notBefore.put(id, now.plusMillis(delay));
        return Duration.ofMillis(delay);
    }

    synchronized void succeeded(long id) {
        attempts.remove(id);
        notBefore.remove(id);
    }
}

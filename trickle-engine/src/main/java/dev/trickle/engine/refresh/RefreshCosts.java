package dev.trickle.engine.refresh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost guard of AUTO mode: what this engine's refreshes of each stream table cost, and whether the next one
 * should recompute in full because differential refreshes have cost more than full ones.
 *
 * <p>The estimate of a differential refresh is the cheaper of the last two, each scaled by the pending changes:
 * {@code d × p / p_d}, for a differential refresh that took {@code d} for {@code p_d} change rows and {@code p} change
 * rows pending now. Two, so that one slow refresh (the first on a connection plans its statement, a cold cache) does
 * not switch. A full refresh costs {@code f}, the running mean (weight ½ to the newest) of the full refreshes this
 * engine ran, the initial load's fill included; an engine that ran none reads the last one from the refresh history
 * once ({@link #needsFullCost}). The refresh recomputes in full when the estimate exceeds {@code MARGIN × f} by at
 * least {@code MIN_GAIN}: a slow refresh, not noise between two fast ones, and a full refresh rewrites rows that a
 * differential one leaves alone. After {@code k} such full refreshes in a row the next is differential again, to
 * measure again (the data or the plan may have changed); {@code k} starts at {@value #FIRST_PROBE} and doubles, up
 * to {@value #MAX_PROBE}, while the differential refresh stays the dearer one.
 *
 * <p>Only AUTO stream tables are guarded: DIFFERENTIAL is a promise to refresh differentially (the threshold on the
 * changed fraction of a source aside). Costs are kept in memory, by stream table and generation, for this engine
 * only. Switches are logged at DEBUG; the reason of each full refresh is in its result and in the history.
 */
final class RefreshCosts {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshCosts.class);
    /** How many times dearer than a full refresh a differential one must be estimated to recompute in full. */
    static final double MARGIN = 2.0;
    /** The least the full refresh must save, in nanoseconds, to be chosen: 5 ms. */
    static final long MIN_GAIN = 5_000_000L;
    /** Full refreshes in a row, chosen by cost, before the first differential one that measures again. */
    static final int FIRST_PROBE = 4;
    /** The most full refreshes in a row, chosen by cost, between two differential ones. */
    static final int MAX_PROBE = 64;

    /**
     * One differential refresh.
     *
     * @param nanos how long it took
     * @param changes its change rows
     */
    private record Sample(long nanos, long changes) {
        long scaled(long pending) {
            return (long) (nanos * ((double) Math.max(1, pending) / Math.max(1, changes)));
        }
    }

    /**
     * What one stream table's refreshes cost.
     *
     * @param generation the generation the costs are of
     * @param fullNanos the mean full refresh, or -1 if unknown
     * @param fullLookedUp whether the refresh history was read for a full refresh's cost
     * @param last the last differential refresh, or {@code null}
     * @param before the one before it, or {@code null}
     * @param fullRun full refreshes chosen by cost since the last differential one
     * @param probeAfter how many of those before the next differential one
     */
    private record Cost(long generation, long fullNanos, boolean fullLookedUp, @Nullable Sample last,
            @Nullable Sample before, int fullRun, int probeAfter) {

        static Cost of(long generation) {
            return new Cost(generation, -1, false, null, null, 0, FIRST_PROBE);
        }

        Cost withFull(long nanos, boolean lookedUp, int run) {
            long mean = nanos < 0 ? fullNanos : fullNanos < 0 ? nanos : (fullNanos + nanos) / 2;
            return new Cost(generation, mean, lookedUp, last, before, run, probeAfter);
        }

        /** @return the estimate for {@code pending} change rows, or -1 before two differential refreshes */
        long estimate(long pending) {
            return last == null || before == null ? -1 : Math.min(last.scaled(pending), before.scaled(pending));
        }

        boolean dearer(long diff) {
            return fullNanos >= 0 && diff > MARGIN * fullNanos && diff - fullNanos >= MIN_GAIN;
        }
    }

    private final Cache<Long, Cost> costs = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * Whether the guard needs a full refresh's cost that this engine has not measured and not yet looked up: only
     * once two differential refreshes of the stream table were dear enough for a full one to be worth choosing.
     *
     * @param id the stream table
     * @param generation its generation
     * @return whether to read the last full refresh from the history and pass it to {@link #fullLookedUp}
     */
    boolean needsFullCost(long id, long generation) {
        Cost c = current(id, generation);
        return c != null && c.fullNanos < 0 && !c.fullLookedUp && c.last != null && c.before != null
                && Math.min(c.last.nanos(), c.before.nanos()) >= MIN_GAIN;
    }

    /**
     * Takes the cost of the last full refresh in the history.
     *
     * @param id the stream table
     * @param generation its generation
     * @param nanos its duration, if there is one
     */
    void fullLookedUp(long id, long generation, OptionalLong nanos) {
        costs.asMap().compute(id, (k, old) -> {
            Cost c = old == null || old.generation != generation ? Cost.of(generation) : old;
            return c.withFull(c.fullNanos < 0 ? nanos.orElse(-1) : -1, true, c.fullRun);
        });
    }

    /**
     * Decides whether a differential refresh of an AUTO stream table should recompute in full instead.
     *
     * @param id the stream table
     * @param generation its generation
     * @param changes the change rows pending
     * @return the reason to recompute in full, or {@code null} to refresh differentially
     */
    @Nullable String fullRefreshReason(long id, long generation, long changes) {
        Cost c = current(id, generation);
        if (c == null || c.fullNanos < 0) {
            return null;
        }
        long estimate = c.estimate(changes);
        if (estimate < 0 || !c.dearer(estimate) || c.fullRun >= c.probeAfter) {
            return null;
        }
        return String.format(Locale.ROOT, "AUTO cost guard: a differential refresh of %,d change rows is estimated"
                + " at %s (the last two took %s for %,d and %s for %,d), a full one at %s", changes, millis(estimate),
                millis(c.last.nanos()), c.last.changes(), millis(c.before.nanos()), c.before.changes(),
                millis(c.fullNanos));
    }

    /**
     * Records what a refresh cost.
     *
     * @param id the stream table
     * @param generation its generation
     * @param differential whether it was differential (else it recomputed in full, or loaded)
     * @param byCost whether it recomputed in full because of {@link #fullRefreshReason}
     * @param changes the change rows it consumed
     * @param nanos how long it took
     * @param name the stream table's name, for the log
     */
    void record(long id, long generation, boolean differential, boolean byCost, long changes, long nanos,
            Object name) {
        costs.asMap().compute(id, (k, old) -> {
            Cost c = old == null || old.generation != generation ? Cost.of(generation) : old;
            if (!differential) {
                return c.withFull(nanos, c.fullLookedUp, byCost ? c.fullRun + 1 : c.fullRun);
            }
            int probeAfter = c.probeAfter;
            if (c.fullRun > 0) {
                // a differential refresh that measures again after full ones
                boolean dearer = c.dearer(nanos);
                probeAfter = dearer ? Math.min(MAX_PROBE, probeAfter * 2) : FIRST_PROBE;
                LOG.debug("stream table '{}' (AUTO) measured a differential refresh again: {} for {} change rows, a"
                        + " full refresh {}; {}", name, millis(nanos), changes, millis(c.fullNanos),
                        dearer ? "recomputing in full again" : "refreshing differentially");
            } else if (c.dearer(nanos)) {
                LOG.debug("stream table '{}' (AUTO): a differential refresh took {} for {} change rows, a full one {}",
                        name, millis(nanos), changes, millis(c.fullNanos));
            }
            return new Cost(generation, c.fullNanos, c.fullLookedUp, new Sample(nanos, changes), c.last, 0,
                    probeAfter);
        });
    }
    private @Nullable Cost current(long id, long generation) {
        Cost c = costs.getIfPresent(id);
        return c == null || c.generation != generation ? null : c;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}

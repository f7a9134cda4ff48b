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
 * <p>The estimate of a differential refresh is the last one's time scaled by the pending changes:
 * {@code d × p / p_d}, for a differential refresh that took {@code d} for {@code p_d} change rows and {@code p} change
 * rows pending now. A full refresh costs {@code f}, the running mean (weight ½ to the newest) of the full refreshes
 * this engine ran, the initial load included; an engine that ran none reads the last one from the refresh history
 * once ({@link #needsFullCost}). The refresh recomputes in full when the estimate exceeds {@code MARGIN × f} by at
 * least {@code MIN_GAIN}: a slow refresh, not noise between two fast ones, and a full refresh rewrites rows that a
 * differential one leaves alone. After {@code k} such full refreshes in a row the next is differential again, to
 * measure again (the data or the plan may have changed); {@code k} starts at {@value #FIRST_PROBE} and doubles, up
 * to {@value #MAX_PROBE}, while the differential refresh stays the dearer one.
 *
 * <p>Only AUTO stream tables are guarded: DIFFERENTIAL is a promise to refresh differentially (the threshold on the
 * changed fraction of a source aside). Costs are kept in memory, by stream table and generation, for this engine
 * only.
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
     * What one stream table's refreshes cost.
     *
     * @param generation the generation the costs are of
     * @param fullNanos the mean full refresh, or -1 if unknown
     * @param fullLookedUp whether the refresh history was read for a full refresh's cost
     * @param diffNanos the last differential refresh, or -1 if none
     * @param diffChanges its change rows
     * @param fullRun full refreshes chosen by cost since the last differential one
     * @param probeAfter how many of those before the next differential one
     */
    private record Cost(long generation, long fullNanos, boolean fullLookedUp, long diffNanos, long diffChanges,
            int fullRun, int probeAfter) {

        static Cost of(long generation) {
            return new Cost(generation, -1, false, -1, 0, 0, FIRST_PROBE);
        }

        Cost withFull(long nanos) {
            long mean = fullNanos < 0 ? nanos : (fullNanos + nanos) / 2;
            return new Cost(generation, mean, fullLookedUp, diffNanos, diffChanges, fullRun, probeAfter);
        }

        long estimate(long changes) {
            return (long) (diffNanos * ((double) Math.max(1, changes) / Math.max(1, diffChanges)));
        }

        boolean dearer(long diff) {
            return diff > MARGIN * fullNanos && diff - fullNanos >= MIN_GAIN;
        }
    }

    private final Cache<Long, Cost> costs = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * Whether the guard needs a full refresh's cost that this engine has not measured and not yet looked up: only
     * once a differential refresh of the stream table was dear enough for a full one to be worth choosing.
     *
     * @param id the stream table
     * @param generation its generation
     * @return whether to read the last full refresh from the history and pass it to {@link #fullLookedUp}
     */
    boolean needsFullCost(long id, long generation) {
        Cost c = current(id, generation);
        return c != null && c.fullNanos < 0 && !c.fullLookedUp && c.diffNanos >= MIN_GAIN;
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
            c = new Cost(generation, c.fullNanos, true, c.diffNanos, c.diffChanges, c.fullRun, c.probeAfter);
            return nanos.isPresent() && c.fullNanos < 0 ? c.withFull(nanos.getAsLong()) : c;
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
        if (c == null || c.fullNanos < 0 || c.diffNanos < 0) {
            return null;
        }
        long estimate = c.estimate(changes);
        if (!c.dearer(estimate) || c.fullRun >= c.probeAfter) {
            return null;
        }
        return String.format(Locale.ROOT, "AUTO cost guard: a differential refresh of %,d change rows is estimated"
                + " at %s (the last took %s for %,d), a full one at %s", changes, millis(estimate),
                millis(c.diffNanos), c.diffChanges, millis(c.fullNanos));
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
                Cost full = c.withFull(nanos);
                return byCost ? new Cost(generation, full.fullNanos, full.fullLookedUp, full.diffNanos,
                        full.diffChanges, full.fullRun + 1, full.probeAfter) : full;
            }
            int probeAfter = c.probeAfter;
            if (c.fullRun > 0) {
                // a differential refresh that measures again after full ones
                boolean dearer = c.fullNanos >= 0 && c.dearer(nanos);
                probeAfter = dearer ? Math.min(MAX_PROBE, probeAfter * 2) : FIRST_PROBE;
                if (!dearer) {
                    LOG.info("stream table '{}' (AUTO) refreshes differentially again: {} for {} change rows, a full"
                            + " refresh {}", name, millis(nanos), changes, millis(c.fullNanos));
                }
            } else if (c.fullNanos >= 0 && c.dearer(nanos)) {
                LOG.info("stream table '{}' (AUTO): a differential refresh took {} for {} change rows, a full one {};"
                        + " refreshing in full while that lasts", name, millis(nanos), changes, millis(c.fullNanos));
            }
            return new Cost(generation, c.fullNanos, c.fullLookedUp, nanos, changes, 0, probeAfter);
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

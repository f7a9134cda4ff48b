package dev.trickle.engine.refresh;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What changed in a stream table's captured sources since its frontier, as counted at the start of a refresh.
 *
 * @param sources one entry per captured source
 * @param uncaptured whether the stream table also reads sources without capture (views, foreign tables), whose
 *     changes cannot be known
 */
record PendingChanges(List<Source> sources, boolean uncaptured) {

    /**
     * One source's pending changes.
     *
     * @param oid the source
     * @param changes its change rows (an UPDATE counts twice)
     * @param truncations its TRUNCATE markers
     * @param estimatedRows the planner's estimate of its row count; not positive when unknown
     */
    record Source(long oid, long changes, long truncations, long estimatedRows) {}

    /** @return the change rows of all sources (an UPDATE counts twice) */
    long changeRows() {
        return sources.stream().mapToLong(Source::changes).sum();
    }

    /** @return whether nothing is known to have changed */
    boolean isEmpty() {
        return !uncaptured && sources.stream().allMatch(s -> s.changes() == 0 && s.truncations() == 0);
    }

    /**
     * Explains why a differential refresh should recompute in full instead, if it should.
     *
     * @param threshold the fraction of a source's rows above which recomputing is cheaper
     * @param names renders a source OID as a name
     * @return the reason, or {@code null} to refresh differentially
     */
    @Nullable String fullRefreshReason(double threshold, java.util.function.LongFunction<String> names) {
        for (Source s : sources) {
            if (s.truncations() > 0) {
                return "source " + names.apply(s.oid()) + " was truncated";
            }
        }
        for (Source s : sources) {
            if (s.estimatedRows() > 0 && s.changes() > threshold * s.estimatedRows()) {
                return s.changes() + " change rows in source " + names.apply(s.oid()) + " of about "
                        + s.estimatedRows() + " rows exceed the full refresh threshold " + threshold;
            }
        }
        return null;
    }
}

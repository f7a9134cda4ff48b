package dev.trickle.engine.refresh;

import dev.trickle.RefreshMode;
import dev.trickle.engine.catalog.StreamTableRow;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a stream table's catalog row that never change for its catalog id: the statements a refresh runs.
 * Cached per engine, so that a refresh needs no catalog read before it starts.
 *
 * @param effectiveMode FULL or DIFFERENTIAL
 * @param fullRefreshSql the full refresh statement
 * @param differentialSql the differential statement, or {@code null}
 * @param changesSql the pending-changes query, or {@code null} without captured sources
 * @param uncaptured whether the stream table reads sources without capture (or none at all)
 */
record Definition(RefreshMode effectiveMode, String fullRefreshSql, @Nullable String differentialSql,
        @Nullable String changesSql, boolean uncaptured) {

    static Definition of(StreamTableRow row, boolean uncapturedSources) {
        return new Definition(row.effectiveMode(), row.fullRefreshSql(), row.differentialSql(), row.changesSql(),
                uncapturedSources || row.changesSql() == null);
    }
}

package dev.trickle.micrometer;

import dev.trickle.StreamTableStatus;
import dev.trickle.monitor.ChangeBufferSize;
import dev.trickle.monitor.Monitoring;
import dev.trickle.monitor.StatusEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one poll of the monitoring functions found, keyed by tag values: the gauges read it, never the database.
 *
 * @param streamTables the status and data timestamp of each stream table, by name
 * @param pending the change rows not consumed yet, by stream table and source
 * @param bufferBytes the size of each source's change buffer, by source
 */
record Snapshot(Map<String, State> streamTables, Map<Pending, Long> pending, Map<String, Long> bufferBytes) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of());

    /** The state of one stream table. */
    record State(StreamTableStatus status, @Nullable Instant dataTimestamp) {}

    /** A stream table and one of its sources. */
    record Pending(String streamTable, String source) {}

    Snapshot {
        streamTables = Map.copyOf(streamTables);
        pending = Map.copyOf(pending);
        bufferBytes = Map.copyOf(bufferBytes);
    }

    /** Two queries: {@code pgt_status()} and {@code change_buffer_sizes()}. */
    static Snapshot read(Monitoring monitoring) {
        Map<String, State> tables = new LinkedHashMap<>();
        for (StatusEntry e : monitoring.status()) {
            tables.put(e.name().toString(), new State(e.status(), e.dataTimestamp()));
        }
        Map<Pending, Long> pending = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (ChangeBufferSize b : monitoring.changeBufferSizes()) {
            pending.merge(new Pending(b.streamTable().toString(), b.sourceTable().toString()), b.pendingRows(),
                    Long::sum);
            bytes.put(b.sourceTable().toString(), b.bufferBytes());
        }
        return new Snapshot(tables, pending, bytes);
    }
}

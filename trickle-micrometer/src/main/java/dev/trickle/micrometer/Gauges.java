package dev.trickle.micrometer;

import dev.trickle.StreamTableStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gauges of one registry. Each poll re-registers their rows, so stream tables and sources that appeared get
 * gauges and those that went away lose them; the rows read the latest snapshot when the registry reads them.
 */
final class Gauges {
    private final MeterRegistry registry;
    private final Supplier<Snapshot> snapshot;
    private final Clock clock;
    private final MultiGauge staleness;
    private final MultiGauge pending;
    private final MultiGauge bufferBytes;
    private final MultiGauge status;

    Gauges(MeterRegistry registry, Tags commonTags, Supplier<Snapshot> snapshot, Clock clock) {
        this.registry = registry;
        this.snapshot = snapshot;
        this.clock = clock;
        this.staleness = MultiGauge.builder(TrickleMetrics.STALENESS)
                .description("Age of a stream table's data; NaN before its first refresh")
                .baseUnit("seconds").tags(commonTags).register(registry);
        this.pending = MultiGauge.builder(TrickleMetrics.PENDING)
                .description("Captured change rows of a source that a stream table has not consumed yet")
                .baseUnit("rows").tags(commonTags).register(registry);
        this.bufferBytes = MultiGauge.builder(TrickleMetrics.BUFFER_SIZE)
                .description("Size of a source's change buffer on disk")
                .baseUnit("bytes").tags(commonTags).register(registry);
        this.status = MultiGauge.builder(TrickleMetrics.STATUS)
                .description("1 for a stream table's current status, 0 for the others")
                .tags(commonTags).register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Registers one row per stream table, source or pair in {@code s}, dropping the rows of the others. */
    void update(Snapshot s) {
        List<MultiGauge.Row<?>> stalenessRows = new ArrayList<>();
        List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
        for (String table : s.streamTables().keySet()) {
            stalenessRows.add(MultiGauge.Row.of(Tags.of("stream_table", table), () -> stalenessSeconds(table)));
            for (StreamTableStatus st : StreamTableStatus.values()) {
                statusRows.add(MultiGauge.Row.of(
                        Tags.of("stream_table", table, "status", st.name().toLowerCase(Locale.ROOT)),
                        () -> isStatus(table, st)));
            }
        }
        List<MultiGauge.Row<?>> pendingRows = new ArrayList<>();
        for (Snapshot.Pending p : s.pending().keySet()) {
            pendingRows.add(MultiGauge.Row.of(Tags.of("stream_table", p.streamTable(), "source", p.source()),
                    () -> valueOr(snapshot.get().pending(), p)));
        }
        List<MultiGauge.Row<?>> bufferRows = new ArrayList<>();
        for (String source : s.bufferBytes().keySet()) {
            bufferRows.add(MultiGauge.Row.of(Tags.of("source", source),
                    () -> valueOr(snapshot.get().bufferBytes(), source)));
        }
        staleness.register(stalenessRows, true);
        status.register(statusRows, true);
        pending.register(pendingRows, true);
        bufferBytes.register(bufferRows, true);
    }

    private double stalenessSeconds(String table) {
        Snapshot.State state = snapshot.get().streamTables().get(table);
        Instant data = state == null ? null : state.dataTimestamp();
        if (data == null) {
            return Double.NaN;
        }
        return Duration.between(data, clock.instant()).toMillis() / 1000.0;
    }

    private double isStatus(String table, StreamTableStatus status) {
        Snapshot.State state = snapshot.get().streamTables().get(table);
        if (state == null) {
            return Double.NaN;
        }
        return state.status() == status ? 1 : 0;
    }

    private static <K> double valueOr(Map<K, Long> values, K key) {
        Long v = values.get(key);
        return v == null ? Double.NaN : v;
    }
}

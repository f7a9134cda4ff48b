package dev.trickle.micrometer;

import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.spi.RefreshListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for a Trickle engine: refresh timers and failure counters (from the engine's refresh events)
 * and gauges of staleness, pending changes, change buffer sizes and status (from its monitoring functions).
 *
 * <pre>{@code
 * TrickleMetrics metrics = new TrickleMetrics();
 * Trickle trickle = Trickle.builder(dataSource).listener(metrics).build();
 * metrics.monitor(trickle);
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>The meters, all tagged with the common tags given to the constructor:
 * <ul>
 *   <li>{@value #REFRESH} (timer): committed refreshes, tagged {@code stream_table}, {@code action} ({@code full},
 *       {@code differential}, {@code no_data}) and {@code trigger} ({@code scheduled}, {@code manual});
 *   <li>{@value #FAILURES} (counter): failed refreshes, tagged {@code stream_table}, {@code transient};
 *   <li>{@value #STALENESS} (gauge, seconds): the age of each stream table's data, NaN before its first refresh;
 *   <li>{@value #PENDING} (gauge, rows): the change rows each stream table has not consumed yet, per source,
 *       tagged {@code stream_table}, {@code source};
 *   <li>{@value #BUFFER_SIZE} (gauge, bytes): the size of each source's change buffer, tagged {@code source};
 *   <li>{@value #STATUS} (gauge): 1 for each stream table's current status and 0 for the others, tagged
 *       {@code stream_table}, {@code status} ({@code active}, {@code suspended}, {@code error}).
 * </ul>
 *
 * <p>The gauges never query the database when they are read. A background thread (daemon, {@code
 * trickle-metrics}) polls {@code Monitoring.status()} and {@code Monitoring.changeBufferSizes()} once per poll
 * interval, two queries however often the registry is scraped, and the gauges read that snapshot. Stream tables
 * that appear or go away get or lose their gauges at the next poll. Staleness is computed at read time from the
 * polled data timestamp, so a refresh is seen at the next poll; until then staleness may overstate by up to one
 * interval. A poll that fails is logged and the previous snapshot stays.
 *
 * <p>Refresh events that happen before {@link #bindTo} are not counted. Thread-safe.
 */
public final class TrickleMetrics implements MeterBinder, RefreshListener, AutoCloseable {
    /** The name of the refresh timer. */
    public static final String REFRESH = "trickle.refresh";
    /** The name of the failed refresh counter. */
    public static final String FAILURES = "trickle.refresh.failures";
    /** The name of the staleness gauge. */
    public static final String STALENESS = "trickle.staleness";
    /** The name of the pending change rows gauge. */
    public static final String PENDING = "trickle.changes.pending";
    /** The name of the change buffer size gauge. */
    public static final String BUFFER_SIZE = "trickle.change.buffer.size";
    /** The name of the status gauge. */
    public static final String STATUS = "trickle.stream.table.status";
    /** How often gauges are polled if not told otherwise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(TrickleMetrics.class);

    private final Duration pollInterval;
    private final Tags commonTags;
    private final Clock clock;
    private final List<Gauges> registries = new CopyOnWriteArrayList<>();
    private final AtomicLong polls = new AtomicLong();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private long appliedPoll;
    private volatile @Nullable Trickle trickle;
    private @Nullable ScheduledExecutorService poller;
    private boolean pollFailing;
    private boolean closed;

    /** Meters without common tags whose gauges are polled every {@link #DEFAULT_POLL_INTERVAL}. */
    public TrickleMetrics() {
        this(DEFAULT_POLL_INTERVAL, Tags.empty());
    }

    /**
     * Meters with common tags.
     *
     * @param pollInterval how often gauges read the monitoring functions; at least 100 milliseconds
     * @param commonTags tags added to every meter, such as {@code application}
     * @throws IllegalArgumentException if {@code pollInterval} is shorter than 100 milliseconds
     */
    public TrickleMetrics(Duration pollInterval, Iterable<Tag> commonTags) {
        this(pollInterval, commonTags, Clock.systemUTC());
    }

    TrickleMetrics(Duration pollInterval, Iterable<Tag> commonTags, Clock clock) {
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("poll interval must be at least 100ms: " + pollInterval);
        }
        this.pollInterval = pollInterval;
        this.commonTags = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
        this.clock = clock;
    }

    /**
     * Starts polling the monitoring functions of {@code trickle} for the gauges: once now, on a background thread,
     * then once per poll interval until {@link #close()}.
     *
     * @param trickle the engine whose stream tables the gauges describe
     * @throws IllegalStateException if an engine was already given, or the metrics are closed
     */
    public synchronized void monitor(Trickle trickle) {
        Objects.requireNonNull(trickle, "trickle");
        if (closed) {
            throw new IllegalStateException("trickle metrics are closed");
        }
        if (this.trickle != null) {
            throw new IllegalStateException("trickle metrics already monitor " + this.trickle);
        }
        this.trickle = trickle;
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trickle-metrics");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::pollQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        this.poller = executor;
    }

    /**
     * Reads the monitoring functions now and updates the gauges: what the background thread does once per
     * interval. For tests, and for applications that want fresh gauges at a moment of their choosing.
     *
     * @throws IllegalStateException if no engine is monitored yet
     * @throws dev.trickle.DatabaseException if the database cannot answer
     */
    public void poll() {
        Trickle engine = trickle;
        if (engine == null) {
            throw new IllegalStateException("no engine to poll: call monitor(trickle) first");
        }
        long poll = polls.incrementAndGet();
        Snapshot next = Snapshot.read(engine.monitoring());
        synchronized (this) {
            if (poll < appliedPoll) {
                return; // a poll that started later has already applied what it read
            }
            appliedPoll = poll;
            snapshot = next;
            registries.forEach(g -> g.update(next));
        }
    }

    private void pollQuietly() {
        try {
            poll();
            if (pollFailing) {
                LOG.info("trickle metrics: monitoring answers again");
            }
            pollFailing = false;
        } catch (RuntimeException e) {
            if (!pollFailing) {
                LOG.warn("trickle metrics: cannot read monitoring; gauges keep their last values: {}", e.toString());
            }
            pollFailing = true;
        }
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Gauges gauges = new Gauges(registry, commonTags, this::snapshot, clock);
        gauges.update(snapshot);
        registries.add(gauges);
    }

    private Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public void onRefresh(RefreshResult result, boolean scheduled) {
        Tags tags = commonTags.and(
                "stream_table", result.streamTable().toString(),
                "action", result.action().name().toLowerCase(Locale.ROOT),
                "trigger", trigger(scheduled));
        for (Gauges g : registries) {
            Timer.builder(REFRESH)
                    .description("Committed refreshes of a stream table")
                    .tags(tags)
                    .register(g.registry())
                    .record(result.duration());
        }
    }

    @Override
    public void onFailure(TableName streamTable, RefreshException failure, boolean scheduled) {
        Tags tags = commonTags.and(
                "stream_table", streamTable.toString(),
                "transient", Boolean.toString(failure.isTransient()));
        for (Gauges g : registries) {
            Counter.builder(FAILURES)
                    .description("Failed refreshes of a stream table; transient ones are retried")
                    .tags(tags)
                    .register(g.registry())
                    .increment();
        }
    }

    private static String trigger(boolean scheduled) {
        return scheduled ? "scheduled" : "manual";
    }

    /** Stops polling. The meters stay registered with their last values. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public String toString() {
        return "TrickleMetrics[pollInterval=" + pollInterval + ", commonTags=" + commonTags + "]";
    }
}

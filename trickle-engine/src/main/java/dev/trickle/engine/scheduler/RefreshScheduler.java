package dev.trickle.engine.scheduler;

import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.SchedulingConfig;
import dev.trickle.TableName;
import dev.trickle.TrickleException;
import dev.trickle.engine.catalog.EngineRegistry;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.engine.refresh.Refresher;
import dev.trickle.engine.topology.CatalogState;
import dev.trickle.engine.topology.Dag;
import dev.trickle.engine.topology.Topology;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks every {@link SchedulingConfig#tickInterval()}: reads the catalog, plans ({@link TickPlanner}), checks in one
 * query which due stream tables have pending changes, marks the others fresh without refreshing them, and refreshes
 * the rest upstream first: one at a time, or independent ones in parallel on up to {@link
 * SchedulingConfig#maxConcurrentRefreshes()} threads (each holding one connection). A stream table downstream of one
 * refreshed with changes in the same tick is refreshed too if it is due. Ticks never overlap; closing waits for the
 * running tick, so in-flight refreshes finish and none start.
 */
public final class RefreshScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final SchedulingConfig config;
    private final Database database;
    private final UnitRefresh refresh;
    private final Clock clock;
    private final Threads threads;
    private final String engineId;
    private final Backoff backoff;
    private final ReentrantLock tickLock = new ReentrantLock();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean running;
    private @Nullable Runnable cancelTicks;
    private @Nullable Dag dag;
    private int dagFingerprint;
    private @Nullable Instant lastPrune;
    private final Set<Long> othersReported = ConcurrentHashMap.newKeySet();
    private final Duration lockTimeout;

    /**
     * Creates a scheduler; {@link #start()} starts it.
     *
     * @param config the scheduling options
     * @param database connections
     * @param refresher runs refreshes
     * @param clock the engine's clock
     * @param engineId the engine's id
     * @param lockTimeout how long to wait for another writer of the dependency graph's records
     */
    public RefreshScheduler(SchedulingConfig config, Database database, Refresher refresher, Clock clock,
            String engineId, Duration lockTimeout) {
        this(config, database, UnitRefresh.by(refresher), clock, Threads.of(config), engineId, lockTimeout);
    }

    /**
     * Creates a scheduler on the given refresh, clock and threads (tests drive them by hand).
     *
     * @param config the scheduling options
     * @param database connections
     * @param refresh what refreshes a unit
     * @param clock when stream tables are due and backoffs end
     * @param threads where ticks and parallel refreshes run
     * @param engineId the engine's id
     * @param lockTimeout how long to wait for another writer of the dependency graph's records
     */
    RefreshScheduler(SchedulingConfig config, Database database, UnitRefresh refresh, Clock clock, Threads threads,
            String engineId, Duration lockTimeout) {
        this.config = config;
        this.lockTimeout = lockTimeout;
        this.database = database;
        this.refresh = refresh;
        this.clock = clock;
        this.threads = threads;
        this.engineId = engineId;
        this.backoff = new Backoff(engineId.hashCode());
    }

    /** Refreshes one unit: the engine's is its {@link Refresher}'s; a test passes its own. */
    @FunctionalInterface
    interface UnitRefresh {
        /**
         * Refreshes the unit's members, together if it is atomic.
         *
         * @param c a connection in auto-commit mode
         * @param unit what to refresh
         * @return a result per member refreshed, none if another engine is refreshing the unit now
         * @throws SQLException if the server fails
         */
        List<RefreshResult> refresh(Connection c, Unit unit) throws SQLException;

        /**
         * @param refresher the engine's refresher
         * @return its refresh of a unit, as the scheduler's initiator
         */
        static UnitRefresh by(Refresher refresher) {
            return (c, unit) -> {
                CatalogState.Table first = unit.members().get(0);
                return unit.atomic()
                        ? refresher.tryRefreshGroup(c, unit.members().stream()
                                .map(t -> new Refresher.Member(t.id(), t.name())).toList(),
                                History.Initiator.SCHEDULER).orElse(List.of())
                        : refresher.tryRefresh(c, first.id(), first.name(), History.Initiator.SCHEDULER)
                                .map(List::of).orElse(List.of());
            };
        }
    }

    /** Registers the engine and starts ticking. */
    public synchronized void start() {
        if (running) {
            return;
        }
        database.run("cannot register the engine", c -> {
            EngineRegistry.register(c, engineId, config.tickInterval().toMillis(), config.maxConcurrentRefreshes(),
                    config.parallelRefresh());
            return null;
        });
        running = true;
        cancelTicks = threads.every(config.tickInterval(), this::safeTick);
        LOG.info("scheduler started: tick {}, {} refresh(es) at once{}", config.tickInterval(),
                config.maxConcurrentRefreshes(), config.parallelRefresh() ? ", in parallel" : "");
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException | Error e) {
            LOG.warn("scheduler tick failed; trying again next tick: {}", e.toString(), e);
        }
    }

    /** Runs one tick now; the scheduler's thread calls it every tick interval. */
    void tick() {
        tickLock.lock();
        try {
            if (!running) {
                return;
            }
            long started = System.nanoTime();
            Instant now = clock.instant();
            CatalogState state = database.run("cannot read the catalog", CatalogState::load);
            Dag current = dag(state);
            List<CatalogState.Table> due = mine(TickPlanner.due(state, current, now,
                    id -> backoff.isWaiting(id, now)));
            if (!due.isEmpty()) {
                runDue(current, state, due);
            }
            double tickMillis = (System.nanoTime() - started) / 1e6;
            database.run("cannot send the heartbeat", c -> {
                EngineRegistry.heartbeat(c, engineId, active.get(), tickMillis);
                return null;
            });
            pruneHistory(now);
        } finally {
            tickLock.unlock();
        }
    }

    /**
     * Keeps the stream tables this engine's role may refresh: those whose storage table it owns, directly or through
     * a role it inherits from. Another application role's stream tables are that role's engines' work; each is
     * reported once, not failed.
     */
    private List<CatalogState.Table> mine(List<CatalogState.Table> due) {
        List<CatalogState.Table> mine = new ArrayList<>();
        for (CatalogState.Table t : due) {
            if (t.mine()) {
                mine.add(t);
            } else if (othersReported.add(t.id())) {
                LOG.info("not refreshing stream table '{}': its storage table belongs to role '{}', which this"
                        + " engine's role does not inherit; an engine of that role refreshes it", t.name(), t.owner());
            }
        }
        return mine;
    }

    private Dag dag(CatalogState state) {
        int fingerprint = state.shapeFingerprint();
        if (dag == null || fingerprint != dagFingerprint) {
            Dag built = Dag.of(state, config.defaultSchedule());
            database.run("cannot record the dependency graph", c -> {
                Topology.record(c, config.defaultSchedule(), lockTimeout);
                return null;
            });
            dag = built;
            dagFingerprint = fingerprint;
        }
        return dag;
    }

    /** The due stream tables with pending changes, and the database time they were checked at. */
    private record Pending(Set<Long> ids, Timestamp checkedAt) {}

    private void runDue(Dag current, CatalogState state, List<CatalogState.Table> due) {
        List<Unit> units = Unit.of(due, state, current);
        if (units.isEmpty()) {
            return;
        }
        List<CatalogState.Table> checked = units.stream().flatMap(u -> u.members().stream()).toList();
        // a buffer held by another session must not stall the tick: at most a tick's length per buffer
        Duration wait = lockTimeout.compareTo(config.tickInterval()) < 0 ? lockTimeout : config.tickInterval();
        Pending pending = database.run("cannot check pending changes", c -> {
            try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
                Jdbc.execute(c, "SET LOCAL lock_timeout = " + Math.max(1, wait.toMillis()));
                Pending found = pending(c, checked);
                tx.commit();
                return found;
            }
        });
        Set<TableName> changed = ConcurrentHashMap.newKeySet();
        List<Long> fresh = Collections.synchronizedList(new ArrayList<>());
        if (!config.parallelRefresh()) {
            for (Unit u : units) {
                if (running) {
                    step(current, u, pending, changed, fresh);
                }
            }
        } else {
            Map<TableName, CompletableFuture<Void>> futures = new LinkedHashMap<>();
            for (Unit u : units) {
                Set<TableName> names = u.names();
                CompletableFuture<?>[] upstream = names.stream()
                        .flatMap(n -> current.upstreamOf(n).stream())
                        .filter(n -> !names.contains(n))
                        .map(futures::get).filter(f -> f != null).distinct().toArray(CompletableFuture[]::new);
                CompletableFuture<Void> f = CompletableFuture.allOf(upstream).handle((v, e) -> null)
                        .thenRunAsync(() -> step(current, u, pending, changed, fresh), threads.refreshes());
                names.forEach(n -> futures.put(n, f));
            }
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
        }
        if (!fresh.isEmpty()) {
            database.run("cannot mark stream tables fresh", c -> markFresh(c, fresh, pending.checkedAt()));
        }
    }

    /** Refreshes one unit if something changed for it, else marks its members fresh. */
    private void step(Dag current, Unit unit, Pending pending, Set<TableName> changed, List<Long> fresh) {
        if (!running) {
            return;
        }
        Set<TableName> names = unit.names();
        boolean work = unit.members().stream().anyMatch(t -> pending.ids().contains(t.id())
                || current.upstreamOf(t.name()).stream().anyMatch(u -> !names.contains(u) && changed.contains(u)));
        if (!work) {
            unit.members().forEach(t -> fresh.add(t.id()));
            return;
        }
        CatalogState.Table first = unit.members().get(0);
        active.incrementAndGet();
        try {
            List<RefreshResult> results = database.run("cannot refresh stream table '" + first.name() + "'",
                    c -> refresh.refresh(c, unit));
            for (RefreshResult r : results) {
                unit.members().stream().filter(t -> t.name().equals(r.streamTable()))
                        .forEach(t -> backoff.succeeded(t.id()));
                if (r.rowsChanged() > 0) {
                    changed.add(r.streamTable());
                }
            }
        } catch (RefreshException e) {
            if (e.isTransient()) {
                unit.members().forEach(t -> backoff.failed(t.id(), clock.instant()));
                LOG.debug("retrying '{}' after a backoff", first.name());
            }
        } catch (TrickleException e) {
            unit.members().forEach(t -> backoff.failed(t.id(), clock.instant()));
            LOG.warn("refresh of '{}' could not run, retrying after a backoff: {}", first.name(), e.getMessage());
        } finally {
            active.decrementAndGet();
        }
    }

    private static Pending pending(Connection c, List<CatalogState.Table> due) throws SQLException {
        Array ids = c.createArrayOf("bigint", due.stream().map(CatalogState.Table::id).toArray());
        return Jdbc.queryOne(c, "SELECT clock_timestamp(), array(SELECT DISTINCT pgtrickle.pending_changes(?::bigint[]))",
                rs -> {
                    Set<Long> found = new HashSet<>();
                    for (Object id : (Object[]) rs.getArray(2).getArray()) {
                        found.add(((Number) id).longValue());
                    }
                    return new Pending(found, rs.getTimestamp(1));
                }, ids).orElseThrow();
    }

    private static Void markFresh(Connection c, List<Long> ids, Timestamp checkedAt) throws SQLException {
        Jdbc.update(c, """
                UPDATE pgtrickle.pgt_stream_tables SET data_timestamp = greatest(data_timestamp, ?)
                 WHERE pgt_id = ANY (?::bigint[]) AND status = 'ACTIVE'""",
                checkedAt, c.createArrayOf("bigint", ids.toArray()));
        return null;
    }

    private void pruneHistory(Instant now) {
        if (lastPrune != null && Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        lastPrune = now;
        int deleted = database.run("cannot prune the refresh history", c -> Jdbc.update(c,
                "DELETE FROM pgtrickle.pgt_refresh_history WHERE start_time < now() - make_interval(secs => ?)",
                (double) config.historyRetention().toSeconds()));
        if (deleted > 0) {
            LOG.debug("pruned {} refresh history row(s) older than {}", deleted, config.historyRetention());
        }
    }

    /** @return the refreshes running now */
    public int activeRefreshes() {
        return active.get();
    }

    /** Stops ticking, waits for the running tick (its refreshes finish, no new one starts), unregisters the engine. */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                threads.shutdown();
                return;
            }
            running = false;
            if (cancelTicks != null) {
                cancelTicks.run();
            }
        }
        tickLock.lock();
        tickLock.unlock();
        threads.shutdown();
        try {
            database.run("cannot unregister the engine", c -> {
                EngineRegistry.unregister(c, engineId);
                return null;
            });
        } catch (TrickleException e) {
            LOG.debug("engine row stays until it expires: {}", e.getMessage());
        }
        LOG.info("scheduler stopped");
    }
}

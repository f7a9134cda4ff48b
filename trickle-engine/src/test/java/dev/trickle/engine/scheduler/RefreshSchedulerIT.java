package dev.trickle.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.SchedulingConfig;
import dev.trickle.StreamTableSpec;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.testkit.TrickleFixture;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RefreshScheduler} driven by hand over a real catalog: ticks run when the test runs them, on a clock the test
 * sets, and the refresh of a unit is the test's own (recorded, failing or blocking on demand). Nothing waits for the
 * wall clock.
 */
class RefreshSchedulerIT {
    /** Later than the server's time: marking a stream table fresh never moves its data timestamp past the clock. */
    private static final Instant T0 = Instant.parse("2100-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HandClock clock = new HandClock(T0);
    private final HandThreads threads = new HandThreads();
    private final List<String> refreshed = Collections.synchronizedList(new ArrayList<>());
    private @Nullable TrickleFixture fixture;
    private @Nullable RefreshScheduler scheduler;

    @BeforeEach
    void createDatabase() {
        fixture = TrickleFixture.postgres().start();
    }

    @AfterEach
    void dropDatabase() {
        if (scheduler != null) {
            scheduler.close();
        }
        fixture.close();
    }

    @Test
    void tick_refreshesDueStreamTablesWithChangesUpstreamFirst_leavesTheOthers() {
        streamTable("st_a", "SELECT id, v FROM src_a", "1m", Duration.ofMinutes(2));
        streamTable("st_b", "SELECT id, v FROM st_a", "calculated", Duration.ofMinutes(2));
        streamTable("st_c", "SELECT id, v FROM src_c", "5m", Duration.ofMinutes(1));
        streamTable("st_d", "SELECT id, v FROM src_d", "1m", Duration.ofMinutes(2));
        change("src_a", "src_c");
        start(false, record());

        assertThat(threads.interval).isEqualTo(Duration.ofSeconds(1));
        assertThat(fixture.dsl().fetchValue("SELECT scheduler_running FROM pgtrickle.pgt_engines"
                + " WHERE engine_id = 'hand'")).isEqualTo(true);
        threads.tick();
        assertThat(refreshed).as("st_c is not due, st_d has no changes; st_b follows the change st_a made")
                .containsExactly("st_a", "st_b");

        clock.advance(Duration.ofMinutes(4));
        refreshed.clear();
        threads.tick();
        assertThat(refreshed).as("st_c's 5m have passed").containsExactlyInAnyOrder("st_a", "st_b", "st_c");
        assertThat(refreshed.indexOf("st_a")).isLessThan(refreshed.indexOf("st_b"));
    }

    @Test
    void tick_afterTransientFailures_waitsOutEachBackoff_thenRetries() {
        streamTable("st_a", "SELECT id, v FROM src_a", "1m", Duration.ofMinutes(2));
        change("src_a");
        AtomicInteger failures = new AtomicInteger(2);
        start(false, (c, unit) -> {
            refreshed.add(unit.members().get(0).name().name());
            if (failures.getAndDecrement() > 0) {
                throw new RefreshException(unit.members().get(0).name(), "40001", true, "serialization failure",
                        null);
            }
            return results(unit);
        });

        threads.tick();
        assertThat(refreshed).hasSize(1);
        threads.tick();
        clock.advance(Duration.ofMillis(700));
        threads.tick();
        assertThat(refreshed).as("the first backoff is 1s ±25%").hasSize(1);

        clock.advance(Duration.ofMillis(600));
        threads.tick();
        assertThat(refreshed).as("1.3s after the first failure").hasSize(2);
        clock.advance(Duration.ofMillis(1400));
        threads.tick();
        assertThat(refreshed).as("the second backoff doubles: 2s ±25%").hasSize(2);

        clock.advance(Duration.ofMillis(1200));
        threads.tick();
        threads.tick();
        assertThat(refreshed).as("2.6s after the second failure it succeeds, and a success clears the backoff")
                .hasSize(4);
    }

    @Test
    void tick_parallel_runsIndependentUnitsAtOnce_andADependentAfterItsSource() {
        streamTable("st_a", "SELECT id, v FROM src_a", "1m", Duration.ofMinutes(2));
        streamTable("st_b", "SELECT id, v FROM st_a", "calculated", Duration.ofMinutes(2));
        streamTable("st_c", "SELECT id, v FROM src_c", "1m", Duration.ofMinutes(2));
        change("src_a", "src_c");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        threads.refreshes = pool;
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        List<Throwable> failed = Collections.synchronizedList(new ArrayList<>());
        start(true, (c, unit) -> {
            String name = unit.members().get(0).name().name();
            refreshed.add("start " + name);
            if (!name.equals("st_b")) {
                try {
                    bothRunning.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    failed.add(e);
                }
            }
            refreshed.add("end " + name);
            return results(unit);
        });

        threads.tick();
        pool.shutdown();

        assertThat(failed).as("st_a and st_c met at the barrier: they ran at once").isEmpty();
        assertThat(refreshed).hasSize(6);
        assertThat(refreshed.indexOf("end st_a")).isLessThan(refreshed.indexOf("start st_b"));
    }

    @Test
    void tick_whileATickRuns_startsWhenItEnds() throws Exception {
        streamTable("st_a", "SELECT id, v FROM src_a", "1m", Duration.ofMinutes(2));
        change("src_a");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        start(false, (c, unit) -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            refreshed.add(unit.members().get(0).name().name());
            entered.countDown();
            await(release);
            inFlight.decrementAndGet();
            return results(unit);
        });

        Thread first = new Thread(threads::tick);
        first.start();
        await(entered);
        Thread second = new Thread(threads::tick);
        second.start();
        awaitWaiting(second);
        assertThat(refreshed).as("the second tick waits for the first").hasSize(1);

        release.countDown();
        first.join(WAIT.toMillis());
        second.join(WAIT.toMillis());
        assertThat(refreshed).hasSize(2);
        assertThat(mostInFlight).hasValue(1);
    }

    @Test
    void close_duringARefresh_letsItFinish_startsNoOther_andStopsTicksAndThreads() throws Exception {
        streamTable("st_a", "SELECT id, v FROM src_a", "1m", Duration.ofMinutes(2));
        streamTable("st_c", "SELECT id, v FROM src_c", "1m", Duration.ofMinutes(2));
        change("src_a", "src_c");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        start(false, (c, unit) -> {
            refreshed.add(unit.members().get(0).name().name());
            entered.countDown();
            await(release);
            finished.add(unit.members().get(0).name().name());
            return results(unit);
        });

        Thread tick = new Thread(threads::tick);
        tick.start();
        await(entered);
        RefreshScheduler closing = scheduler;
        Thread closer = new Thread(closing::close);
        closer.start();
        awaitWaiting(closer);
        assertThat(threads.cancelled).as("no tick is started after close").isTrue();
        assertThat(threads.shutDown).as("not before the running tick ends").isFalse();

        release.countDown();
        tick.join(WAIT.toMillis());
        closer.join(WAIT.toMillis());
        assertThat(finished).as("the running refresh finished; the other unit did not start").hasSize(1)
                .isEqualTo(refreshed);
        assertThat(threads.shutDown).isTrue();
        assertThat(fixture.dsl().fetchValue("SELECT count(*) FROM pgtrickle.pgt_engines WHERE engine_id = 'hand'"))
                .as("unregistered").isEqualTo(0L);

        threads.tick();
        assertThat(refreshed).as("a closed scheduler's tick does nothing").hasSize(1);
        scheduler = null;
    }

    private void start(boolean parallel, RefreshScheduler.UnitRefresh refresh) {
        SchedulingConfig config = new SchedulingConfig(Duration.ofSeconds(1), 2, parallel, Duration.ofMinutes(1), 3,
                Duration.ofDays(7), null);
        scheduler = new RefreshScheduler(config, new Database(fixture.dataSource()), refresh, clock, threads, "hand",
                Duration.ofSeconds(5));
        scheduler.start();
    }

    /** A refresh that records the unit's members and reports a row inserted into each. */
    private RefreshScheduler.UnitRefresh record() {
        return (c, unit) -> {
            unit.members().forEach(m -> refreshed.add(m.name().name()));
            return results(unit);
        };
    }

    private static List<RefreshResult> results(Unit unit) {
        return unit.members().stream().map(m -> new RefreshResult(m.name(), RefreshAction.DIFFERENTIAL, 1, 0, 0,
                Duration.ZERO, null)).toList();
    }

    /** Creates a stream table (and its source table, if it reads one) whose data is {@code age} old at T0. */
    private void streamTable(String name, String query, String schedule, Duration age) {
        String source = query.substring(query.indexOf("FROM ") + 5);
        if (source.startsWith("src_")) {
            fixture.execute("CREATE TABLE " + source + " (id int PRIMARY KEY, v int)");
        }
        fixture.trickle().createStreamTable(StreamTableSpec.builder(name, query).schedule(schedule).build());
        fixture.dsl().execute("UPDATE pgtrickle.pgt_stream_tables SET data_timestamp = ? WHERE pgt_name = ?",
                Timestamp.from(T0.minus(age)), name);
    }

    /** Writes a row to each source table: the change buffers of the stream tables reading them are not empty. */
    private void change(String... sources) {
        for (String s : sources) {
            fixture.execute("INSERT INTO " + s + " VALUES (1, 1)");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code t} parks (on the scheduler's tick lock: nothing else in a tick or a close parks). */
    private static void awaitWaiting(Thread t) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (t.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("%s parks", t.getName()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** A clock that moves only when the test moves it. */
    private static final class HandClock extends Clock {
        private volatile Instant now;

        HandClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Ticks when the test calls {@link #tick}; parallel refreshes run on the calling thread unless set. */
    private static final class HandThreads implements Threads {
        volatile @Nullable Runnable tick;
        volatile @Nullable Duration interval;
        volatile boolean cancelled;
        volatile boolean shutDown;
        volatile Executor refreshes = Runnable::run;

        void tick() {
            tick.run();
        }

        @Override
        public Runnable every(Duration interval, Runnable tick) {
            this.interval = interval;
            this.tick = tick;
            return () -> cancelled = true;
        }

        @Override
        public Executor refreshes() {
            return refreshes;
        }

        @Override
        public void shutdown() {
            shutDown = true;
        }
    }
}

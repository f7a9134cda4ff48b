package dev.trickle.engine.lifecycle;

import static dev.trickle.engine.lifecycle.StorageContents.assertMatchesQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Creating a stream table over a source of 600,000 rows while writers keep committing: the writers are held only for the short
 * first step (capture and an empty storage table), not for the load; every change is in the result once.
 */
class InitialLoadIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    static final int ROWS = 600_000;
    static final String COPY = "select id, grp, v, md5(v::text) as h from big where v >= 0";
    static final String BY_GROUP = "select grp, count(*) as n, sum(v) as total from big group by grp";

    @BeforeAll
    static void source(DSLContext dsl) {
        dsl.execute("CREATE TABLE big (id bigint PRIMARY KEY, grp int, v int)");
        dsl.execute("INSERT INTO big SELECT g, g % 97, g % 1000 FROM generate_series(1, " + ROWS + ") g");
        dsl.execute("ANALYZE big");
    }

    @Test
    void create_overManyRowsWhileWritersCommit_holdsThemOnlyForTheFirstStep(Trickle engine, DataSource dataSource,
            DSLContext dsl) throws Exception {
        Writers writers = Writers.start(dataSource, 2, 1);
        long started = System.nanoTime();
        engine.createStreamTable(StreamTableSpec.builder("big_copy", COPY).mode(RefreshMode.DIFFERENTIAL).build());
        long ended = System.nanoTime();
        Duration create = Duration.ofNanos(ended - started);
        List<Writer.Result> results = writers.stop();

        // the first step (capture, empty storage) is short: the second half of the create is the load
        long loadHalf = started + (ended - started) / 2;
        long commits = results.stream().mapToLong(r -> r.commitsBetween(loadHalf, ended)).sum();
        Duration longestWait = results.stream().map(Writer.Result::longestTransaction).max(Duration::compareTo)
                .orElseThrow();
        // the load must be long enough for the comparison to mean something
        assertThat(create).isGreaterThan(Duration.ofSeconds(1));
        // before, every writer waited for the whole load (its longest transaction was about as long as the create)
        assertThat(longestWait).as("longest writer transaction, create took %s", create)
                .isLessThan(create.dividedBy(3));
        assertThat(commits).as("writer commits in the second half of the create (%s)", create)
                .isGreaterThan(20);

        engine.refresh("big_copy");
        assertMatchesQuery(dsl, "public.big_copy", COPY);
        assertThat(dsl.fetchValue("SELECT count(*) FROM big_copy", Long.class))
                .isEqualTo(dsl.fetchValue("SELECT count(*) FROM big WHERE v >= 0", Long.class));
    }

    @Test
    void create_aggregateWhileWritersCommitAndRollBack_countsEveryCommittedChangeOnce(Trickle engine,
            DataSource dataSource, DSLContext dsl) throws Exception {
        Writers writers = Writers.start(dataSource, 2, 2);
        long started = System.nanoTime();
        engine.createStreamTable(StreamTableSpec.builder("big_by_group", BY_GROUP).mode(RefreshMode.DIFFERENTIAL)
                .build());
        long ended = System.nanoTime();
        // changes after the load's snapshot, while it is running and after it, go through the buffers
        Thread.sleep(300);
        List<Writer.Result> results = writers.stop();
        assertThat(results.stream().mapToLong(r -> r.commitsBetween(started, ended)).sum()).isPositive();

        engine.refresh("big_by_group");
        assertMatchesQuery(dsl, "public.big_by_group", BY_GROUP);
    }

    @Test
    void create_whileAWriterHoldsTheCapturedSourceAndWritesAgain_bothSucceed(Trickle engine, DataSource dataSource,
            DSLContext dsl) throws Exception {
        dsl.execute("CREATE TABLE held (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO held SELECT g, g FROM generate_series(1, 100) g");
        engine.createStreamTable("held_copy", "select id, v from held");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection writer = dataSource.getConnection(); Statement s = writer.createStatement()) {
            writer.setAutoCommit(false);
            // the lock a writing statement holds before its capture trigger writes the buffer
            s.execute("LOCK TABLE held IN ROW EXCLUSIVE MODE");
            Future<?> create = pool.submit(() -> engine.createStreamTable("held_by_v",
                    "select v, count(*) as n from held group by v"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (dsl.fetch("SELECT 1 FROM pg_locks WHERE relation = 'held'::regclass AND NOT granted").isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // the create waits for this writer's lock on the source; the writer's capture now writes the buffer
            s.executeUpdate("UPDATE held SET v = v + 1 WHERE id = 2");
            writer.commit();
            create.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        engine.refresh("held_copy");
        engine.refresh("held_by_v");
        assertMatchesQuery(dsl, "public.held_copy", "select id, v from held");
        assertMatchesQuery(dsl, "public.held_by_v", "select v, count(*) as n from held group by v");
    }

    /** Writer threads, each committing small random transactions on {@code big} (a few rolled back). */
    private record Writers(ExecutorService pool, AtomicBoolean stopped, List<Future<Writer.Result>> futures) {
        static Writers start(DataSource dataSource, int threads, int seed) throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<Writer.Result>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(new Writer(dataSource, stop, new SplittableRandom(seed * 31L + i),
                        ROWS + 1 + seed * 100_000_000L + i * 10_000_000L)));
            }
            Thread.sleep(200); // the writers are under way before the create begins
            return new Writers(pool, stop, futures);
        }

        List<Writer.Result> stop() throws Exception {
            stopped.set(true);
            List<Writer.Result> results = new ArrayList<>();
            for (Future<Writer.Result> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            return results;
        }
    }

    /** Inserts, updates (of the group key too) and deletes, one transaction at a time, until told to stop. */
    private record Writer(DataSource dataSource, AtomicBoolean stop, SplittableRandom random, long firstNewId)
            implements Callable<Writer.Result> {
        record Result(long[] commitTimes, Duration longestTransaction) {
            long commitsBetween(long from, long to) {
                return Arrays.stream(commitTimes).filter(t -> t >= from && t <= to).count();
            }
        }

        @Override
        public Result call() throws SQLException {
            LongStream.Builder commits = LongStream.builder();
            long longest = 0;
            long nextId = firstNewId;
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    long begin = System.nanoTime();
                    long id = 1 + random.nextLong(ROWS);
                    switch (random.nextInt(4)) {
                        case 0 -> s.executeUpdate("INSERT INTO big VALUES (" + nextId++ + ", "
                                + random.nextInt(97) + ", " + random.nextInt(-5, 1000) + ")");
                        case 1 -> s.executeUpdate("UPDATE big SET v = v + 1 WHERE id = " + id);
                        case 2 -> s.executeUpdate("UPDATE big SET grp = " + random.nextInt(97) + ", v = -v WHERE id = "
                                + id);
                        default -> s.executeUpdate("DELETE FROM big WHERE id = " + id);
                    }
                    if (random.nextInt(10) == 0) {
                        c.rollback();
                    } else {
                        c.commit();
                        commits.add(System.nanoTime());
                    }
                    longest = Math.max(longest, System.nanoTime() - begin);
                    sleepQuietly();
                }
            }
            return new Result(commits.build().toArray(), Duration.ofNanos(longest));
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

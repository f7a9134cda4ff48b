package dev.trickle.engine.refresh;

import dev.trickle.TableName;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Jdbc;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a long initial load: every interval, how much the storage table has grown and for how long
 * the load has run. The size is read on another connection (the load's own is busy); the uncommitted rows count, as
 * they are in the table's files. If no connection can be had, the line says only how long the load has run.
 */
final class LoadProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadProgress.class);

    private final TableName name;
    private final long relid;
    private final Database database;
    private final long started = System.nanoTime();
    private final ScheduledFuture<?> task;
    private volatile String lastReport = "";

    private LoadProgress(TableName name, long relid, Database database, Duration interval) {
        this.name = name;
        this.relid = relid;
        this.database = database;
        long every = Math.max(1, interval.toMillis());
        this.task = Timer.EXECUTOR.scheduleWithFixedDelay(this::report, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts reporting a load.
     *
     * @param name the stream table
     * @param relid its storage table's OID
     * @param database where the size is read
     * @param interval how often to report
     * @return the reporter, which {@link #close} stops
     */
    static LoadProgress start(TableName name, long relid, Database database, Duration interval) {
        LOG.debug("initial load of stream table '{}' started", name);
        return new LoadProgress(name, relid, database, interval);
    }

    private void report() {
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        try {
            long bytes = database.run("cannot read the size of stream table '" + name + "'",
                    c -> Jdbc.queryOne(c, "SELECT pg_total_relation_size(?::oid)", rs -> rs.getLong(1), relid)
                            .orElse(0L));
            lastReport = "initial load of stream table '" + name + "' running for " + seconds + " s: "
                    + bytes / (1024 * 1024) + " MB written so far";
        } catch (RuntimeException e) {
            lastReport = "initial load of stream table '" + name + "' running for " + seconds + " s";
        }
        LOG.info(lastReport);
    }

    /** @return the last line logged, or an empty string before the first */
    String lastReport() {
        return lastReport;
    }

    /** Stops reporting. */
    @Override
    public void close() {
        task.cancel(false);
    }

    /** One daemon thread for every engine's load reports: they are rare and short. */
    private static final class Timer {
        static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trickle-load-progress");
            t.setDaemon(true);
            return t;
        });

        private Timer() {}
    }
}

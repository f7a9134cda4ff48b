package dev.trickle.spring.boot;

import dev.trickle.EnsureResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the auto-configured engine with the application context. On start it ensures the stream tables
 * declared as {@link StreamTableSpec} beans ({@link Trickle#ensureStreamTables}: created if absent, changed if their
 * definition changed, untouched otherwise; safe when several instances start at once) and then starts the
 * scheduler. On stop it closes the engine: no refresh starts any more, running ones finish, the database objects
 * stay. A failure on start (database unreachable, a query that does not compile) fails the context's start.
 *
 * <p>Its phase, {@link #PHASE}, is below the web server's: the engine starts before the server takes requests and
 * stops after the server stopped taking them. A closed engine cannot start again.
 */
public final class TrickleLifecycle implements SmartLifecycle {
    /** The lifecycle phase: before the web server's start and after its graceful shutdown. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(TrickleLifecycle.class);

    private final Trickle trickle;
    private final List<StreamTableSpec> specs;
    private final boolean runScheduler;
    private volatile boolean running;

    /**
     * Creates the lifecycle.
     *
     * @param trickle the engine
     * @param specs the stream tables to ensure on start; empty for none
     * @param runScheduler whether to start the engine's scheduler
     */
    public TrickleLifecycle(Trickle trickle, List<StreamTableSpec> specs, boolean runScheduler) {
        this.trickle = trickle;
        this.specs = List.copyOf(specs);
        this.runScheduler = runScheduler;
    }

    @Override
    public void start() {
        if (!specs.isEmpty()) {
            for (EnsureResult r : trickle.ensureStreamTables(specs)) {
                LOG.info("stream table '{}': {}", r.streamTable().name(), r.action());
            }
        }
        if (runScheduler) {
            trickle.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        trickle.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

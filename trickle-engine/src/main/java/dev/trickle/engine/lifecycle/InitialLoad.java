package dev.trickle.engine.lifecycle;

import dev.trickle.RefreshException;
import dev.trickle.TableName;
import dev.trickle.TrickleException;
import dev.trickle.engine.jdbc.Errors;
import dev.trickle.engine.catalog.Catalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second step of creating a stream table: its first refresh loads it. The first step committed the change capture
 * of its sources and an empty storage table; the load reads a snapshot taken after that, which becomes the frontier,
 * so every change is in the load or in the buffers after it, once. Writers of the sources go on meanwhile.
 *
 * <p>If another engine loads it first (its scheduler saw a stream table never refreshed), this waits for that load.
 * If the load fails on the data (SQL state class 22, such as a division by zero: the query is valid SQL, the rows
 * make it fail), the stream table stays, not loaded and in error with the server's message, as after any refresh
 * that fails on the data; its next refresh loads it. If the load fails otherwise, the stream table is dropped: a
 * create that throws leaves nothing behind.
 */
final class InitialLoad {
    private static final Logger LOG = LoggerFactory.getLogger(InitialLoad.class);
    /** Serialization failure and deadlock: conflicts with other sessions that trying again resolves. */
    private static final Set<String> CONFLICTS = Set.of("40001", "40P01");
    private static final int CONFLICT_ATTEMPTS = 5;

    private final StreamTableCreator.Loader refresh;
    private final StreamTableDropper dropper;

    InitialLoad(StreamTableCreator.Loader refresh, StreamTableDropper dropper) {
        this.refresh = refresh;
        this.dropper = dropper;
    }

    /**
     * Loads a stream table that was created empty, or waits until another engine has.
     *
     * @param c a connection in auto-commit mode
     * @param target the qualified name
     * @param query the defining query, for the message of a failure
     * @throws TrickleException if the load fails; the stream table is dropped then
     * @throws SQLException if the server fails outside the refresh
     */
    void load(Connection c, TableName target, String query) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                refresh.refresh(c, target);
                return;
            } catch (RefreshException e) {
                if (isDataError(e.sqlState())) {
                    // the definition is valid SQL, the data fails it (a division by zero on these rows): the stream
                    // table stays, in error and not loaded, as after any refresh that fails; a later one loads it
                    LOG.warn("stream table '{}' is created, but its initial load failed on the data, so it is not"
                            + " loaded yet: {}", target, e.getMessage());
                    return;
                }
                if ("55P03".equals(e.sqlState()) && notLoaded(c, target)) {
                    LOG.info("stream table '{}' is being loaded by another session: waiting for it", target);
                } else if (CONFLICTS.contains(String.valueOf(e.sqlState())) && attempt < CONFLICT_ATTEMPTS
                        && notLoaded(c, target)) {
                    // a serialization failure against another engine's catalog write, a deadlock: try again
                    LOG.debug("initial load of stream table '{}' failed, trying again: {}", target, e.getMessage());
                } else {
                    throw undo(c, target, query, e);
                }
            }
        }
    }

    /**
     * Tells whether an error is the data's, not the definition's: SQL state class 22 (data exception: division by
     * zero, numeric overflow, an invalid value for a cast).
     *
     * @param sqlState the server's SQL state, or {@code null}
     * @return whether the same query succeeds on other data
     */
    static boolean isDataError(@Nullable String sqlState) {
        return sqlState != null && sqlState.startsWith("22");
    }

    /** @return whether the stream table is still there, not loaded (by this engine or another) */
    private static boolean notLoaded(Connection c, TableName target) throws SQLException {
        return Catalog.find(c, target, false).filter(row -> !row.populated()).isPresent();
    }

    /** Drops the stream table whose load failed, and says why it was not created. */
    private TrickleException undo(Connection c, TableName target, String query, RefreshException e) {
        TrickleException failure = e;
        if (e.getCause() instanceof SQLException cause) {
            failure = cause.getSQLState() != null && !Errors.isTransient(cause.getSQLState())
                    ? Errors.fromQueryCheck(query, cause)
                    : Errors.database("stream table '" + target + "' was not created: its initial load failed", cause);
        }
        try {
            dropper.drop(c, target);
        } catch (SQLException | RuntimeException dropFailed) {
            LOG.warn("stream table '{}' failed its initial load and could not be dropped (its next refresh loads it):"
                    + " {}", target, dropFailed.getMessage());
            failure.addSuppressed(dropFailed);
            return failure;
        }
        LOG.debug("stream table '{}' was dropped: its initial load failed: {}", target, e.getMessage());
        return failure;
    }
}

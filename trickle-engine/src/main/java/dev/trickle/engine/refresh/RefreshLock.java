package dev.trickle.engine.refresh;

import dev.trickle.RefreshException;
import dev.trickle.TableName;
import dev.trickle.engine.definition.Definition;
import dev.trickle.engine.jdbc.Errors;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lock a refresh takes: it begins a {@code REPEATABLE READ} transaction whose first statement locks the storage
 * tables in {@code EXCLUSIVE} mode, in catalog id order, so refreshes of a stream table never overlap across every
 * engine on the database and readers are not blocked; only roles that may write a storage table can take that lock.
 * The lock comes before the snapshot (the first query after it), so the snapshot is younger than the commit of the
 * refresh before. The scheduler does not wait ({@code NOWAIT}: another engine is refreshing it); a caller waits at
 * most the lock timeout, which also bounds every other wait of the transaction. The transaction also turns the
 * server's JIT compiler off: a refresh's statements handle the change since the last refresh, and JIT compilation
 * (hundreds of milliseconds to seconds) only pays off on long scans, which the planner's estimates for young or
 * never-analyzed tables often predict wrongly.
 */
final class RefreshLock {
    private final Duration timeout;

    RefreshLock(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The statements that open a refresh transaction and lock the members' storage tables.
     *
     * @param defs the members
     * @param wait whether to wait (at most the timeout) for a lock another session holds
     * @return the statements, separated by semicolons, without a last one
     */
    String opening(List<Definition> defs, boolean wait) {
        String tables = defs.stream().sorted(Comparator.comparingLong(Definition::id)).map(Definition::storage)
                .collect(Collectors.joining(", "));
        return "BEGIN ISOLATION LEVEL REPEATABLE READ;\nSET LOCAL lock_timeout = " + Math.max(1, timeout.toMillis())
                + ";\nSET LOCAL jit = off;\nLOCK TABLE " + tables + " IN EXCLUSIVE MODE" + (wait ? "" : " NOWAIT");
    }

    /**
     * The lock wait as the transaction's first query measures it: the time from {@code BEGIN} (the transaction's
     * start) to that query's start, which is when the lock was granted.
     *
     * @return an expression of the lock wait in microseconds
     */
    static String waitedMicros() {
        return "(extract(epoch FROM statement_timestamp() - now()) * 1000000)::bigint";
    }

    /**
     * Judges a failure of the opening statements, after the transaction was rolled back; returns if another session
     * holds a lock and the refresh does not wait.
     *
     * @param e the failure
     * @param wait whether the refresh waited for the lock
     * @param first the first member, for messages
     * @throws Refresher.Unrecorded if the refresh did not start for a reason that is not the stream table's: its
     *     storage table was held longer than the lock timeout, or this engine's role may not write it
     * @throws SQLException {@code e}, for any other failure
     */
    void refused(SQLException e, boolean wait, TableName first) throws Refresher.Unrecorded, SQLException {
        if ("42501".equals(e.getSQLState())) {
            throw new Refresher.Unrecorded(new RefreshException(first, e.getSQLState(), false, "refresh of stream"
                    + " table '" + first + "' did not start: this engine's role may not write its storage table (it"
                    + " belongs to another role, whose engines refresh it): " + Errors.serverMessage(e), e));
        }
        if (!"55P03".equals(e.getSQLState())) {
            throw e;
        }
        if (!wait) {
            return;
        }
        throw new Refresher.Unrecorded(new RefreshException(first, e.getSQLState(), true, "refresh of stream table '"
                + first + "' did not start: another session has held its storage table (another engine's refresh"
                + " of it, or a DDL statement) for longer than the lock timeout of " + timeout.toMillis() + " ms",
                e));
    }
}

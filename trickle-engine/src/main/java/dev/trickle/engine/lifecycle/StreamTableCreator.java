package dev.trickle.engine.lifecycle;

import dev.trickle.RefreshAction;
import dev.trickle.CaptureMode;
import dev.trickle.RefreshMode;
import dev.trickle.RelationExistsException;
import dev.trickle.StreamTableExistsException;
import dev.trickle.StreamTableSpec;
import dev.trickle.TableName;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.engine.jdbc.Errors;
import dev.trickle.engine.capture.CaptureAttachment;
import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.capture.WalCapture;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.Definition;
import dev.trickle.engine.definition.DefinitionCompiler;
import dev.trickle.engine.definition.Definitions;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.SingleStatement;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.engine.topology.Schedule;
import dev.trickle.engine.topology.Topology;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.ParsedQuery;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.sql.SqlNames;
import dev.trickle.jooq.sql.StorageDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a stream table, or replaces one. The definition is first checked with the server in a transaction that is
 * always rolled back ({@link dev.trickle.engine.definition.DefinitionCheck}). Then:
 *
 * <ol>
 *   <li>One transaction, in {@code READ COMMITTED}, attaches the change capture of the sources
 *       ({@link CaptureAttachment}), which holds every writer of them off until it ends; creates the storage table,
 *       its guard trigger and the catalog rows, with this transaction's snapshot as every source's frontier; and
 *       commits all of that or nothing (the wait for writers is bounded by the lock timeout). A new stream table's
 *       storage table is empty and not populated. A replacement's is loaded here, by a statement whose snapshot sees
 *       every write that was not captured (no source can change before the frontier is taken).
 *   <li>A new stream table is then loaded by its first refresh ({@link InitialLoad}), a full refresh in a
 *       transaction of its own whose snapshot becomes the frontier: writers of the sources go on meanwhile, and
 *       every change is in the load or in the buffers after it, once. If the load fails on the data (a division
 *       by zero on these rows: the definition is valid SQL), the stream table stays, in ERROR and not loaded, and a
 *       later refresh loads it; a replacement whose load fails on the data is committed empty and loaded so too. If
 *       the load fails otherwise, the stream table is dropped.
 * </ol>
 *
 * <p>The server also checks the compiler's work before anything commits: the recomputed storage query must type
 * its columns as the defining query does, and the differential statement must prepare. If either fails, AUTO falls
 * back to full refresh (with the reason); DIFFERENTIAL fails with {@link UnsupportedQueryException}. No refresh
 * statement is stored: every engine compiles the definition itself.
 */
public final class StreamTableCreator {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTableCreator.class);
    private static final String SAVEPOINT = SqlNames.quote("__pgt_create");

    private final CaptureMode captureMode;
    private final DefinitionCompiler compiler;
    private final Definitions definitions;
    private final String engineId;
    private final Duration defaultSchedule;
    private final Duration lockTimeout;
    private final InitialLoad initialLoad;

    /**
     * Creates a creator.
     *
     * @param compiler the definition compiler
     * @param definitions the engine's compiled definitions, which a new stream table's joins
     * @param engineId the engine's id, for the history
     * @param defaultSchedule the schedule of calculated stream tables that nothing scheduled reads
     * @param lockTimeout how long to wait for writers of the sources, or for a refresh of a replaced stream table
     * @param refresh refreshes a stream table (waiting for a refresh of it another session runs): loads a new one
     * @param captureMode how sources that no stream table read before are captured
     * @param dropper drops a new stream table whose initial load failed
     */
    public StreamTableCreator(DefinitionCompiler compiler, Definitions definitions, String engineId,
            Duration defaultSchedule, Duration lockTimeout, Loader refresh, StreamTableDropper dropper,
            CaptureMode captureMode) {
        this.captureMode = captureMode;
        this.compiler = compiler;
        this.definitions = definitions;
        this.engineId = engineId;
        this.defaultSchedule = defaultSchedule;
        this.lockTimeout = lockTimeout;
        this.initialLoad = new InitialLoad(refresh, dropper);
    }

    /** Refreshes a stream table, waiting for a refresh of it that another session runs. */
    @FunctionalInterface
    public interface Loader {
        /**
         * Refreshes it.
         *
         * @param c a connection in auto-commit mode
         * @param name the qualified name
         * @throws SQLException if the server fails outside the refresh
         */
        void refresh(Connection c, TableName name) throws SQLException;
    }

    /** The server rejected the compiler's SQL for this query: a reason to fall back to full refresh. */
    /** The load of a replacement failed on the data (SQL state class 22): the definition itself is valid. */
    private static final class DataError extends Exception {
        private static final long serialVersionUID = 1L;

        DataError(String message) {
            super(message);
        }
    }

    private static final class FidelityException extends Exception {
        private static final long serialVersionUID = 1L;

        FidelityException(String message) {
            super(message);
        }
    }

    /**
     * Creates the stream table.
     *
     * @param c a connection in auto-commit mode
     * @param spec what to create
     * @return the qualified name of the new stream table
     * @throws SQLException if the server fails for a reason unrelated to the definition
     */
    public TableName create(Connection c, StreamTableSpec spec) throws SQLException {
        return create(c, spec, null);
    }

    /**
     * Replaces a stream table by a new definition of the same name, in one transaction: the old storage and catalog
     * rows go, the new ones come, with a fresh initial load. Refused if other stream tables read it; a new query
     * that would make the stream tables read each other in a cycle is rejected first.
     *
     * @param c a connection in auto-commit mode
     * @param spec the new definition
     * @param old the stream table it replaces
     * @return the qualified name
     * @throws dev.trickle.DependencyCycleException if the new query closes a cycle
     * @throws dev.trickle.StreamTableInUseException if other stream tables read it
     * @throws SQLException if the server fails for a reason unrelated to the definition
     */
    public TableName replace(Connection c, StreamTableSpec spec, StreamTableRow old) throws SQLException {
        return create(c, spec, old);
    }

    private TableName create(Connection c, StreamTableSpec given, @Nullable StreamTableRow old) throws SQLException {
        Defined defined = define(c, given, old);
        if (!defined.loaded()) {
            initialLoad.load(c, defined.target(), given.query());
        }
        return defined.target();
    }

    /** @return how this engine captures sources that no stream table read before */
    public CaptureMode captureMode() {
        return captureMode;
    }

    /**
     * Whether a source is not captured yet, so that the engine's capture mode decides how it will be.
     *
     * @param c a connection
     * @param sources the sources to capture
     * @return whether one of them has no change buffer
     * @throws SQLException if the server fails
     */
    public static boolean needsNewCapture(Connection c, java.util.Collection<Long> sources) throws SQLException {
        for (long oid : sources) {
            if (Jdbc.queryOne(c, "SELECT to_regclass(?) IS NULL", rs -> rs.getBoolean(1),
                    dev.trickle.jooq.sql.SqlNames.changeBuffer(oid)).orElseThrow()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A committed definition.
     *
     * @param target the qualified name
     * @param loaded whether its storage was loaded in the same transaction
     */
    private record Defined(TableName target, boolean loaded) {}

    /**
     * The transaction that creates the stream table: loaded if it replaces one (unless the load fails on the data,
     * see {@link InitialLoad}), else empty and not populated.
     */
    private Defined define(Connection c, StreamTableSpec given, @Nullable StreamTableRow old) throws SQLException {
        Schedule schedule = Schedule.parse(given.schedule());
        StreamTableSpec spec = given.withSchedule(schedule.kind() == Schedule.Kind.CALCULATED ? null : schedule.toString());
        // the setting of this session: the lexer reads backslashes in '...' as the server will
        ParsedQuery parsed = compiler.parse(spec.query(), SingleStatement.standardConformingStrings(c));
        DefinitionCompiler.Compiled compiled = compiler.compile(c, spec.name(), parsed, spec.mode(), old != null, null);
        TableName target = compiled.checked().target();
        List<Long> oldSources = old == null ? List.of()
                : Replacement.prepare(c, old, compiled.checked(), defaultSchedule);
        boolean load = old != null;
        if (captureMode == CaptureMode.WAL && needsNewCapture(c, compiled.compiled().captureColumns().keySet())) {
            WalCapture.setup(c);
        }
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            begin(c, compiled.checked().searchPath());
            if (old != null) {
                // waits for a refresh of the old stream table that another engine is running
                Catalog.lockStorage(c, old, "ACCESS EXCLUSIVE");
                Replacement.dropOld(c, old);
            }
            CaptureAttachment.attach(c, compiled.compiled().captureColumns(), captureMode);
            Jdbc.execute(c, "SAVEPOINT " + SAVEPOINT);
            Definition built;
            try {
                built = build(c, spec, compiled, load);
            } catch (DataError e) {
                // the definition is valid, the data fails it: created empty, loaded (and failing) after the commit
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                load = false;
                built = buildOrFail(c, spec, compiled, false);
            } catch (FidelityException e) {
                if (spec.mode() == RefreshMode.DIFFERENTIAL) {
                    throw new UnsupportedQueryException(UnsupportedQueryException.Reason.OTHER, parsed.text(),
                            "stream table '" + target + "' cannot be maintained differentially: " + e.getMessage());
                }
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                compiled = compiler.fallback(compiled, spec.mode() == RefreshMode.AUTO ? e.getMessage() : null);
                built = buildOrFail(c, spec, compiled, old != null);
            }
            ChangeCapture.removeUnused(c, oldSources);
            tx.commit();
            // this engine's first refresh need not compile the definition again
            definitions.put(built);
        } catch (SQLException e) {
            if (Errors.isLockTimeout(e)) {
                throw Errors.database("stream table '" + target + "' was not created: writers of its sources (or a"
                        + " refresh of the stream table it replaces) held them longer than the lock timeout of "
                        + lockTimeout.toMillis() + " ms", e);
            }
            throw e;
        }
        Topology.recordAfterCommit(c, defaultSchedule, lockTimeout);
        if (compiled.compiled().fallbackReason() != null) {
            LOG.warn("stream table '{}' is refreshed in full: {}", target, compiled.compiled().fallbackReason());
        }
        LOG.info("{} stream table '{}' ({}{})", old == null ? "created" : "replaced", target,
                compiled.compiled().effectiveMode(), schedule.kind() == Schedule.Kind.CALCULATED
                        ? ", no schedule, so " + calculatedSchedule(c, target) : "");
        return new Defined(target, load);
    }

    /**
     * @return how often a stream table without a schedule is refreshed, as the scheduler resolved it just now (see
     *     {@link dev.trickle.engine.topology.DependencyGraph#effectiveSchedules})
     */
    private String calculatedSchedule(Connection c, TableName target) {
        String effective;
        try {
            effective = Jdbc.queryOne(c, "SELECT effective_schedule FROM pgtrickle.pgt_stream_tables"
                    + " WHERE pgt_schema = ? AND pgt_name = ?", rs -> rs.getString(1), target.schema(), target.name())
                    .orElse(null);
        } catch (SQLException e) {
            effective = null; // the stream table is created; only this line of the log is the poorer for it
        }
        return (effective == null ? "calculated" : "calculated, every " + effective + " for now")
                + " (the shortest interval of the stream tables that read it, else of those it reads, else"
                + " defaultSchedule, " + Schedule.every(defaultSchedule) + ")";
    }

    /** The first statements of a creating transaction: the lock timeout and the definition's search path. */
    private void begin(Connection c, String searchPath) throws SQLException {
        Jdbc.execute(c, "SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
        Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, searchPath);
    }

    private Definition buildOrFail(Connection c, StreamTableSpec spec, DefinitionCompiler.Compiled compiled,
            boolean load) throws SQLException {
        try {
            return build(c, spec, compiled, load);
        } catch (DataError e) {
            throw new IllegalStateException("internal error: a stream table built empty read data: " + e.getMessage());
        } catch (FidelityException e) {
            throw new IllegalStateException("internal error: full refresh of '" + compiled.checked().target()
                    + "' failed: " + e.getMessage());
        }
    }

    /**
     * Creates the storage table, loaded or empty, its guard and catalog rows.
     *
     * @return the definition a refresh of the new stream table runs
     */
    private Definition build(Connection c, StreamTableSpec spec, DefinitionCompiler.Compiled compiled, boolean load)
            throws SQLException, FidelityException, DataError {
        CompiledStreamTable st = compiled.compiled();
        TableName target = compiled.checked().target();
        long rows = createStorage(c, target, st, load);
        long relid = Jdbc.queryOne(c, "SELECT to_regclass(?)::oid::bigint", rs -> rs.getLong(1),
                        SqlNames.qualified(target))
                .orElseThrow();
        verifyTypes(c, relid, compiled.checked().outputs());
        Jdbc.execute(c, StorageDdl.guard(target));
        long id = insertCatalog(c, spec, compiled, relid, load);
        if (st.effectiveMode() == RefreshMode.DIFFERENTIAL) {
            verifyPrepares(c, compiler.queryCompiler().differentialSql(st, id));
        }
        insertDependencies(c, id, compiled);
        if (load) {
            History.completed(c, id, RefreshAction.FULL, rows, 0, 0, History.Initiator.CREATE, st.fallbackReason(),
                    engineId);
        }
        Topology.check(c, defaultSchedule);
        return compiler.definition(compiled, id, 1, relid);
    }

    /** Records the sources, with their states and the frontier, and the storage table's state. */
    static void insertDependencies(Connection c, long id, DefinitionCompiler.Compiled compiled) throws SQLException {
        Map<Long, List<String>> capture = compiled.compiled().captureColumns();
        for (SourceRelation source : compiled.checked().sources()) {
            List<String> used = capture.get(source.oid());
            Catalog.insertDependency(c, id, source, used == null || used.isEmpty() ? null : used);
        }
        Catalog.recordStorageState(c, id);
    }

    /** @return the rows loaded */
    private static long createStorage(Connection c, TableName target, CompiledStreamTable compiled, boolean load)
            throws SQLException, FidelityException, DataError {
        List<String> ddl = new ArrayList<>(compiled.createStatements());
        if (load) {
            // right after the table: the load inserts, then builds the index once
            ddl.addAll(1, StorageDdl.load(target, compiled.storageQuery()));
        }
        long rows = 0;
        for (int i = 0; i < ddl.size(); i++) {
            Jdbc.execute(c, "SAVEPOINT \"__pgt_ddl\"");
            try {
                int count = Jdbc.update(c, ddl.get(i));
                rows = load && i == 1 ? count : rows;
                Jdbc.execute(c, "RELEASE SAVEPOINT \"__pgt_ddl\"");
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT \"__pgt_ddl\"");
                if ("42P07".equals(e.getSQLState())) {
                    throw new RelationExistsException(target, "relation");
                }
                if ("42501".equals(e.getSQLState())) {
                    // a privilege the engine's role lacks, not a query the differential compilation got wrong
                    throw e;
                }
                if (load && i == 1 && InitialLoad.isDataError(e.getSQLState())) {
                    throw new DataError(e.getMessage());
                }
                if (compiled.differential() != null) {
                    throw new FidelityException("the recomputed query fails: " + e.getMessage());
                }
                throw Errors.fromQueryCheck(compiled.query(), e);
            }
        }
        return rows;
    }

    /** The storage table's output columns must have the names and types of the defining query's. */
    private static void verifyTypes(Connection c, long relid, List<OutputColumn> outputs)
            throws SQLException, FidelityException {
        List<String[]> actual = Jdbc.query(c, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, relid);
        for (int i = 0; i < outputs.size(); i++) {
            OutputColumn expected = outputs.get(i);
            if (i >= actual.size() || !actual.get(i)[0].equals(expected.name())
                    || !actual.get(i)[1].equals(expected.type())) {
                String got = i < actual.size() ? actual.get(i)[0] + " " + actual.get(i)[1] : "nothing";
                throw new FidelityException("the recomputed query yields column " + (i + 1) + " as " + got
                        + " instead of " + expected.name() + " " + expected.type());
            }
        }
    }

    private static void verifyPrepares(Connection c, String sql) throws SQLException, FidelityException {
        Jdbc.execute(c, "SAVEPOINT \"__pgt_prepare\"");
        try {
            Jdbc.execute(c, "PREPARE \"__pgt_check\" AS\n" + sql);
            Jdbc.execute(c, "DEALLOCATE \"__pgt_check\"");
            Jdbc.execute(c, "RELEASE SAVEPOINT \"__pgt_prepare\"");
        } catch (SQLException e) {
            Jdbc.execute(c, "ROLLBACK TO SAVEPOINT \"__pgt_prepare\"");
            throw new FidelityException("the differential statement does not prepare: " + e.getMessage());
        }
    }

    private static long insertCatalog(Connection c, StreamTableSpec spec, DefinitionCompiler.Compiled compiled,
            long relid, boolean populated) throws SQLException {
        CompiledStreamTable st = compiled.compiled();
        try {
            return Catalog.insert(c, new Catalog.NewStreamTable(relid, compiled.checked().target(), st.query(),
                    compiled.checked().searchPath(), spec.mode(), st.effectiveMode(), st.fallbackReason(),
                    st.rowIdentity().name(), spec.schedule(),
                    spec.diamondConsistency().name().toLowerCase(java.util.Locale.ROOT),
                    spec.diamondSchedulePolicy().name().toLowerCase(java.util.Locale.ROOT), populated));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new StreamTableExistsException(compiled.checked().target());
            }
            throw e;
        }
    }
}

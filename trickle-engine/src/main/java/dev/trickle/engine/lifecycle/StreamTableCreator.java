package dev.trickle.engine.lifecycle;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RelationExistsException;
import dev.trickle.StreamTableExistsException;
import dev.trickle.StreamTableSpec;
import dev.trickle.TableName;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.engine.Errors;
import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.CatalogSchema;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.QueryProbe;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.SingleStatement;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.engine.schedule.Schedule;
import dev.trickle.engine.scheduler.Topology;
import dev.trickle.jooq.CompileRequest;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.OutputColumn;
import dev.trickle.jooq.ParsedQuery;
import dev.trickle.jooq.QueryCompiler;
import dev.trickle.jooq.SourceRelation;
import dev.trickle.jooq.ddl.SqlNames;
import dev.trickle.jooq.delta.DeltaContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a stream table in two transactions. The first ({@link DefinitionCheck}) checks everything with the server
 * and is always rolled back. The second, in {@code REPEATABLE READ}, first locks the captured sources against
 * writers ({@code SHARE ROW EXCLUSIVE}, before the snapshot is taken, so every write is either in the snapshot or
 * captured), then creates the storage table from the query, the catalog rows and the change capture, and records
 * the snapshot it read as every source's frontier. It commits all of that or nothing.
 *
 * <p>The server also checks the compiler's work before anything commits: the recomputed storage query must type
 * its columns as the defining query does, and the differential statement must prepare. If either fails, AUTO falls
 * back to full refresh (with the reason); DIFFERENTIAL fails with {@link UnsupportedQueryException}.
 */
public final class StreamTableCreator {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTableCreator.class);
    private static final String SAVEPOINT = SqlNames.quote("__pgt_create");

    private final QueryCompiler compiler;
    private final Clock clock;
    private final String engineId;
    private final Duration defaultSchedule;

    /**
     * Creates a creator.
     *
     * @param compiler the compiler
     * @param clock the engine's clock
     * @param engineId the engine's id, for the history
     * @param defaultSchedule the schedule of calculated stream tables that nothing scheduled reads
     */
    public StreamTableCreator(QueryCompiler compiler, Clock clock, String engineId, Duration defaultSchedule) {
        this.compiler = compiler;
        this.clock = clock;
        this.engineId = engineId;
        this.defaultSchedule = defaultSchedule;
    }

    /** The server rejected the compiler's SQL for this query: a reason to fall back to full refresh. */
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
        Schedule schedule = Schedule.parse(given.schedule());
        StreamTableSpec spec = given.withSchedule(schedule.kind() == Schedule.Kind.CALCULATED ? null : schedule.toString());
        // the setting of this session: the lexer reads backslashes in '...' as the server will
        ParsedQuery parsed = compiler.parse(spec.query(), SingleStatement.standardConformingStrings(c));
        DefinitionCheck.Checked checked = new DefinitionCheck(compiler).check(c, spec.name(), parsed, old != null);
        List<Long> oldSources = old == null ? List.of() : Replacement.prepare(c, old, checked, defaultSchedule);
        CompileRequest request = withKeyTypes(c, new CompileRequest(checked.target(), parsed, checked.outputs(),
                checked.relations(), checked.sources(), checked.volatileFunctions(), checked.otherAggregates(),
                spec.mode()));
        CompiledStreamTable compiled = compiler.compile(request);
        Instant start = clock.instant();
        java.util.Set<Long> locked = new java.util.TreeSet<>(compiled.captureColumns().keySet());
        locked.addAll(oldSources);
        String lock = lockStatement(c, List.copyOf(locked));
        if (old != null) {
            Jdbc.query(c, "SELECT pg_advisory_lock(?, ?)", rs -> 0, CatalogSchema.LOCK_NAMESPACE, (int) old.id());
        }
        try (Tx tx = Tx.begin(c, Tx.Isolation.REPEATABLE_READ)) {
            if (lock != null) {
                // first statement of the transaction: the snapshot is taken after the lock is granted
                Jdbc.execute(c, lock);
            }
            Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, checked.searchPath());
            if (old != null) {
                Replacement.dropOld(c, old);
            }
            Jdbc.execute(c, "SAVEPOINT " + SAVEPOINT);
            long rows;
            try {
                rows = build(c, spec, checked, compiled, start);
            } catch (FidelityException e) {
                if (spec.mode() == RefreshMode.DIFFERENTIAL) {
                    throw new UnsupportedQueryException(UnsupportedQueryException.Reason.OTHER, parsed.text(),
                            "stream table '" + checked.target() + "' cannot be maintained differentially: "
                                    + e.getMessage());
                }
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                compiled = compiler.fallback(request, spec.mode() == RefreshMode.AUTO ? e.getMessage() : null);
                rows = buildOrFail(c, spec, checked, compiled, start);
            }
            ChangeCapture.removeUnused(c, oldSources);
            tx.commit();
        } finally {
            if (old != null) {
                Jdbc.query(c, "SELECT pg_advisory_unlock(?, ?)", rs -> 0, CatalogSchema.LOCK_NAMESPACE,
                        (int) old.id());
            }
        }
        Topology.record(c, defaultSchedule);
        if (compiled.fallbackReason() != null) {
            LOG.warn("stream table '{}' is refreshed in full: {}", checked.target(), compiled.fallbackReason());
        }
        LOG.info("{} stream table '{}' ({})", old == null ? "created" : "replaced", checked.target(),
                compiled.effectiveMode());
        return checked.target();
    }

    /** Asks the server the types of the row identity's keys, which the compiler hashes by type. */
    private CompileRequest withKeyTypes(Connection c, CompileRequest request) throws SQLException {
        Optional<String> probe = compiler.keyProbe(request);
        if (probe.isEmpty()) {
            return request;
        }
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            return request.withKeyTypes(QueryProbe.baseTypes(c, probe.get()));
        } catch (SQLException e) {
            // the storage query reads the same relations and expressions: creating it reports the failure
            LOG.debug("cannot type the row identity keys of '{}': {}", request.target(), e.getMessage());
            return request;
        }
    }

    private long buildOrFail(Connection c, StreamTableSpec spec, DefinitionCheck.Checked checked,
            CompiledStreamTable compiled, Instant start) throws SQLException {
        try {
            return build(c, spec, checked, compiled, start);
        } catch (FidelityException e) {
            throw new IllegalStateException("internal error: full refresh of '" + checked.target() + "' failed: "
                    + e.getMessage());
        }
    }

    private long build(Connection c, StreamTableSpec spec, DefinitionCheck.Checked checked,
            CompiledStreamTable compiled, Instant start) throws SQLException, FidelityException {
        TableName target = checked.target();
        long rows = createStorage(c, target, compiled);
        long relid = Jdbc.queryOne(c, "SELECT to_regclass(?)::oid::bigint", rs -> rs.getLong(1),
                        SqlNames.qualified(target))
                .orElseThrow();
        verifyTypes(c, relid, checked.outputs());
        long id = insertCatalog(c, spec, checked, compiled, relid);
        for (Map.Entry<Long, List<String>> capture : compiled.captureColumns().entrySet()) {
            ChangeCapture.ensure(c, capture.getKey(), capture.getValue());
        }
        String differential = null;
        if (compiled.effectiveMode() == RefreshMode.DIFFERENTIAL) {
            differential = compiler.differentialSql(compiled, id);
            verifyPrepares(c, differential);
        }
        List<Long> captured = compiled.captureColumns().keySet().stream().sorted().toList();
        Catalog.setRefreshSql(c, id, differential, DeltaContext.changesQuery(id, captured));
        for (SourceRelation source : checked.sources()) {
            List<String> used = compiled.captureColumns().get(source.oid());
            Catalog.insertDependency(c, id, source, used == null || used.isEmpty() ? null : used);
        }
        History.completed(c, id, RefreshAction.FULL, rows, 0, 0, History.Initiator.CREATE,
                compiled.fallbackReason(), engineId);
        Topology.check(c, defaultSchedule);
        return rows;
    }

    /**
     * Writes the LOCK statement for the captured sources, resolving their names now: a query inside the transaction
     * would take its snapshot before the lock is granted, and miss the writes of the writers the lock waits for.
     */
    private static String lockStatement(Connection c, List<Long> oids) throws SQLException {
        if (oids.isEmpty()) {
            return null;
        }
        List<String> names = Jdbc.query(c, "SELECT u.relid::oid::regclass::text"
                        + " FROM unnest(?::bigint[]) WITH ORDINALITY AS u(relid, ord) ORDER BY u.ord",
                rs -> rs.getString(1), c.createArrayOf("bigint", oids.toArray()));
        return "LOCK TABLE " + String.join(", ", names) + " IN SHARE ROW EXCLUSIVE MODE";
    }

    private static long createStorage(Connection c, TableName target, CompiledStreamTable compiled)
            throws SQLException, FidelityException {
        List<String> ddl = compiled.createStatements();
        long rows = 0;
        for (int i = 0; i < ddl.size(); i++) {
            Jdbc.execute(c, "SAVEPOINT \"__pgt_ddl\"");
            try {
                int count = Jdbc.update(c, ddl.get(i));
                rows = i == 0 ? count : rows;
                Jdbc.execute(c, "RELEASE SAVEPOINT \"__pgt_ddl\"");
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT \"__pgt_ddl\"");
                if ("42P07".equals(e.getSQLState())) {
                    throw new RelationExistsException(target, "relation");
                }
                if (compiled.plan() != null) {
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

    private static long insertCatalog(Connection c, StreamTableSpec spec, DefinitionCheck.Checked checked,
            CompiledStreamTable compiled, long relid) throws SQLException {
        try {
            return Catalog.insert(c, new Catalog.NewStreamTable(relid, checked.target(), compiled.query(),
                    checked.searchPath(), spec.mode(), compiled.effectiveMode(), compiled.fallbackReason(),
                    compiled.rowIdentity().name(), compiled.fullRefreshSql(), spec.schedule(),
                    spec.diamondConsistency().name().toLowerCase(java.util.Locale.ROOT),
                    spec.diamondSchedulePolicy().name().toLowerCase(java.util.Locale.ROOT)));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new StreamTableExistsException(checked.target());
            }
            throw e;
        }
    }
}

package dev.trickle.engine.lifecycle;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.TableName;
import dev.trickle.CaptureMode;
import dev.trickle.engine.capture.CaptureAttachment;
import dev.trickle.engine.capture.WalCapture;
import dev.trickle.engine.capture.ChangeCapture;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.DependencyRow;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.DefinitionCompiler;
import dev.trickle.engine.definition.Definitions;
import dev.trickle.engine.jdbc.Errors;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Names;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.engine.topology.Topology;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.sql.SqlNames;
import dev.trickle.jooq.sql.StorageDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reinitializes a stream table: the way back from ERROR once its sources are fixed (or after anything that may have
 * made it diverge from its query). The definition is compiled against the database as it is now; if the storage
 * table still has the columns that compilation writes, one transaction re-attaches capture to the sources as they are
 * now (new OIDs of recreated tables included), records their states and frontiers anew, recreates the guard trigger,
 * recomputes the query and applies the difference to the storage table (so stream tables reading it see only what
 * changed), raises the definition's generation (every engine compiles it again) and makes it ACTIVE. If the columns
 * differ, the stream table is rebuilt from its definition as by {@link StreamTableCreator#replace}, which is refused
 * while other stream tables read it.
 */
public final class Reinitializer {
    private static final Logger LOG = LoggerFactory.getLogger(Reinitializer.class);

    private final DefinitionCompiler compiler;
    private final StreamTableCreator creator;
    private final Definitions definitions;
    private final String engineId;
    private final Duration defaultSchedule;
    private final Duration lockTimeout;
    private final Supplier<String> token;

    /**
     * Creates a reinitializer.
     *
     * @param compiler the definition compiler
     * @param creator rebuilds stream tables whose storage no longer fits
     * @param definitions the engine's compiled definitions, forgotten on reinitialize
     * @param engineId the engine's id, for the history
     * @param defaultSchedule the schedule of calculated stream tables that nothing scheduled reads
     * @param lockTimeout how long to wait for a running refresh and for writers of the sources
     * @param token the refresh token that the storage table's guard trigger asks for
     */
    public Reinitializer(DefinitionCompiler compiler, StreamTableCreator creator, Definitions definitions,
            String engineId, Duration defaultSchedule, Duration lockTimeout, Supplier<String> token) {
        this.compiler = compiler;
        this.creator = creator;
        this.definitions = definitions;
        this.engineId = engineId;
        this.defaultSchedule = defaultSchedule;
        this.lockTimeout = lockTimeout;
        this.token = token;
    }

    /**
     * Reinitializes a stream table.
     *
     * @param c a connection in auto-commit mode
     * @param name the name as given
     * @return the full refresh it did
     * @throws StreamTableNotFoundException if no stream table has that name
     * @throws dev.trickle.TrickleException if the definition does not compile against the database as it is now
     * @throws SQLException if the server fails
     */
    public RefreshResult reinitialize(Connection c, TableName name) throws SQLException {
        long started = System.nanoTime();
        TableName target = Names.qualify(c, name);
        StreamTableRow row = Catalog.find(c, target, false)
                .orElseThrow(() -> new StreamTableNotFoundException(name.toString()));
        DefinitionCompiler.Compiled compiled = compiler.compile(c, row.name(), compiler.parse(row.query()),
                row.refreshMode(), true, row.searchPath());
        if (!sameKind(row, compiled.compiled()) && row.effectiveMode() == RefreshMode.FULL
                && RowIdentity.valueOf(row.rowIdentity()) == RowIdentity.CONTENT) {
            // created as FULL because the server refused the differential compilation: keep it so
            compiled = compiler.fallback(compiled, row.fallbackReason());
        }
        long[] counts;
        if (!sameKind(row, compiled.compiled()) || !fits(c, row, compiled.compiled())) {
            LOG.info("stream table '{}' is rebuilt: its definition now compiles to other storage", target);
            creator.replace(c, row.toSpec(), row);
            long rows = Jdbc.queryOne(c, "SELECT count(*) FROM " + SqlNames.qualified(target), rs -> rs.getLong(1))
                    .orElse(0L);
            counts = new long[] {rows, 0, 0};
        } else {
            counts = inPlace(c, row, compiled);
            Topology.recordAfterCommit(c, defaultSchedule, lockTimeout);
        }
        definitions.invalidate(row.id());
        LOG.info("reinitialized stream table '{}' ({}): +{} ~{} -{}", target, compiled.compiled().effectiveMode(),
                counts[0], counts[1], counts[2]);
        return new RefreshResult(target, RefreshAction.FULL, counts[0], counts[1], counts[2],
                Duration.ofNanos(System.nanoTime() - started), "reinitialized");
    }

    private long[] inPlace(Connection c, StreamTableRow row, DefinitionCompiler.Compiled compiled)
            throws SQLException {
        CompiledStreamTable st = compiled.compiled();
        if (creator.captureMode() == CaptureMode.WAL
                && StreamTableCreator.needsNewCapture(c, st.captureColumns().keySet())) {
            WalCapture.setup(c);
        }
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            Jdbc.execute(c, "SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true), set_config('pgtrickle.refresh_token', ?, true)",
                    rs -> 0, compiled.checked().searchPath(), token.get());
            Catalog.lockStorage(c, row, "EXCLUSIVE");
            if (Catalog.find(c, row.name(), true).filter(r -> r.id() == row.id()).isEmpty()) {
                throw new StreamTableNotFoundException(row.name().toString());
            }
            List<Long> oldSources = new ArrayList<>();
            for (DependencyRow d : Catalog.dependencies(c, row.id())) {
                oldSources.add(d.sourceRelid());
            }
            Jdbc.execute(c, "DROP TRIGGER IF EXISTS " + SqlNames.quote(StorageDdl.GUARD_TRIGGER) + " ON "
                    + SqlNames.qualified(row.name()));
            Jdbc.execute(c, StorageDdl.guard(row.name()));
            CaptureAttachment.attach(c, st.captureColumns(), creator.captureMode());
            long[] counts = Jdbc.queryPrepared(c, st.fullRefreshSql(),
                    rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).orElseThrow();
            Jdbc.update(c, "DELETE FROM pgtrickle.pgt_dependencies WHERE pgt_id = ?", row.id());
            StreamTableCreator.insertDependencies(c, row.id(), compiled);
            Jdbc.update(c, """
                    UPDATE pgtrickle.pgt_stream_tables
                       SET fallback_reason = ?, generation = generation + 1, status = 'ACTIVE', consecutive_errors = 0,
                           last_error = NULL, is_populated = true, data_timestamp = now(),
                           last_refresh_at = clock_timestamp(), updated_at = clock_timestamp()
                     WHERE pgt_id = ?""", st.fallbackReason(), row.id());
            History.completed(c, row.id(), RefreshAction.FULL, counts[0], counts[1], counts[2],
                    History.Initiator.REINITIALIZE, "reinitialized", engineId);
            oldSources.removeAll(st.captureColumns().keySet());
            ChangeCapture.removeUnused(c, oldSources);
            tx.commit();
            return counts;
        } catch (SQLException e) {
            if (Errors.isLockTimeout(e)) {
                throw Errors.database("stream table '" + row.name() + "' was not reinitialized: a refresh of it, or"
                        + " writers of its sources, went on longer than the lock timeout of " + lockTimeout.toMillis()
                        + " ms", e);
            }
            throw e;
        }
    }

    private static boolean sameKind(StreamTableRow row, CompiledStreamTable compiled) {
        return compiled.effectiveMode() == row.effectiveMode()
                && compiled.rowIdentity() == RowIdentity.valueOf(row.rowIdentity());
    }

    /** Whether the storage table has exactly the columns (outputs and hidden state) the compilation writes. */
    private static boolean fits(Connection c, StreamTableRow row, CompiledStreamTable compiled) throws SQLException {
        List<String[]> actual = Jdbc.query(c, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped AND attname <> ?"
                        + " ORDER BY attnum",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, row.relid(), SqlNames.ROW_ID);
        List<OutputColumn> expected = compiled.storageColumns();
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            OutputColumn e = expected.get(i);
            if (!e.name().equals(actual.get(i)[0]) || !(e.type().isEmpty() || e.type().equals(actual.get(i)[1]))) {
                return false;
            }
        }
        return true;
    }
}

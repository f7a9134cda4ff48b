package dev.trickle.engine.lifecycle;

import dev.trickle.InvalidNameException;
import dev.trickle.InvalidQueryException;
import dev.trickle.RefreshAction;
import dev.trickle.RelationExistsException;
import dev.trickle.ReservedColumnNameException;
import dev.trickle.StreamTableExistsException;
import dev.trickle.StreamTableSpec;
import dev.trickle.TableName;
import dev.trickle.UnknownTableException;
import dev.trickle.engine.Errors;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.QueryProbe;
import dev.trickle.engine.catalog.RelationMetadata;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.OutputColumn;
import dev.trickle.jooq.ParsedQuery;
import dev.trickle.jooq.QueryCompiler;
import dev.trickle.jooq.SourceRelation;
import dev.trickle.jooq.ddl.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a stream table in two transactions. The first checks everything with the server and is always rolled
 * back: name, query (through a temporary view), output columns, sources. The second, in {@code REPEATABLE READ},
 * creates the storage table from the query, its index and catalog rows, and records the snapshot it read as the
 * frontier of every source; it commits all of that or nothing.
 */
public final class StreamTableCreator {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTableCreator.class);

    private final QueryCompiler compiler;
    private final Clock clock;
    private final String engineId;

    /**
     * Creates a creator.
     *
     * @param compiler the compiler
     * @param clock the engine's clock
     * @param engineId the engine's id, for the history
     */
    public StreamTableCreator(QueryCompiler compiler, Clock clock, String engineId) {
        this.compiler = compiler;
        this.clock = clock;
        this.engineId = engineId;
    }

    /** What the checking transaction learned. */
    private record Checked(TableName target, String searchPath, List<OutputColumn> outputs,
            List<SourceRelation> sources) {}

    /**
     * Creates the stream table.
     *
     * @param c a connection in auto-commit mode
     * @param spec what to create
     * @return the qualified name of the new stream table
     * @throws SQLException if the server fails for a reason unrelated to the definition
     */
    public TableName create(Connection c, StreamTableSpec spec) throws SQLException {
        ParsedQuery parsed = compiler.parse(spec.query());
        Checked checked = check(c, spec.name(), parsed);
        CompiledStreamTable compiled =
                compiler.compile(checked.target(), parsed, checked.outputs(), checked.sources(), spec.mode());
        if (compiled.fallbackReason() != null) {
            LOG.warn("stream table '{}' will be refreshed in full: {}", checked.target(), compiled.fallbackReason());
        }
        Instant start = clock.instant();
        try (Tx tx = Tx.begin(c, Tx.Isolation.REPEATABLE_READ)) {
            Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, checked.searchPath());
            long rows = createStorage(c, checked.target(), compiled);
            long relid = Jdbc.queryOne(c, "SELECT to_regclass(?)::oid::bigint", rs -> rs.getLong(1),
                            SqlNames.qualified(checked.target()))
                    .orElseThrow();
            long id = insertCatalog(c, spec, checked, compiled, relid);
            for (SourceRelation source : checked.sources()) {
                Catalog.insertDependency(c, id, source);
            }
            History.completed(c, id, start, RefreshAction.FULL, rows, 0, 0, History.Initiator.CREATE, null, engineId);
            tx.commit();
            LOG.info("created stream table '{}' ({}, {} rows)", checked.target(), compiled.effectiveMode(), rows);
            return checked.target();
        }
    }

    private Checked check(Connection c, TableName name, ParsedQuery parsed) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            TableName target = Names.qualify(c, name);
            if (Jdbc.queryOne(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", rs -> 1, target.schema())
                    .isEmpty()) {
                throw new InvalidNameException(name.toString(),
                        "cannot create stream table '" + target + "': schema '" + target.schema() + "' does not exist");
            }
            checkNameFree(c, target);
            for (List<String> table : parsed.tables()) {
                if (RelationMetadata.resolve(c, table).isEmpty()) {
                    String written = String.join(".", table);
                    throw new UnknownTableException(written, "defining query of stream table '" + target
                            + "' reads relation '" + written + "', which does not exist", null);
                }
            }
            String searchPath = Jdbc.queryOne(c, "SELECT current_setting('search_path')", rs -> rs.getString(1))
                    .orElseThrow();
            QueryProbe.Description description;
            try {
                description = QueryProbe.describe(c, parsed.text());
            } catch (SQLException e) {
                throw Errors.fromQueryCheck(parsed.text(), e);
            }
            checkOutputs(parsed.text(), description.columns());
            List<SourceRelation> sources = RelationMetadata.describe(c, description.sourceOids());
            return new Checked(target, searchPath, description.columns(), sources);
        }
    }

    private static void checkNameFree(Connection c, TableName target) throws SQLException {
        if (Catalog.find(c, target, false).isPresent()) {
            throw new StreamTableExistsException(target);
        }
        Optional<String> kind = Jdbc.queryOne(c, """
                SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                       WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence'
                       WHEN 'i' THEN 'index' ELSE 'relation' END
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND c.relname = ?""",
                rs -> rs.getString(1), target.schema(), target.name());
        if (kind.isPresent()) {
            throw new RelationExistsException(target, kind.get());
        }
    }

    private static void checkOutputs(String query, List<OutputColumn> outputs) {
        for (int i = 0; i < outputs.size(); i++) {
            String column = outputs.get(i).name();
            if (SqlNames.isReserved(column)) {
                throw new ReservedColumnNameException(column);
            }
            if (column.equals("?column?")) {
                throw new InvalidQueryException(query, "output column " + (i + 1)
                        + " of the defining query has no name: give the expression an alias", null);
            }
        }
    }

    private static long createStorage(Connection c, TableName target, CompiledStreamTable compiled)
            throws SQLException {
        long rows = 0;
        for (String ddl : compiled.createStatements()) {
            try {
                int count = Jdbc.update(c, ddl);
                if (ddl == compiled.createStatements().get(0)) {
                    rows = count;
                }
            } catch (SQLException e) {
                if ("42P07".equals(e.getSQLState())) {
                    throw new RelationExistsException(target, "relation");
                }
                throw Errors.fromQueryCheck(compiled.query(), e);
            }
        }
        return rows;
    }

    private static long insertCatalog(Connection c, StreamTableSpec spec, Checked checked,
            CompiledStreamTable compiled, long relid) throws SQLException {
        try {
            return Catalog.insert(c, new Catalog.NewStreamTable(relid, checked.target(), compiled.query(),
                    checked.searchPath(), spec.mode(), compiled.effectiveMode(), compiled.fallbackReason(),
                    compiled.rowIdentity().name(), compiled.fullRefreshSql(), spec.schedule()));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new StreamTableExistsException(checked.target());
            }
            throw e;
        }
    }
}

package dev.trickle.engine.definition;

import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.QueryCompiler;
import dev.trickle.jooq.model.CompileRequest;
import dev.trickle.jooq.model.Facts;
import dev.trickle.jooq.model.ParsedQuery;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.sql.StorageDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a definition (name, query text, mode, {@code search_path}) into what the engine runs, asking the server what
 * the query reads and returns ({@link DefinitionCheck}) and compiling it ({@link QueryCompiler}). Used when a stream
 * table is created, and again whenever an engine loads one: refresh statements are never stored, so a definition is
 * always compiled by the engine that runs it, from the definition alone.
 */
public final class DefinitionCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(DefinitionCompiler.class);

    private final QueryCompiler compiler;
    private final DefinitionCheck check;

    /**
     * Creates a definition compiler.
     *
     * @param compiler the query compiler
     */
    public DefinitionCompiler(QueryCompiler compiler) {
        this.compiler = compiler;
        this.check = new DefinitionCheck(compiler);
    }

    /**
     * A compiled definition.
     *
     * @param checked what the server said about the query
     * @param request what the compiler was given
     * @param compiled what it made of it
     */
    public record Compiled(DefinitionCheck.Checked checked, CompileRequest request, CompiledStreamTable compiled) {

        /** @return this compilation, refreshed in full by content instead (see {@link QueryCompiler#fallback}) */
        Compiled fallback(QueryCompiler compiler, @Nullable String reason) {
            return new Compiled(checked, request, compiler.fallback(request, reason));
        }
    }

    /** @return the query compiler */
    public QueryCompiler queryCompiler() {
        return compiler;
    }

    /**
     * Checks a query's text.
     *
     * @param sql the defining query
     * @return the parsed query
     * @throws dev.trickle.InvalidQueryException if it is not one query
     */
    public ParsedQuery parse(String sql) {
        return compiler.parse(sql);
    }

    /**
     * Checks a query's text as a session with the given {@code standard_conforming_strings} reads it.
     *
     * @param sql the defining query
     * @param standardConformingStrings whether backslashes in {@code '...'} are ordinary characters
     * @return the parsed query
     * @throws dev.trickle.InvalidQueryException if it is not one query
     */
    public ParsedQuery parse(String sql, boolean standardConformingStrings) {
        return compiler.parse(sql, standardConformingStrings);
    }

    /**
     * Checks a definition with the server and compiles it.
     *
     * @param c a connection in auto-commit mode
     * @param name the stream table's name
     * @param parsed its query
     * @param mode the requested refresh mode
     * @param replacing whether the name is taken by the stream table this definition replaces or is
     * @param searchPath the {@code search_path} to resolve the query under, or {@code null} for the connection's
     * @return the compilation
     * @throws SQLException if the server fails for a reason unrelated to the definition
     */
    public Compiled compile(Connection c, TableName name, ParsedQuery parsed, RefreshMode mode, boolean replacing,
            @Nullable String searchPath) throws SQLException {
        DefinitionCheck.Checked checked = check.check(c, name, parsed, replacing, searchPath);
        CompileRequest request = new CompileRequest(checked.target(), parsed, checked.outputs(), checked.relations(),
                checked.sources(), checked.volatileFunctions(), checked.otherAggregates(), mode)
                .withSetReturningFunctions(checked.setReturningFunctions())
                .withViewDefinitions(checked.viewDefinitions());
        CompiledStreamTable compiled = compiler.compile(request, facts(c, checked.target(), checked.searchPath()));
        return new Compiled(checked, request.withKeyTypes(compiled.keyTypes()), compiled);
    }

    /**
     * Compiles a definition for full refresh by content, after the server refused the differential compilation.
     *
     * @param compiled the differential compilation
     * @param reason why, recorded as the fallback reason; {@code null} when FULL was asked for
     * @return the full-refresh compilation
     */
    public Compiled fallback(Compiled compiled, @Nullable String reason) {
        return compiled.fallback(compiler, reason);
    }

    /**
     * Normalizes a query as the server reads it under a search path (see {@link QueryProbe#normalize}), in a
     * transaction that is rolled back.
     *
     * @param c a connection in auto-commit mode
     * @param query the query
     * @param searchPath the search path to resolve it under, or {@code null} for the connection's
     * @param standardConformingStrings whether backslashes in {@code '...'} are plain characters (see
     *     {@link #parse(String, boolean)})
     * @return the normalized text, or empty if the server rejects the query (a relation or column it reads is gone)
     * @throws dev.trickle.InvalidQueryException if the text is not one query
     * @throws SQLException if the server fails
     */
    public Optional<String> normalize(Connection c, String query, @Nullable String searchPath,
            boolean standardConformingStrings) throws SQLException {
        String text = compiler.parse(query, standardConformingStrings).text();
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            if (searchPath != null) {
                Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, searchPath);
            }
            return Optional.of(QueryProbe.normalize(c, text));
        } catch (SQLException e) {
            String state = String.valueOf(e.getSQLState());
            if (state.startsWith("42") || state.startsWith("3F") || state.startsWith("0A")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Writes the statements a refresh of a compiled stream table runs.
     *
     * @param compiled the compilation
     * @param id the stream table's catalog id
     * @param generation the catalog row's generation
     * @param relid the storage table's OID
     * @return the definition
     */
    public Definition definition(Compiled compiled, long id, long generation, long relid) {
        CompiledStreamTable c = compiled.compiled();
        List<Long> captured = c.captureColumns().keySet().stream().sorted().toList();
        // an expanded view is read through its base tables, which are sources too
        boolean expanded = c.effectiveMode() == RefreshMode.DIFFERENTIAL;
        boolean uncaptured = captured.isEmpty() || compiled.checked().sources().stream()
                .anyMatch(s -> s.kind() != SourceRelation.Kind.TABLE && s.kind() != SourceRelation.Kind.STREAM_TABLE
                        && !(expanded && s.kind() == SourceRelation.Kind.VIEW));
        return new Definition(id, generation, c.target(), relid, compiled.checked().searchPath(), c.effectiveMode(),
                compiled.request().mode(), c.rowIdentity(), new ApplyStatements(compiler, c, id),
                StorageDdl.load(c.target(), c.storageQuery()), QueryCompiler.pendingChangesSql(id, captured), uncaptured, c.storageColumns());
    }

    /**
     * Answers the compiler's questions to the server on this connection, under the definition's search path, each in
     * a transaction that is rolled back.
     */
    private static Facts facts(Connection c, TableName target, String searchPath) {
        return query -> {
            try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
                Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, searchPath);
                return QueryProbe.baseTypes(c, query);
            } catch (SQLException e) {
                // the storage query reads the same relations and expressions: creating it reports the failure
                LOG.debug("cannot type the row identity keys of '{}': {}", target, e.getMessage());
                return List.of();
            }
        };
    }
}

package dev.trickle.jooq;

import static dev.trickle.jooq.sql.SqlNames.ROW_ID;
import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.InvalidQueryException;
import dev.trickle.RefreshMode;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.jooq.delta.DeltaContext;
import dev.trickle.jooq.delta.Differentiator;
import dev.trickle.jooq.delta.NetChange;
import dev.trickle.jooq.model.CompileRequest;
import dev.trickle.jooq.model.Facts;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.ParsedQuery;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.FilterPushdown;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.Sql;
import dev.trickle.jooq.sql.SqlNames;
import dev.trickle.jooq.sql.StorageDdl;
import dev.trickle.jooq.sql.XidWindow;
import dev.trickle.jooq.translate.Inliner;
import dev.trickle.jooq.translate.SelectTranslator;
import dev.trickle.spi.JooqBanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;

/**
 * The compiler's entry point: the only type the engine calls. Stateless and thread-safe.
 *
 * <p>{@link #parse} checks the text; {@link #compile} translates it into a plan, chooses the effective refresh mode
 * (falling back from AUTO to FULL with the reason when the plan is out of reach), and writes the storage DDL and the
 * full refresh; {@link #differentialSql} writes the differential refresh once the catalog id is known.
 */
public final class QueryCompiler {
    static {
        JooqBanner.off();
    }

    private static final String QUERY_ALIAS = "__pgt_q";

    private final DSLContext parser = DSL.using(
            SQLDialect.POSTGRES,
            new Settings().withParseDialect(SQLDialect.POSTGRES).withParseUnknownFunctions(ParseUnknownFunctions.IGNORE)
                    .withParseNameCase(ParseNameCase.AS_IS));
    private final Differentiator differentiator = new Differentiator();

    /**
     * Checks that {@code sql} is one query, as a session with {@code standard_conforming_strings} on reads it, and
     * parses it with jOOQ.
     *
     * @param sql the defining query
     * @return the query, with jOOQ's model if jOOQ understands it
     * @throws InvalidQueryException if {@code sql} is empty, holds several statements, or is a statement other than
     *     a query (including {@code SELECT ... INTO})
     */
    public ParsedQuery parse(String sql) {
        return parse(sql, true);
    }

    /**
     * Checks that {@code sql} is one query and parses it with jOOQ.
     *
     * @param sql the defining query
     * @param standardConformingStrings the {@code standard_conforming_strings} setting of the session that will run
     *     it: when off, a backslash escapes a quote in a plain {@code '...'} string
     * @return the query, with jOOQ's model if jOOQ understands it
     * @throws InvalidQueryException if {@code sql} is empty, holds several statements, or is a statement other than
     *     a query (including {@code SELECT ... INTO})
     */
    public ParsedQuery parse(String sql, boolean standardConformingStrings) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidQueryException(sql, "defining query must not be empty", null);
        }
        String text = SqlText.singleQuery(sql, standardConformingStrings);
        if (text.isEmpty()) {
            throw new InvalidQueryException(sql, "defining query must not be empty", null);
        }
        Query query;
        try {
            query = parser.parser().parseQuery(SqlText.forJooqParser(text, standardConformingStrings));
        } catch (ParserException e) {
            return new ParsedQuery(text, null, e.getMessage(), List.of());
        } catch (DataAccessException | UnsupportedOperationException e) {
            return new ParsedQuery(text, null, String.valueOf(e.getMessage()), List.of());
        }
        if (query == null) {
            throw new InvalidQueryException(sql, "defining query must not be empty", null);
        }
        if (!(query instanceof Select<?> select)) {
            throw new InvalidQueryException(
                    sql, "defining query must be a SELECT, not " + firstWord(text) + ": " + abbreviate(text), null);
        }
        if (select.$intoTable() != null) {
            throw new InvalidQueryException(
                    sql, "defining query must be a SELECT without INTO: " + abbreviate(text), null);
        }
        return new ParsedQuery(text, select, null, TableReferences.of(withoutCtes(select)));
    }

    /** The query with its CTEs inlined, whose names are then no relations to look up; as it is if refused. */
    private static Select<?> withoutCtes(Select<?> select) {
        try {
            return Inliner.inlineCtes(select);
        } catch (UnsupportedQueryException e) {
            // WITH RECURSIVE...: refused when compiled; the names a WITH clause defines are left out as before
            return select;
        }
    }

    /**
     * Lists the names of functions a query calls, for the engine to look their volatility up.
     *
     * @param query the query text
     * @param standardConformingStrings the {@code standard_conforming_strings} setting of the session that runs it
     * @return lower-cased names of identifiers followed by {@code (}
     */
    public Set<String> functionNames(String query, boolean standardConformingStrings) {
        return SqlText.functionNames(query, standardConformingStrings);
    }

    /**
     * Compiles a parsed query whose output columns the database has described, with the key types the request holds
     * (or none).
     *
     * @param request the query and what the database says about it
     * @return what the engine executes
     * @throws UnsupportedQueryException if the requested mode cannot be honoured for this query
     */
    public CompiledStreamTable compile(CompileRequest request) {
        return compile(request, query -> request.keyTypes());
    }

    /**
     * Compiles a parsed query whose output columns the database has described: translates it into a plan once,
     * asks {@code facts} what only the server can tell about that plan, and differentiates it once. AUTO falls back
     * to FULL (with the reason) when the query is out of the differential set.
     *
     * @param request the query and what the database says about it
     * @param facts answers the compiler's questions to the server
     * @return what the engine executes
     * @throws UnsupportedQueryException if the requested mode cannot be honoured for this query
     */
    public CompiledStreamTable compile(CompileRequest request, Facts facts) {
        RefreshMode mode = request.mode();
        if (mode == RefreshMode.IMMEDIATE) {
            throw new UnsupportedQueryException(Reason.REFRESH_MODE, mode.name(), "refresh mode IMMEDIATE of stream table '"
                    + request.target() + "' is not supported yet; use AUTO, DIFFERENTIAL or FULL");
        }
        Plan plan;
        try {
            plan = translate(request);
        } catch (UnsupportedQueryException e) {
            if (mode == RefreshMode.DIFFERENTIAL) {
                throw e;
            }
            return contentIdentity(request, mode == RefreshMode.AUTO ? e.getMessage() : null);
        }
        Expressions expressions = new Expressions(plan.columns());
        Name storage = SqlNames.name(request.target());
        String probe = differentiator.keyProbe(plan, new DeltaContext(storage, expressions, List.of()));
        List<String> keyTypes = probe == null ? List.of() : facts.baseTypes(probe);
        NetChange net = differentiator.differentiate(plan, new DeltaContext(storage, expressions, keyTypes));
        RefreshMode effective = mode == RefreshMode.FULL ? RefreshMode.FULL : RefreshMode.DIFFERENTIAL;
        List<OutputColumn> columns = new ArrayList<>(request.outputs());
        net.hiddenColumns().forEach(h -> columns.add(new OutputColumn(h, "", true)));
        Map<Long, List<String>> capture = new HashMap<>();
        for (SourceRelation s : capturable(request.sources())) {
            capture.put(s.oid(), List.of());
        }
        if (effective == RefreshMode.DIFFERENTIAL) {
            for (Scan scan : plan.scans()) {
                Set<String> cols = new LinkedHashSet<>(capture.getOrDefault(scan.relation().oid(), List.of()));
                cols.addAll(scan.columns());
                capture.put(scan.relation().oid(), List.copyOf(cols));
            }
        }
        String storageQuery = Sql.render(net.storageQuery());
        return new CompiledStreamTable(request.target(), request.query().text(), effective, null, RowIdentity.KEY,
                plan, columns, storageQuery, StorageDdl.create(request.target(), storageQuery),
                ApplyStatement.full(storage, columns, storageQuery, ""), capture, keyTypes,
                new CompiledStreamTable.Differential(net.ctes(), Differentiator.changedSources(plan)));
    }

    /**
     * Compiles a query for full refresh by content, when a differential plan turned out unusable for a reason only
     * the server could tell (the recomputed storage query types its columns differently, or the delta statement
     * does not prepare).
     *
     * @param request the query and what the database says about it
     * @param reason why the plan is not used, logged and recorded as the fallback reason
     * @return the full-refresh compilation
     */
    public CompiledStreamTable fallback(CompileRequest request, String reason) {
        return contentIdentity(request, reason);
    }

    /**
     * Writes the differential refresh statement of a compiled stream table. Renders what {@link #compile} made; it
     * translates and differentiates nothing again.
     *
     * @param compiled the compiled stream table, with a plan
     * @param streamTableId its catalog id, whose frontiers bound the change windows
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public String differentialSql(CompiledStreamTable compiled, long streamTableId) {
        return differentialSql(compiled, streamTableId, "");
    }

    /**
     * Writes the differential refresh statement of a compiled stream table with the engine's bookkeeping after the
     * apply, in the same statement.
     *
     * @param compiled the compiled stream table, with a plan
     * @param streamTableId its catalog id, whose frontiers bound the change windows
     * @param afterApply comma-separated {@code name AS (...)} CTEs that may read {@code "__pgt_counts"(inserted,
     *     updated, deleted)}, or empty
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public String differentialSql(CompiledStreamTable compiled, long streamTableId, String afterApply) {
        return differentialSql(compiled, streamTableId, afterApply, false);
    }

    /**
     * Writes the differential refresh statement of a compiled stream table indented over several lines, to read (in
     * a log, a golden file), not to execute: formatting re-indents string literals that span lines.
     *
     * @param compiled the compiled stream table, with a plan
     * @param streamTableId its catalog id
     * @return the statement, formatted
     */
    public String formattedDifferentialSql(CompiledStreamTable compiled, long streamTableId) {
        return differentialSql(compiled, streamTableId, "", true);
    }

    private String differentialSql(CompiledStreamTable compiled, long streamTableId, String afterApply,
            boolean formatted) {
        CompiledStreamTable.Differential d = compiled.differential();
        if (d == null) {
            throw new IllegalStateException("internal error: no plan for " + compiled.target());
        }
        return ApplyStatement.differential(SqlNames.name(compiled.target()), compiled.storageColumns(),
                new XidWindow(streamTableId), d.changedSources(), d.netChanges(), afterApply, formatted);
    }

    /**
     * Writes the full refresh statement of a compiled stream table with the engine's bookkeeping after the apply,
     * in the same statement.
     *
     * @param compiled the compiled stream table
     * @param afterApply comma-separated {@code name AS (...)} CTEs that may read {@code "__pgt_counts"(inserted,
     *     updated, deleted)}, or empty
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public String fullRefreshSql(CompiledStreamTable compiled, String afterApply) {
        return ApplyStatement.full(SqlNames.name(compiled.target()), compiled.storageColumns(),
                compiled.storageQuery(), afterApply);
    }

    /**
     * Writes the query that counts a stream table's pending changes per captured source (see {@link
     * dev.trickle.jooq.sql.ChangeWindow#pendingChanges}).
     *
     * @param streamTableId the stream table
     * @param sourceOids its captured sources
     * @return the query, or {@code null} without captured sources
     */
    public static @org.jspecify.annotations.Nullable String pendingChangesSql(long streamTableId,
            List<Long> sourceOids) {
        return new XidWindow(streamTableId).pendingChanges(sourceOids);
    }

    private Plan translate(CompileRequest request) {
        if (request.query().select() == null) {
            // constructs jOOQ's parser does not read, named by the words around them
            String text = request.query().text();
            if (SqlText.hasWord(text, "tablesample")) {
                throw new UnsupportedQueryException(Reason.TABLE_EXPRESSION, text,
                        "TABLESAMPLE cannot be maintained differentially: " + abbreviate(text));
            }
            String function = SqlText.functionInFrom(text);
            if (function != null) {
                throw new UnsupportedQueryException(Reason.TABLE_EXPRESSION, function, "the function " + function
                        + " in FROM cannot be maintained differentially: " + abbreviate(text));
            }
            throw new UnsupportedQueryException(Reason.UNPARSEABLE, request.query().text(),
                    "Trickle's SQL parser does not understand this query (" + request.query().parseError()
                            + "), so it cannot be maintained differentially: " + abbreviate(request.query().text()));
        }
        return FilterPushdown.apply(SelectTranslator.translate(new SelectTranslator.Input(request.query().select(),
                request.relations(), request.outputs().stream().map(OutputColumn::name).toList(),
                request.volatileFunctions(), request.otherAggregates(), request.setReturningFunctions(), views(request),
                request.outputs().stream().map(OutputColumn::type).toList())));
    }

    /** Parses the definitions of the views a query reads; one jOOQ does not understand is refused by name. */
    private Map<Long, Select<?>> views(CompileRequest request) {
        Map<Long, Select<?>> views = new HashMap<>();
        for (Map.Entry<Long, String> v : request.viewDefinitions().entrySet()) {
            ParsedQuery parsed = parse(v.getValue());
            if (parsed.select() == null) {
                String name = request.sources().stream().filter(s -> s.oid() == v.getKey()).findFirst()
                        .map(SourceRelation::displayName).orElse("OID " + v.getKey());
                throw new UnsupportedQueryException(Reason.UNPARSEABLE, v.getValue(), "Trickle's SQL parser does not"
                        + " understand the definition of view " + name + " (" + parsed.parseError() + "), so it cannot"
                        + " be expanded: " + abbreviate(v.getValue()));
            }
            views.put(v.getKey(), parsed.select());
        }
        return views;
    }

    /** Full refresh only: rows identified by content hash and occurrence number. */
    private static CompiledStreamTable contentIdentity(CompileRequest request, String fallback) {
        String q = quote(QUERY_ALIAS);
        String hash = "hashtextextended(" + q + "::text, 0)";
        // the outputs by name: a query's * over a stream table brings its bookkeeping columns, which are not outputs
        String columns = request.outputs().stream().map(o -> q + "." + quote(o.name()) + ", ")
                .collect(Collectors.joining());
        String storageQuery = "SELECT " + columns + "hashint8extended(row_number() OVER (PARTITION BY " + hash + "), "
                + hash + ") AS " + quote(ROW_ID) + "\n  FROM (\n" + request.query().text() + "\n) " + q;
        Map<Long, List<String>> capture = new HashMap<>();
        for (SourceRelation s : capturable(request.sources())) {
            capture.put(s.oid(), List.of());
        }
        return new CompiledStreamTable(request.target(), request.query().text(), RefreshMode.FULL, fallback,
                RowIdentity.CONTENT, null, request.outputs(), storageQuery,
                StorageDdl.create(request.target(), storageQuery),
                ApplyStatement.full(SqlNames.name(request.target()), request.outputs(), storageQuery, ""), capture,
                List.of(), null);
    }

    /** Sources whose changes can be captured with triggers: tables and stream tables. */
    private static List<SourceRelation> capturable(List<SourceRelation> sources) {
        return sources.stream()
                .filter(s -> s.kind() == SourceRelation.Kind.TABLE || s.kind() == SourceRelation.Kind.STREAM_TABLE)
                .toList();
    }

    private static String firstWord(String text) {
        String t = text.strip();
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        return end == 0 ? "this statement" : t.substring(0, end).toUpperCase(Locale.ROOT);
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}

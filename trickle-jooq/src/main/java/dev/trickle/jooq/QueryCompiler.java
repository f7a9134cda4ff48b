package dev.trickle.jooq;

import static dev.trickle.jooq.ddl.SqlNames.ROW_ID;
import static dev.trickle.jooq.ddl.SqlNames.quote;

import dev.trickle.InvalidQueryException;
import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.ddl.ApplySql;
import dev.trickle.jooq.ddl.SqlNames;
import dev.trickle.jooq.ddl.StorageDdl;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;

/**
 * The compiler's entry point: the only type the engine calls. Stateless and thread-safe.
 */
public final class QueryCompiler {
    private static final String QUERY_ALIAS = "__pgt_q";

    private final DSLContext parser = DSL.using(
            SQLDialect.POSTGRES,
            new Settings().withParseDialect(SQLDialect.POSTGRES).withParseUnknownFunctions(ParseUnknownFunctions.IGNORE));

    /**
     * Checks that {@code sql} is one query and parses it with jOOQ.
     *
     * @param sql the defining query
     * @return the query, with jOOQ's model if jOOQ understands it
     * @throws InvalidQueryException if {@code sql} is empty, holds several statements, or is a statement other than
     *     a query (including {@code SELECT ... INTO})
     */
    public ParsedQuery parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidQueryException(sql, "defining query must not be empty", null);
        }
        String text = SqlText.singleQuery(sql);
        if (text.isEmpty()) {
            throw new InvalidQueryException(sql, "defining query must not be empty", null);
        }
        Query query;
        try {
            query = parser.parser().parseQuery(text);
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
        return new ParsedQuery(text, select, null, TableReferences.of(select));
    }

    /**
     * Compiles a parsed query whose output columns the database has described.
     *
     * @param target the qualified stream table name
     * @param query the parsed query
     * @param outputs the query's output columns, as the server describes them
     * @param sources the relations the query reads
     * @param mode the requested refresh mode
     * @return what the engine executes
     * @throws UnsupportedQueryException if {@code mode} cannot be honoured for this query
     */
    public CompiledStreamTable compile(
            TableName target,
            ParsedQuery query,
            List<OutputColumn> outputs,
            List<SourceRelation> sources,
            RefreshMode mode) {
        Objects.requireNonNull(target.schema(), "target schema");
        if (mode == RefreshMode.DIFFERENTIAL || mode == RefreshMode.IMMEDIATE) {
            throw new UnsupportedQueryException(
                    Reason.REFRESH_MODE,
                    mode.name(),
                    "refresh mode " + mode + " of stream table '" + target + "' is not supported yet; use AUTO or FULL");
        }
        String fallback = mode == RefreshMode.AUTO ? "differential refresh is not available in this version" : null;
        return contentIdentity(target, query, outputs, fallback);
    }

    /** Full refresh only: rows identified by content hash and occurrence number. */
    private static CompiledStreamTable contentIdentity(
            TableName target, ParsedQuery query, List<OutputColumn> outputs, String fallback) {
        String q = quote(QUERY_ALIAS);
        String hash = "hashtextextended(" + q + "::text, 0)";
        String storageQuery = "SELECT " + q + ".*, hashint8extended(row_number() OVER (PARTITION BY " + hash + "), "
                + hash + ") AS " + quote(ROW_ID) + "\n  FROM (\n" + query.text() + "\n) " + q;
        String table = SqlNames.qualified(target);
        return new CompiledStreamTable(
                target,
                query.text(),
                RefreshMode.FULL,
                fallback,
                RowIdentity.CONTENT,
                outputs,
                StorageDdl.create(target, storageQuery),
                ApplySql.fullRefresh(table, outputs, storageQuery));
    }

    private static String firstWord(String text) {
        String t = text.strip();
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        return end == 0 ? "this statement" : t.substring(0, end).toUpperCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}

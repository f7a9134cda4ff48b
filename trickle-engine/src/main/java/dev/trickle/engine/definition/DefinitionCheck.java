package dev.trickle.engine.definition;

import dev.trickle.InvalidNameException;
import dev.trickle.InvalidQueryException;
import dev.trickle.RelationExistsException;
import dev.trickle.ReservedColumnNameException;
import dev.trickle.StreamTableExistsException;
import dev.trickle.TableName;
import dev.trickle.UnknownTableException;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.RelationMetadata;
import dev.trickle.engine.jdbc.Errors;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Names;
import dev.trickle.engine.jdbc.SingleStatement;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.jooq.QueryCompiler;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.ParsedQuery;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.sql.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jooq.Asterisk;
import org.jooq.QualifiedAsterisk;
import org.jooq.Select;
import org.jspecify.annotations.Nullable;

/**
 * Checks a definition with the server in a transaction that is always rolled back: the name is free, every relation
 * exists, the query is valid (a view of it, in schema {@code pgtrickle}, never committed), its output columns have
 * distinct names (the server's, as in a view: {@code ?column?} for an expression without an alias) none of them
 * reserved, it reads none of Trickle's own tables; and gathers what the compiler needs: output columns
 * and types, the sources and how the query names them, and the functions it calls that are volatile or aggregates.
 */
public final class DefinitionCheck {
    /** Functions that are stable but read the clock: a stream table using them changes without any write. */
    private static final Set<String> TIME_FUNCTIONS = Set.of("now", "statement_timestamp", "transaction_timestamp",
            "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp");

    private final QueryCompiler compiler;

    /**
     * Creates a check.
     *
     * @param compiler the compiler, which lists the functions a query calls
     */
    public DefinitionCheck(QueryCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * What the check learned.
     *
     * @param target the qualified stream table name
     * @param searchPath the {@code search_path} the query was checked under
     * @param outputs the query's output columns
     * @param sources every relation the query reads
     * @param relations the relations the query names, by their name as written
     * @param volatileFunctions names of volatile or time-dependent functions it calls
     * @param otherAggregates names of aggregates it calls other than count, sum and avg
     * @param setReturningFunctions names of set-returning functions it calls
     * @param viewDefinitions the definitions of the views it reads, and of those they read, by OID
     */
    public record Checked(
            TableName target,
            String searchPath,
            List<OutputColumn> outputs,
            List<SourceRelation> sources,
            Map<List<String>, SourceRelation> relations,
            Set<String> volatileFunctions,
            Set<String> otherAggregates,
            Set<String> setReturningFunctions,
            Map<Long, String> viewDefinitions) {}

    /**
     * Checks a definition.
     *
     * @param c a connection in auto-commit mode
     * @param name the stream table's name as given
     * @param parsed the defining query
     * @param replacing whether the definition replaces (or is) the stream table of that name, whose name is taken
     * @param searchPath the {@code search_path} to check the query under, or {@code null} for the connection's
     * @return what the check learned
     * @throws SQLException if the server fails for a reason unrelated to the definition
     */
    public Checked check(Connection c, TableName name, ParsedQuery parsed, boolean replacing,
            @Nullable String searchPath) throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            if (searchPath != null) {
                Jdbc.queryOne(c, "SELECT set_config('search_path', ?, true)", rs -> 0, searchPath);
            }
            TableName target = Names.qualify(c, name);
            if (Jdbc.queryOne(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", rs -> 1, target.schema())
                    .isEmpty()) {
                throw new InvalidNameException(name.toString(),
                        "cannot create stream table '" + target + "': schema '" + target.schema() + "' does not exist");
            }
            if (!replacing) {
                checkNameFree(c, target);
            }
            Map<List<String>, Long> written = new HashMap<>();
            for (List<String> table : parsed.tables()) {
                String shown = String.join(".", table);
                written.put(table, RelationMetadata.resolve(c, table).orElseThrow(() -> new UnknownTableException(
                        shown, "defining query of stream table '" + target + "' reads relation '" + shown
                                + "', which does not exist", null)));
            }
            String path = Jdbc.queryOne(c, "SELECT current_setting('search_path')", rs -> rs.getString(1))
                    .orElseThrow();
            QueryProbe.Description description;
            try {
                description = QueryProbe.describe(c, parsed.text());
            } catch (SQLException e) {
                throw Errors.fromQueryCheck(parsed.text(), e);
            }
            boolean scs = SingleStatement.standardConformingStrings(c);
            ViewExpansion.Expanded views = ViewExpansion.expand(c, compiler, description.sourceOids(), written, scs);
            Set<String> functions = new TreeSet<>(compiler.functionNames(parsed.text(), scs));
            functions.addAll(views.functions());
            Set<String> volatiles = functionsWhere(c, functions, "provolatile = 'v'");
            functions.stream().filter(TIME_FUNCTIONS::contains).forEach(volatiles::add);
            Set<String> aggregates = functionsWhere(c, functions, "prokind = 'a'");
            aggregates.removeAll(Set.of("count", "sum", "avg"));
            Set<String> setReturning = functionsWhere(c, functions, "proretset");
            List<SourceRelation> sources = RelationMetadata.describe(c, views.sourceOids());
            refuseOwnTables(parsed.text(), target, sources);
            List<OutputColumn> outputs = visibleOutputs(parsed, description.columns(), sources);
            checkOutputs(outputs);
            Map<List<String>, SourceRelation> relations = new HashMap<>();
            for (Map.Entry<List<String>, Long> w : written.entrySet()) {
                sources.stream().filter(s -> s.oid() == w.getValue()).findFirst()
                        .ifPresent(s -> relations.put(w.getKey(), s));
            }
            return new Checked(target, path, outputs, sources, relations, volatiles, aggregates, setReturning,
                    views.definitions());
        }
    }

    /** Trickle's catalog and change buffers change under its own refreshes: a stream table over them is a loop. */
    private static void refuseOwnTables(String query, TableName target, List<SourceRelation> sources) {
        for (SourceRelation s : sources) {
            if (s.schema().equals(SqlNames.CATALOG_SCHEMA) || s.schema().equals(SqlNames.CHANGES_SCHEMA)) {
                throw new InvalidQueryException(query, "stream table '" + target + "' cannot read '" + s.schema() + "."
                        + s.name() + "': Trickle's own catalog and change buffers cannot be sources", null);
            }
        }
    }

    private static Set<String> functionsWhere(Connection c, Set<String> names, String condition)
            throws SQLException {
        if (names.isEmpty()) {
            return new TreeSet<>();
        }
        return new TreeSet<>(Jdbc.query(c, "SELECT DISTINCT proname::text FROM pg_proc WHERE proname = ANY (?) AND "
                + condition, rs -> rs.getString(1), c.createArrayOf("text", names.toArray())));
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

    /**
     * Leaves out the bookkeeping columns ({@code __pgt_row_id}, hidden aggregate state) that {@code *} or {@code t.*}
     * brings in from a stream table the query reads: they are Trickle's, not part of what the user selected. A
     * bookkeeping column named explicitly is kept, and {@link #checkOutputs} refuses it.
     */
    private static List<OutputColumn> visibleOutputs(ParsedQuery parsed, List<OutputColumn> outputs,
            List<SourceRelation> sources) {
        Set<String> bookkeeping = sources.stream()
                .filter(s -> s.kind() == SourceRelation.Kind.STREAM_TABLE)
                .flatMap(s -> s.columns().stream())
                .map(SourceRelation.Column::name)
                .filter(SqlNames::isReserved)
                .collect(Collectors.toSet());
        if (bookkeeping.isEmpty() || !selectsStar(parsed)) {
            return outputs;
        }
        return outputs.stream().filter(o -> !bookkeeping.contains(o.name())).toList();
    }

    /** Whether the select list has {@code *} or {@code t.*}; assumed when jOOQ's parser did not understand it. */
    private static boolean selectsStar(ParsedQuery parsed) {
        Select<?> select = parsed.select();
        return select == null || select.$select().stream()
                .anyMatch(item -> item instanceof Asterisk || item instanceof QualifiedAsterisk);
    }

    /** A column without a name keeps the server's ({@code ?column?}, or a function's name), as in a view. */
    private static void checkOutputs(List<OutputColumn> outputs) {
        for (OutputColumn output : outputs) {
            if (SqlNames.isReserved(output.name())) {
                throw new ReservedColumnNameException(output.name());
            }
        }
    }
}

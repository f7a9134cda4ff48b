package dev.trickle.jooq.model;

import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the compiler needs to compile a stream table: the query and what the database says about it.
 *
 * @param target the qualified stream table name
 * @param query the parsed query
 * @param outputs the query's output columns, as the server describes them
 * @param relations the relations the query names, by their name as written (folded parts)
 * @param sources every relation the query reads, as the server resolved them
 * @param volatileFunctions names of volatile (or time-dependent) functions the query calls
 * @param otherAggregates names of aggregate functions the query calls other than count, sum and avg
 * @param mode the requested refresh mode
 * @param keyTypes the base types of the row identity's keys, as the server describes the key probe
 *     ({@link Facts#baseTypes}); empty if not known, which gives weaker row identities for some key types
 * @param setReturningFunctions names of set-returning functions the query calls (in its select list: in {@code FROM}
 *     they are refused by name before)
 * @param viewDefinitions the definitions of the views among the relations (and the views they read), by OID, as
 *     {@code pg_get_viewdef} writes them under the definition's {@code search_path}: the compiler expands them
 */
public record CompileRequest(
        TableName target,
        ParsedQuery query,
        List<OutputColumn> outputs,
        Map<List<String>, SourceRelation> relations,
        List<SourceRelation> sources,
        Set<String> volatileFunctions,
        Set<String> otherAggregates,
        RefreshMode mode,
        List<String> keyTypes,
        Set<String> setReturningFunctions,
        Map<Long, String> viewDefinitions) {

    /**
     * Checks and copies the components.
     *
     * @param target the qualified stream table name
     * @param query the parsed query
     * @param outputs the query's output columns, as the server describes them
     * @param relations the relations the query names, by their name as written (folded parts)
     * @param sources every relation the query reads, as the server resolved them
     * @param volatileFunctions names of volatile (or time-dependent) functions the query calls
     * @param otherAggregates names of aggregate functions the query calls other than count, sum and avg
     * @param mode the requested refresh mode
     * @param keyTypes the base types of the row identity's keys, as the server describes the key probe
     *     ({@link Facts#baseTypes}); empty if not known, which gives weaker row identities for some key types
     * @param setReturningFunctions names of set-returning functions the query calls
     * @param viewDefinitions the definitions of the views the query reads, by OID
     */
    public CompileRequest {
        Objects.requireNonNull(target.schema(), "target schema");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        outputs = List.copyOf(outputs);
        relations = Map.copyOf(relations);
        sources = List.copyOf(sources);
        volatileFunctions = Set.copyOf(volatileFunctions);
        otherAggregates = Set.copyOf(otherAggregates);
        keyTypes = List.copyOf(keyTypes);
        setReturningFunctions = Set.copyOf(setReturningFunctions);
        viewDefinitions = Map.copyOf(viewDefinitions);
    }

    /**
     * A request whose key types are not known yet.
     *
     * @param target the qualified stream table name
     * @param query the parsed query
     * @param outputs the query's output columns, as the server describes them
     * @param relations the relations the query names, by their name as written (folded parts)
     * @param sources every relation the query reads, as the server resolved them
     * @param volatileFunctions names of volatile (or time-dependent) functions the query calls
     * @param otherAggregates names of aggregate functions the query calls other than count, sum and avg
     * @param mode the requested refresh mode
     */
    public CompileRequest(TableName target, ParsedQuery query, List<OutputColumn> outputs,
            Map<List<String>, SourceRelation> relations, List<SourceRelation> sources, Set<String> volatileFunctions,
            Set<String> otherAggregates, RefreshMode mode) {
        this(target, query, outputs, relations, sources, volatileFunctions, otherAggregates, mode, List.of(), Set.of(),
                Map.of());
    }

    /**
     * Returns this request with the key types the server described.
     *
     * @param types the base types of the columns of the key probe ({@link Facts#baseTypes}), in order
     * @return the request
     */
    public CompileRequest withKeyTypes(List<String> types) {
        return new CompileRequest(target, query, outputs, relations, sources, volatileFunctions, otherAggregates, mode,
                types, setReturningFunctions, viewDefinitions);
    }

    /**
     * Returns this request with the set-returning functions the query calls.
     *
     * @param names their names
     * @return the request
     */
    public CompileRequest withSetReturningFunctions(Set<String> names) {
        return new CompileRequest(target, query, outputs, relations, sources, volatileFunctions, otherAggregates, mode,
                keyTypes, names, viewDefinitions);
    }

    /**
     * Returns this request with the definitions of the views it reads.
     *
     * @param definitions the text of each view's definition, by OID
     * @return the request
     */
    public CompileRequest withViewDefinitions(Map<Long, String> definitions) {
        return new CompileRequest(target, query, outputs, relations, sources, volatileFunctions, otherAggregates, mode,
                keyTypes, setReturningFunctions, definitions);
    }
}

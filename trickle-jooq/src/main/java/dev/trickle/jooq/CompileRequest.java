package dev.trickle.jooq;

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
 */
public record CompileRequest(
        TableName target,
        ParsedQuery query,
        List<OutputColumn> outputs,
        Map<List<String>, SourceRelation> relations,
        List<SourceRelation> sources,
        Set<String> volatileFunctions,
        Set<String> otherAggregates,
        RefreshMode mode) {

    /** Checks and copies the components. */
    public CompileRequest {
        Objects.requireNonNull(target.schema(), "target schema");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        outputs = List.copyOf(outputs);
        relations = Map.copyOf(relations);
        sources = List.copyOf(sources);
        volatileFunctions = Set.copyOf(volatileFunctions);
        otherAggregates = Set.copyOf(otherAggregates);
    }
}

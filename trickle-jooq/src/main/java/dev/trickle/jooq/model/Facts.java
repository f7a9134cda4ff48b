package dev.trickle.jooq.model;

import java.util.List;

/**
 * What the compiler asks the server while it compiles, answered by the engine (which holds the connection): the
 * compiler itself never talks to a database. Everything else the server says about a query (its relations, keys,
 * output columns and function volatility) arrives in the {@link CompileRequest}; what is asked here depends on the
 * plan the compiler makes of it.
 */
@FunctionalInterface
public interface Facts {

    /** Facts that know nothing: every type unknown. */
    Facts NONE = query -> List.of();

    /**
     * Describes the output columns of a query the compiler wrote over the request's relations: their base types
     * (domains resolved, without modifiers), as {@code format_type} spells them. The compiler asks for the types of a
     * row identity's keys this way, since it hashes some types in a lossless form.
     *
     * @param query a query without parameters, under the definition's {@code search_path}
     * @return the types in column order, or empty if the server could not describe the query (a weaker row
     *     identity is used; the storage query reports the failure)
     */
    List<String> baseTypes(String query);
}

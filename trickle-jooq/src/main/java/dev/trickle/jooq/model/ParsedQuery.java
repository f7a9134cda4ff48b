package dev.trickle.jooq.model;

import java.util.List;
import org.jooq.Select;
import org.jspecify.annotations.Nullable;

/**
 * A defining query after the first checks: its text, and jOOQ's model of it when jOOQ's parser understands it.
 * jOOQ's parser does not know all of PostgreSQL's syntax; a query it cannot parse may still be valid (the server is
 * the judge) and can then be maintained by full refresh.
 *
 * @param text the query text, trailing semicolons removed
 * @param select jOOQ's model of the query, or {@code null} if jOOQ could not parse it
 * @param parseError jOOQ's parser message when {@code select} is {@code null}
 * @param tables the relation names the query reads, as written (one or two parts each); empty if not parsed
 */
public record ParsedQuery(
        String text, @Nullable Select<?> select, @Nullable String parseError, List<List<String>> tables) {

    /**
     * Copies the list so the record stays immutable.
     *
     * @param text the query text, trailing semicolons removed
     * @param select jOOQ's model of the query, or {@code null} if jOOQ could not parse it
     * @param parseError jOOQ's parser message when {@code select} is {@code null}
     * @param tables the relation names the query reads, as written (one or two parts each); empty if not parsed
     */
    public ParsedQuery {
        tables = tables.stream().map(List::copyOf).toList();
    }
}

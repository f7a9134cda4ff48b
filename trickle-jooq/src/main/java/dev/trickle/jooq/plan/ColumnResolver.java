package dev.trickle.jooq.plan;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jooq.QueryPart;
import org.jspecify.annotations.Nullable;

/**
 * Maps each column reference in a plan's expressions (by identity: the jOOQ query part the parser produced) to the
 * scan column it reads. Built once by the translator, then read-only. A part may also stand for a column with SQL of
 * its own (a scalar subquery: the column of its grouped relation, or a default when no row of it matched), or for an
 * expression over resolved columns (the column a {@code FULL JOIN ... USING} merged: {@code coalesce(l.c, r.c)}).
 */
public final class ColumnResolver {
    private final Map<QueryPart, ColumnRef> refs;
    private final Map<QueryPart, String> substitutes;
    private final Map<QueryPart, QueryPart> expansions;

    /**
     * Wraps resolved references.
     *
     * @param refs references by query part identity; copied
     */
    public ColumnResolver(IdentityHashMap<QueryPart, ColumnRef> refs) {
        this(refs, new IdentityHashMap<>());
    }

    /**
     * Wraps resolved references and parts written as other SQL.
     *
     * @param refs references by query part identity; copied
     * @param substitutes SQL to write instead of some of those parts; copied
     */
    public ColumnResolver(IdentityHashMap<QueryPart, ColumnRef> refs, IdentityHashMap<QueryPart, String> substitutes) {
        this(refs, substitutes, new IdentityHashMap<>());
    }

    /**
     * Wraps resolved references, parts written as other SQL, and parts that stand for expressions.
     *
     * @param refs references by query part identity; copied
     * @param substitutes SQL to write instead of some of those parts; copied
     * @param expansions expressions over resolved references to write instead of some parts (not themselves in
     *     {@code refs}); copied
     */
    public ColumnResolver(IdentityHashMap<QueryPart, ColumnRef> refs, IdentityHashMap<QueryPart, String> substitutes,
            IdentityHashMap<QueryPart, QueryPart> expansions) {
        this.refs = Collections.unmodifiableMap(new IdentityHashMap<>(refs));
        this.substitutes = Collections.unmodifiableMap(new IdentityHashMap<>(substitutes));
        this.expansions = Collections.unmodifiableMap(new IdentityHashMap<>(expansions));
    }

    /**
     * Joins resolutions of disjoint sets of query parts (the branches of a set operation, each resolved on its own).
     *
     * @param more the other resolutions
     * @param extra references the caller created, by identity
     * @return the joined resolution
     * @throws IllegalArgumentException if a query part resolves differently in two of them
     */
    public ColumnResolver with(java.util.List<ColumnResolver> more, Map<QueryPart, ColumnRef> extra) {
        IdentityHashMap<QueryPart, ColumnRef> all = new IdentityHashMap<>(refs);
        IdentityHashMap<QueryPart, String> allSubstitutes = new IdentityHashMap<>(substitutes);
        IdentityHashMap<QueryPart, QueryPart> allExpansions = new IdentityHashMap<>(expansions);
        java.util.List<Map<QueryPart, ColumnRef>> maps = new java.util.ArrayList<>();
        more.forEach(r -> {
            maps.add(r.refs);
            allSubstitutes.putAll(r.substitutes);
            allExpansions.putAll(r.expansions);
        });
        maps.add(extra);
        for (Map<QueryPart, ColumnRef> m : maps) {
            m.forEach((part, ref) -> {
                ColumnRef before = all.put(part, ref);
                if (before != null && !before.equals(ref)) {
                    throw new IllegalArgumentException("internal error: " + part + " resolves to " + before
                            + " and " + ref);
                }
            });
        }
        return new ColumnResolver(all, allSubstitutes, allExpansions);
    }

    /**
     * Looks a reference up.
     *
     * @param part a query part of a plan expression
     * @return the column it reads, or {@code null} if it is not a resolved column reference
     */
    public @Nullable ColumnRef resolve(QueryPart part) {
        return refs.get(part);
    }

    /**
     * Looks up the SQL a resolved part is written as, when it is not its column.
     *
     * @param part a query part of a plan expression
     * @return the SQL, or {@code null} to write the column
     */
    public @Nullable String substitute(QueryPart part) {
        return substitutes.get(part);
    }

    /**
     * Looks up the expression a part stands for.
     *
     * @param part a query part of a plan expression
     * @return the expression over resolved references to write instead, or {@code null}
     */
    public @Nullable QueryPart expansion(QueryPart part) {
        return expansions.get(part);
    }

    /**
     * The same resolution with every column moved elsewhere (the flattened rows of a grouped relation's input).
     *
     * @param move where a column reads instead
     * @return the resolver
     */
    public ColumnResolver moved(UnaryOperator<ColumnRef> move) {
        IdentityHashMap<QueryPart, ColumnRef> moved = new IdentityHashMap<>();
        refs.forEach((part, ref) -> moved.put(part, move.apply(ref)));
        return new ColumnResolver(moved, new IdentityHashMap<>(substitutes), new IdentityHashMap<>(expansions));
    }
}

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
 * its own (a scalar subquery: the column of its grouped relation, or a default when no row of it matched).
 */
public final class ColumnResolver {
    private final Map<QueryPart, ColumnRef> refs;
    private final Map<QueryPart, String> substitutes;

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
        this.refs = Collections.unmodifiableMap(new IdentityHashMap<>(refs));
        this.substitutes = Collections.unmodifiableMap(new IdentityHashMap<>(substitutes));
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
        java.util.List<Map<QueryPart, ColumnRef>> maps = new java.util.ArrayList<>();
        more.forEach(r -> maps.add(r.refs));
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
        return new ColumnResolver(all);
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
     * The same resolution with every column moved elsewhere (the flattened rows of a grouped relation's input).
     *
     * @param move where a column reads instead
     * @return the resolver
     */
    public ColumnResolver moved(UnaryOperator<ColumnRef> move) {
        IdentityHashMap<QueryPart, ColumnRef> moved = new IdentityHashMap<>();
        refs.forEach((part, ref) -> moved.put(part, move.apply(ref)));
        return new ColumnResolver(moved, new IdentityHashMap<>(substitutes));
    }
}

package dev.trickle.jooq.plan;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jooq.QueryPart;
import org.jspecify.annotations.Nullable;

/**
 * Maps each column reference in a plan's expressions (by identity: the jOOQ query part the parser produced) to the
 * scan column it reads. Built once by the translator, then read-only.
 */
public final class ColumnResolver {
    private final Map<QueryPart, ColumnRef> refs;

    /**
     * Wraps resolved references.
     *
     * @param refs references by query part identity; copied
     */
    public ColumnResolver(IdentityHashMap<QueryPart, ColumnRef> refs) {
        this.refs = Collections.unmodifiableMap(new IdentityHashMap<>(refs));
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
}

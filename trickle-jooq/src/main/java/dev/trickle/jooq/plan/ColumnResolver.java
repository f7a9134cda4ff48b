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
     * Looks a reference up.
     *
     * @param part a query part of a plan expression
     * @return the column it reads, or {@code null} if it is not a resolved column reference
     */
    public @Nullable ColumnRef resolve(QueryPart part) {
        return refs.get(part);
    }
}

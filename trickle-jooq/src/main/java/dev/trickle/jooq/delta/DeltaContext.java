package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.Name;
import org.jooq.impl.DSL;

/**
 * What the rules of one stream table refer to besides its plan. Nothing in it depends on the stream table's catalog
 * id or on how changes are windowed: those enter only when the statement is rendered ({@link
 * dev.trickle.jooq.sql.ApplyStatement}).
 *
 * @param storage the storage table
 * @param expressions the renderer of the plan's expressions
 * @param keyTypes the base types of the row identity's keys (see {@link Differentiator#keyProbe}), in order; empty if
 *     unknown
 * @param windowed whether the storage table holds only some of the top operator's rows (a top-k's window): a row
 *     identity without a stored row may then exist, and the net changes list every touched identity
 * @param shared the relations the terms of one statement share, each computed once (see {@link Shared}); the copies
 *     of a context share it
 */
public record DeltaContext(Name storage, Expressions expressions, List<String> keyTypes, boolean windowed,
        Shared shared) {

    /**
     * Copies the key types.
     *
     * @param storage the storage table
     * @param expressions the renderer of the plan's expressions
     * @param keyTypes the base types of the row identity's keys, in order; empty if unknown
     * @param windowed whether the storage table holds only some of the top operator's rows
     * @param shared the relations the terms of one statement share
     */
    public DeltaContext {
        keyTypes = List.copyOf(keyTypes);
        Objects.requireNonNull(shared, "shared");
    }

    /**
     * A context whose storage table holds every row of the top operator.
     *
     * @param storage the storage table
     * @param expressions the renderer of the plan's expressions
     * @param keyTypes the base types of the row identity's keys, in order; empty if unknown
     */
    public DeltaContext(Name storage, Expressions expressions, List<String> keyTypes) {
        this(storage, expressions, keyTypes, false, new Shared());
    }

    /** @return the same context over a storage table that holds a window of the rows */
    DeltaContext asWindow() {
        return new DeltaContext(storage, expressions, keyTypes, true, shared);
    }

    /**
     * The same context for a query that stands alone (the storage query, the key probe): it shares no post-state
     * ({@link Shared#posts}), since no shared relation is written before it.
     *
     * @return the context
     */
    DeltaContext unshared() {
        return new DeltaContext(storage, expressions, keyTypes, windowed, new Shared(false));
    }

    /**
     * The relations that several terms of one differential statement read, such as the change of a grouped relation
     * and its post-state read whole ({@link GroupedDeltaRule}): each is written once, as a materialized CTE before the net changes, instead of once
     * per term or probe that reads it. Equal queries get one name.
     */
    public static final class Shared {
        private final Map<String, String> names = new LinkedHashMap<>();
        private final boolean posts;

        /** Creates an empty set of shared relations. */
        public Shared() {
            this(true);
        }

        private Shared(boolean posts) {
            this.posts = posts;
        }

        /**
         * Whether the post-state of a grouped relation that a term reads whole is shared too ({@link
         * GroupedDeltaRule#table(GroupedSource, Term, DeltaContext)}): in the differential statement, not in a query
         * that stands alone.
         *
         * @return whether post-states are shared
         */
        boolean posts() {
            return posts;
        }

        /**
         * Names a query as a shared relation.
         *
         * @param prefix the start of its name
         * @param sql the query
         * @return its CTE's name: the same for the same query
         */
        String name(String prefix, String sql) {
            return names.computeIfAbsent(sql, q -> prefix + (names.size() + 1));
        }

        /**
         * Puts the shared relations before a top rule's net-change CTEs, as materialized CTEs in the order they were
         * named (a relation that reads another is named after it), skipping those already there (a top-k's inner
         * rule put them).
         *
         * @param net the top rule's result
         * @return the same with the shared relations first
         */
        NetChange first(NetChange net) {
            Set<String> present = new HashSet<>();
            net.ctes().forEach(c -> present.add(c.name()));
            List<Sql.Cte> ctes = new ArrayList<>();
            names.forEach((sql, name) -> {
                if (!present.contains(name)) {
                    ctes.add(new Sql.Cte(name, true, DSL.resultQuery(DSL.raw(sql))));
                }
            });
            if (ctes.isEmpty()) {
                return net;
            }
            ctes.addAll(net.ctes());
            return new NetChange(net.storageQuery(), net.hiddenColumns(), ctes);
        }
    }
}

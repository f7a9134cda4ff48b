package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.ColumnRef;
import dev.trickle.jooq.plan.ColumnResolver;
import dev.trickle.jooq.plan.Traversal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The tables of a query's {@code FROM} clause by alias, and the resolution of column references against them, as
 * PostgreSQL resolves them: {@code a.c} reads alias {@code a} (or the unaliased table {@code a}, optionally
 * schema-qualified); a bare {@code c} reads the one table that has such a column, or the column that {@code USING}
 * or {@code NATURAL} merged the join's columns of that name into. A subquery's scope is a {@link #child()}: a name its
 * own tables do not have is looked up in the enclosing query (a correlated reference). Every table of the plan has a
 * distinct alias: a subquery's table whose alias the plan has already is given another one ({@code orders_2}).
 */
final class Scope {
    /** A table of the FROM clause. */
    record Entry(String alias, SourceRelation relation, boolean aliased, Set<String> used) {}

    /**
     * A column that {@code JOIN ... USING} or {@code NATURAL JOIN} merged: a bare reference to its name, from outside
     * the join, means this column (the left side's, which in an inner join equals the right side's; in a {@code FULL}
     * join the first of the two sides' columns that is not NULL).
     *
     * @param refs where it reads: one column, or several that it is the {@code coalesce} of, in order
     * @param aliases the tables of the join, whose own columns of that name a bare reference no longer means
     */
    record Merge(List<ColumnRef> refs, Set<String> aliases) {
        Merge {
            refs = List.copyOf(refs);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("internal error: a merged column reads no column");
            }
        }
    }

    private final @Nullable Scope parent;
    /** This query level's tables by the alias the query wrote. */
    private final Map<String, Entry> byAlias = new LinkedHashMap<>();
    /** Every table of the plan by its plan alias, shared by all levels. */
    private final Map<String, Entry> all;
    private final IdentityHashMap<QueryPart, ColumnRef> refs;
    private final Map<String, List<Merge>> merges = new LinkedHashMap<>();
    private final IdentityHashMap<QueryPart, String> substitutes;
    /** Bare references to a column merged from several ({@link Merge#refs}): their {@code coalesce}. */
    private final IdentityHashMap<QueryPart, QueryPart> expansions;

    Scope() {
        this(null, new LinkedHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    private Scope(@Nullable Scope parent, Map<String, Entry> all, IdentityHashMap<QueryPart, ColumnRef> refs,
            IdentityHashMap<QueryPart, String> substitutes, IdentityHashMap<QueryPart, QueryPart> expansions) {
        this.parent = parent;
        this.all = all;
        this.refs = refs;
        this.substitutes = substitutes;
        this.expansions = expansions;
    }

    /** @return the scope of a subquery of this query level, sharing its resolutions */
    Scope child() {
        return new Scope(this, all, refs, substitutes, expansions);
    }

    /** Whether a part of the query (a scalar subquery) was made to read a column of a relation ({@link #substitute}). */
    boolean substituted(QueryPart part) {
        return !(part instanceof TableField<?, ?>) && refs.containsKey(part);
    }

    /** @return the scope of the enclosing query level, or {@code null} for the top level */
    @Nullable Scope parent() {
        return parent;
    }

    /**
     * Adds a table of this query level.
     *
     * @return its entry, whose alias is unique in the plan
     */
    Entry add(String alias, SourceRelation relation, boolean aliased, QueryPart fragment) {
        if (byAlias.containsKey(alias)) {
            throw Unsupported.of(Reason.OTHER, fragment, "a table name used twice without distinct aliases");
        }
        String unique = alias;
        for (int n = 2; all.containsKey(unique); n++) {
            unique = alias + "_" + n;
        }
        Entry e = new Entry(unique, relation, aliased, new LinkedHashSet<>());
        byAlias.put(alias, e);
        all.put(unique, e);
        return e;
    }

    /** @return every table of the plan, subqueries' included */
    List<Entry> entries() {
        return new ArrayList<>(all.values());
    }

    /** @return the plan aliases of this query level's own tables */
    Set<String> localAliases() {
        Set<String> aliases = new LinkedHashSet<>();
        byAlias.values().forEach(e -> aliases.add(e.alias()));
        return aliases;
    }

    /** Finds a table of this query level by the alias the query wrote. */
    @Nullable Entry entry(String alias) {
        return byAlias.get(alias);
    }

    /** Finds a table of the plan by its plan alias ({@link Entry#alias}). */
    Entry planEntry(String alias) {
        return all.get(alias);
    }

    /** Registers a reference the translator created itself ({@code *} expansion). */
    void register(QueryPart part, String alias, String column) {
        refs.put(part, new ColumnRef(alias, column));
        all.get(alias).used().add(column);
    }

    /**
     * Records a column merged by a join; a later join that merges the same name again covers this one.
     *
     * @param name the column name
     * @param merge where a bare reference to it reads, and the tables it covers
     */
    void merge(String name, Merge merge) {
        List<Merge> list = merges.computeIfAbsent(name, k -> new ArrayList<>());
        list.removeIf(m -> merge.aliases().containsAll(m.aliases()));
        list.add(merge);
    }

    /** Marks a column as read, such as a key column. */
    void use(String alias, String column) {
        all.get(alias).used().add(column);
    }

    ColumnResolver resolver() {
        return new ColumnResolver(refs, substitutes, expansions);
    }

    /**
     * Writes a reference to a column the translator created itself: the column, registered, or the {@code coalesce}
     * of the columns a {@code FULL JOIN ... USING} merged.
     *
     * @param columns the column, or the columns in order
     * @return the expression
     */
    Field<Object> field(List<ColumnRef> columns) {
        List<Field<Object>> fields = new ArrayList<>();
        for (ColumnRef c : columns) {
            Field<Object> f = DSL.field(DSL.name(c.alias(), c.column()));
            register(f, c.alias(), c.column());
            fields.add(f);
        }
        if (fields.size() == 1) {
            return fields.get(0);
        }
        return DSL.function("coalesce", Object.class, fields.toArray(new Field<?>[0]));
    }

    /**
     * Makes a part of the query (a scalar subquery) read a column of a relation of this scope, optionally written as
     * other SQL; the part's own contents are not resolved here.
     */
    void substitute(QueryPart part, ColumnRef ref, @Nullable String sql) {
        refs.put(part, ref);
        byAlias.get(ref.alias()).used().add(ref.column());
        if (sql != null) {
            substitutes.put(part, sql);
        }
    }

    /** Takes over the resolutions of a nested select's scope, whose references are parts of this query too. */
    void absorb(Scope nested) {
        refs.putAll(nested.refs);
        substitutes.putAll(nested.substitutes);
        expansions.putAll(nested.expansions);
    }

    /**
     * Tells whether every column reference of an expression reads a table of this scope.
     *
     * @param expression a field or condition
     * @return whether each resolves here
     */
    boolean resolves(QueryPart expression) {
        boolean[] all = {true};
        Traversal.walk(expression, context -> {
            if (context.queryPart() instanceof TableField<?, ?> field && !refs.containsKey(field)
                    && !expansions.containsKey(field)) {
                try {
                    resolve(field, Set.of());
                } catch (dev.trickle.UnsupportedQueryException e) {
                    all[0] = false;
                }
            }
        });
        return all[0];
    }

    /**
     * Resolves every column reference in an expression.
     *
     * @param expression a field or condition of the query
     * @param outputAliases output column names a bare name may also mean (GROUP BY); such references stay unresolved
     * @return the bare names that matched no table but an output alias
     */
    List<TableField<?, ?>> resolveAll(QueryPart expression, Set<String> outputAliases) {
        List<TableField<?, ?>> unresolvedAliases = new ArrayList<>();
        Traversal.walk(expression, context -> {
            if (!(context.queryPart() instanceof TableField<?, ?>) && refs.containsKey(context.queryPart())) {
                // a scalar subquery, read as a column: its own references are resolved in its own scope
                context.queryPart(org.jooq.impl.DSL.inline(0));
                return;
            }
            if (context.queryPart() instanceof TableField<?, ?> field && !refs.containsKey(field)
                    && !expansions.containsKey(field)) {
                List<ColumnRef> found = resolve(field, outputAliases);
                if (found == null) {
                    unresolvedAliases.add(field);
                } else if (found.size() == 1) {
                    refs.put(field, found.get(0));
                    all.get(found.get(0).alias()).used().add(found.get(0).column());
                } else {
                    expansions.put(field, field(found));
                }
            }
        });
        return unresolvedAliases;
    }

    /** The column a reference reads, or the columns of a merged one ({@link Merge#refs}); null for an alias. */
    private @Nullable List<ColumnRef> resolve(TableField<?, ?> field, Set<String> outputAliases) {
        List<String> parts = Identifiers.parts(field.getQualifiedName());
        String column = parts.get(parts.size() - 1);
        if (parts.size() == 1) {
            // the merged columns of that name, and the tables with such a column that no merge covers
            List<List<ColumnRef>> found = new ArrayList<>();
            List<Merge> merged = merges.getOrDefault(column, List.of());
            merged.forEach(m -> found.add(m.refs()));
            for (Entry e : byAlias.values()) {
                if (e.relation().column(column).isPresent()
                        && merged.stream().noneMatch(m -> m.aliases().contains(e.alias()))) {
                    found.add(List.of(new ColumnRef(e.alias(), column)));
                }
            }
            if (found.size() > 1) {
                throw Unsupported.of(Reason.OTHER, field, "an ambiguous column reference");
            }
            if (found.isEmpty()) {
                if (outputAliases.contains(column)) {
                    return null;
                }
                if (parent != null) {
                    return parent.resolve(field, Set.of());
                }
                throw Unsupported.of(Reason.OTHER, field, "a reference to a column outside the FROM clause");
            }
            return found.get(0);
        }
        Entry entry = qualifier(parts.subList(0, parts.size() - 1));
        if (entry == null && parent != null) {
            return parent.resolve(field, Set.of());
        }
        if (entry == null || entry.relation().column(column).isEmpty()) {
            throw Unsupported.of(Reason.OTHER, field, "a column reference that names no table of the FROM clause");
        }
        return List.of(new ColumnRef(entry.alias(), column));
    }

    private @Nullable Entry qualifier(List<String> qualifier) {
        String table = qualifier.get(qualifier.size() - 1);
        Entry e = byAlias.get(table);
        if (e == null) {
            return null;
        }
        if (qualifier.size() == 1) {
            return e;
        }
        boolean sameSchema = !e.aliased() && qualifier.get(qualifier.size() - 2).equals(e.relation().schema());
        return qualifier.size() == 2 && sameSchema ? e : null;
    }
}

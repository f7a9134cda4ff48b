package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Traversal;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.AggregateFunction;
import org.jooq.Asterisk;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QualifiedAsterisk;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.WindowDefinition;
import org.jooq.WindowSpecification;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;
import org.jspecify.annotations.Nullable;

/**
 * Flattens the derived tables (and expanded views) of one query's {@code FROM} clause that have no aggregation:
 * {@code σq(π e(B))} read as {@code s} becomes {@code B} in the derived table's place, {@code q} joins the outer
 * conditions, and every {@code s.c} becomes {@code e_c}. This is plain relational algebra (a projection and a
 * selection commute with the joins above them), with two exceptions:
 *
 * <ul>
 *   <li>on the nullable side of an outer join, {@code q} goes into that join's {@code ON} ({@code L ⟕_p σq(B) = L
 *       ⟕_{p∧q} B}), and the derived table's columns must be plain column references: a constant or {@code
 *       coalesce(b.x, 0)} would not be NULL in a padded row. Otherwise the query is refused by name. Under a
 *       {@code FULL JOIN}, {@code q} has nowhere to go, and a derived table with a {@code WHERE} is refused;
 *   <li>a derived table with {@code GROUP BY}, aggregates, {@code DISTINCT}, {@code LIMIT}, window functions or set
 *       operations stays a derived table (the translator refuses it by name).
 * </ul>
 *
 * <p>Column references are qualified on both sides first (so a bare name cannot become ambiguous), and an inner alias
 * that the outer query uses already is renamed ({@code o} becomes {@code o_2}).
 */
final class Flattener {
    private final Map<List<String>, SourceRelation> relations;
    private final Map<Long, Select<?>> views;

    Flattener(Map<List<String>, SourceRelation> relations, Map<Long, Select<?>> views) {
        this.relations = relations;
        this.views = views;
    }

    /**
     * A FROM item that is no join.
     *
     * @param table the item
     * @param alias the name the query reads it by
     * @param columns its column names, or {@code null} if not known (a table function)
     * @param derived what it holds if it is a derived table or a view
     */
    private record Leaf(Table<?> table, String alias, @Nullable List<String> columns, @Nullable Derived derived) {}

    /**
     * A derived table, its query already rewritten.
     *
     * @param select its query
     * @param columnList the column names it is given ({@code AS s(a, b)}, a view's), or {@code null}
     * @param why why it is not flattened, or {@code null} if it is
     */
    private record Derived(Select<?> select, @Nullable List<String> columnList, @Nullable String why) {}

    /**
     * A column of a flattened derived table.
     *
     * @param name its name, or {@code null} if the rewrite cannot tell the name the server gives it
     * @param sql the expression it stands for, over the inner tables (renamed)
     * @param plain whether that is a column reference
     */
    private record Item(@Nullable String name, String sql, boolean plain) {}

    /**
     * A derived table being flattened.
     *
     * @param leaf where it stands
     * @param items its columns
     * @param from its FROM items, joined, over renamed aliases
     * @param where its condition, or {@code null}
     * @param subqueries whether its condition has subqueries (which cannot move into an outer join's {@code ON})
     */
    private record Flat(Leaf leaf, List<Item> items, String from, @Nullable String where, boolean subqueries) {}

    Select<?> flatten(Select<?> select) {
        List<Leaf> leaves = new ArrayList<>();
        select.$from().forEach(t -> leaves(t, leaves));
        if (leaves.stream().allMatch(l -> l.derived() == null) || hasSetOperation(select)) {
            return select;
        }
        boolean flattens = leaves.stream().anyMatch(l -> l.derived() != null && l.derived().why() == null);
        QueryPart nested = nestedSelect(select.$from(List.of()));
        if (flattens && nested != null) {
            throw Unsupported.of(Reason.SUBQUERY, nested, "a subquery");
        }
        Set<String> used = new HashSet<>();
        leaves.stream().filter(l -> l.derived() == null || l.derived().why() != null).forEach(l -> used.add(l.alias()));
        List<Flat> flats = new ArrayList<>();
        for (Leaf l : leaves) {
            if (l.derived() != null && l.derived().why() == null) {
                flats.add(flat(l, used));
            }
        }
        Outer outer = new Outer(leaves, flats);
        List<Condition> pending = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (Table<?> t : select.$from()) {
            from.add(outer.from(t, false, pending));
        }
        List<SelectFieldOrAsterisk> items = new ArrayList<>();
        for (SelectFieldOrAsterisk item : select.$select()) {
            // a bare column keeps its name once it stands for another table's expression
            items.add(flats.isEmpty() ? item : item instanceof TableField<?, ?> tf ? tf.as(tf.getUnqualifiedName())
                    : outer.star(item, select));
        }
        if (select.$where() != null) {
            pending.add(0, select.$where());
        }
        Select<?> shell = select.$select(items).$from(List.of(DSL.table(DSL.raw(String.join(", ", from)))))
                .$where(pending.isEmpty() ? null : pending.size() == 1 ? pending.get(0) : DSL.and(pending));
        return Inliner.reparse(Inliner.render(shell, outer::substitute));
    }

    /** Lists the items of a FROM tree, a derived table's query rewritten first. */
    private void leaves(Table<?> table, List<Leaf> out) {
        if (table instanceof QOM.JoinTable<?, ?> join) {
            leaves(join.$table1(), out);
            leaves(join.$table2(), out);
            return;
        }
        if (table instanceof QOM.TableAlias<?> alias && alias.$table() instanceof QOM.DerivedTable<?> d) {
            Select<?> inner = Inliner.inline(d.$arg1(), relations, views);
            // jOOQ keeps a column list only as the alias's field names: tell it from how the alias renders
            List<String> list = Inliner.render(alias, (p, parent, n) -> null).endsWith(")")
                    ? alias.fieldStream().map(f -> Identifiers.fold(f.getUnqualifiedName())).toList() : null;
            out.add(new Leaf(table, Identifiers.fold(alias.$alias()), list, new Derived(inner, list, whyKept(inner))));
            return;
        }
        Table<?> named = table instanceof QOM.TableAlias<?> alias ? alias.$table() : table;
        List<String> parts = Identifiers.parts(named.getQualifiedName());
        if (parts.isEmpty() || named instanceof QOM.DerivedTable<?>) {
            // a derived table without an alias, a table expression: the translator names it
            out.add(new Leaf(table, "", null, null));
            return;
        }
        String alias = table instanceof QOM.TableAlias<?> a ? Identifiers.fold(a.$alias())
                : parts.get(parts.size() - 1);
        SourceRelation relation = named instanceof TableImpl<?> ? relations.get(parts) : null;
        if (relation == null) {
            out.add(new Leaf(table, alias, null, null));
            return;
        }
        // a stream table's bookkeeping columns are not among what * lists
        List<String> columns = relation.columns().stream().map(SourceRelation.Column::name)
                .filter(c -> relation.kind() != SourceRelation.Kind.STREAM_TABLE || !SqlNames.isReserved(c)).toList();
        Select<?> view = relation.kind() == SourceRelation.Kind.VIEW ? views.get(relation.oid()) : null;
        if (view == null) {
            out.add(new Leaf(table, alias, columns, null));
            return;
        }
        Select<?> inner = Inliner.inline(view, relations, views);
        out.add(new Leaf(table, alias, columns, new Derived(inner, columns, whyKept(inner))));
    }

    /** Why a grouped subquery is kept: the translator makes it a grouped relation. */
    static final String GROUPED = "a subquery in FROM with GROUP BY or aggregates";

    /**
     * Why a derived table's query is not flattened.
     *
     * @param select the query
     * @return the construct that keeps it a derived table ({@link #GROUPED} for a grouped one), or {@code null} if it
     *     can be flattened
     */

    static @Nullable String whyKept(Select<?> select) {
        if (select.$from().isEmpty()) {
            return "a subquery in FROM without FROM";
        }
        if (hasSetOperation(select)) {
            return "a subquery in FROM with UNION, INTERSECT or EXCEPT";
        }
        // a WHERE holds no aggregate or window function of its own; its subqueries move with it into the outer
        // query, when nothing else keeps the derived table
        Select<?> expressions = select.$from(List.of()).$where((Condition) null);
        String kept = kept(select, expressions);
        if (nestedSelect(expressions) != null || (kept != null && select.$where() != null
                && nestedSelect(select.$where()) != null)) {
            return "a subquery in FROM with a subquery inside";
        }
        return kept;
    }

    private static @Nullable String kept(Select<?> select, Select<?> expressions) {
        boolean[] found = new boolean[2];
        Traversal.walk(expressions, context -> {
            QueryPart part = context.queryPart();
            found[0] |= part instanceof AggregateFunction<?>;
            found[1] |= part instanceof WindowSpecification || part instanceof WindowDefinition;
        });
        if (found[1] || !select.$window().isEmpty() || select.$qualify() != null) {
            return "a subquery in FROM with a window function";
        }
        if (found[0] || !select.$groupBy().isEmpty() || select.$having() != null) {
            return GROUPED;
        }
        if (select.$distinct() || !select.$distinctOn().isEmpty()) {
            return "a subquery in FROM with DISTINCT";
        }
        if (select.$limit() != null || select.$offset() != null) {
            return "a subquery in FROM with LIMIT or OFFSET";
        }
        return null;
    }

    /** The first {@code SELECT} nested in a query's expressions (or in a condition), or {@code null}. */
    private static @Nullable QueryPart nestedSelect(QueryPart select) {
        QueryPart[] found = new QueryPart[1];
        Traversal.walk(select, context -> {
            if (found[0] == null && context.queryPart() instanceof Select<?> s && s != select) {
                found[0] = s;
            }
        });
        return found[0];
    }

    /** Whether a {@code SELECT} is rendered directly inside this one: a set operation's branch. */
    static boolean hasSetOperation(Select<?> select) {
        boolean[] found = new boolean[1];
        java.util.Deque<QueryPart> parents = new java.util.ArrayDeque<>();
        Traversal.walk(select, new Traversal.Visitor() {
            @Override
            public void enter(org.jooq.VisitContext context) {
                found[0] |= context.queryPart() instanceof Select<?> && parents.peek() == select;
                parents.push(context.queryPart());
            }

            @Override
            public void leave(org.jooq.VisitContext context) {
                parents.pop();
            }
        });
        return found[0];
    }

    /** Rewrites a derived table's parts over its FROM items, each alias renamed if the outer query uses it. */
    private Flat flat(Leaf leaf, Set<String> used) {
        Select<?> inner = leaf.derived().select();
        for (Table<?> t : inner.$from()) {
            Table<?> merging = mergesFromTheRight(t);
            if (merging != null) {
                // a bare name of the merged column would read the left side (see Inner#owner)
                throw Unsupported.of(Reason.SUBQUERY, merging, "a subquery in FROM with RIGHT or FULL JOIN ... USING"
                        + " or NATURAL RIGHT or FULL JOIN");
            }
        }
        List<Leaf> innerLeaves = new ArrayList<>();
        inner.$from().forEach(t -> leaves(t, innerLeaves));
        List<Leaf> renamed = new ArrayList<>();
        for (Leaf l : innerLeaves) {
            String alias = l.alias();
            for (int n = 2; used.contains(alias); n++) {
                if (l.derived() != null) {
                    throw Unsupported.of(Reason.SUBQUERY, l.table(), "a subquery in FROM whose alias the outer query"
                            + " uses too");
                }
                alias = l.alias() + "_" + n;
            }
            used.add(alias);
            renamed.add(new Leaf(l.table(), alias, l.columns(), l.derived()));
        }
        Inner scope = new Inner(innerLeaves, renamed);
        List<String> from = inner.$from().stream().map(t -> Inliner.render(t, scope::substitute)).toList();
        String joined = from.size() == 1 ? from.get(0) : "(" + String.join(" CROSS JOIN ", from) + ")";
        List<Item> items = new ArrayList<>();
        for (SelectFieldOrAsterisk item : inner.$select()) {
            items.addAll(scope.items(item, inner));
        }
        List<String> names = leaf.derived().columnList();
        if (names != null) {
            if (names.size() < items.size()) {
                throw Unsupported.of(Reason.OTHER, leaf.table(), "a column list that names fewer columns than the"
                        + " subquery has");
            }
            for (int i = 0; i < items.size(); i++) {
                items.set(i, new Item(names.get(i), items.get(i).sql(), items.get(i).plain()));
            }
        }
        String where = null;
        boolean subqueries = false;
        if (inner.$where() != null) {
            scope.keep(localReferences(inner.$where()));
            subqueries = nestedSelect(inner.$where()) != null;
            where = Inliner.render(inner.$where(), scope::substitute);
        }
        return new Flat(leaf, items, joined, where, subqueries);
    }

    /**
     * The column references inside the subqueries of a derived table's {@code WHERE} that those subqueries' own FROM
     * items resolve (SQL's scoping: the innermost query that has the name), which the rewrite must leave alone; the
     * others are correlated with the derived table's FROM items and are qualified like its own references.
     *
     * @throws dev.trickle.UnsupportedQueryException for a bare name that a subquery's FROM item of unknown columns
     *     (a table expression) may have
     */
    private Set<QueryPart> localReferences(Condition where) {
        Set<QueryPart> local = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<List<Leaf>> scopes = new java.util.ArrayDeque<>();
        java.util.Deque<QueryPart> parts = new java.util.ArrayDeque<>();
        Traversal.walk(where, new Traversal.Visitor() {
            @Override
            public void enter(org.jooq.VisitContext context) {
                QueryPart part = context.queryPart();
                parts.push(part == null ? DSL.noCondition() : part);
                if (part instanceof Select<?> nested) {
                    List<Leaf> leaves = new ArrayList<>();
                    nested.$from().forEach(t -> leaves(t, leaves));
                    scopes.push(leaves);
                } else if (part instanceof TableField<?, ?> field && !scopes.isEmpty() && resolves(field)) {
                    local.add(field);
                }
            }

            @Override
            public void leave(org.jooq.VisitContext context) {
                if (parts.pop() instanceof Select<?>) {
                    scopes.pop();
                }
            }

            private boolean resolves(TableField<?, ?> field) {
                List<String> names = Identifiers.parts(field.getQualifiedName());
                String column = names.get(names.size() - 1);
                for (List<Leaf> scope : scopes) {
                    for (Leaf l : scope) {
                        if (names.size() > 1 ? l.alias().equals(names.get(names.size() - 2))
                                : l.columns() != null && l.columns().contains(column)) {
                            return true;
                        }
                        if (names.size() == 1 && l.columns() == null) {
                            throw Unsupported.of(Reason.SUBQUERY, field, "a column of a subquery in the WHERE of a"
                                    + " subquery in FROM that may belong to a table expression (qualify it)");
                        }
                    }
                }
                return false;
            }
        });
        return local;
    }

    /** The inner query of a flattened derived table: its column references qualified by the renamed aliases. */
    private static final class Inner {
        private final List<Leaf> original;
        private final List<Leaf> renamed;
        /** The references in subqueries that those subqueries resolve (see {@link Flattener#localReferences}). */
        private Set<QueryPart> local = Set.of();

        Inner(List<Leaf> original, List<Leaf> renamed) {
            this.original = original;
            this.renamed = renamed;
        }

        void keep(Set<QueryPart> references) {
            local = references;
        }

        @Nullable QueryPart substitute(QueryPart part, @Nullable QueryPart parent, boolean nested) {
            if (part instanceof TableField<?, ?> field && !local.contains(field)) {
                List<String> parts = Identifiers.parts(field.getQualifiedName());
                String column = parts.get(parts.size() - 1);
                int i = parts.size() == 1 ? owner(column) : byQualifier(parts.subList(0, parts.size() - 1));
                return i < 0 ? null : DSL.field(DSL.name(renamed.get(i).alias(), column));
            }
            if (part instanceof Table<?> && !(parent instanceof Field<?>) && !(parent instanceof QualifiedAsterisk)
                    && !(parent instanceof QOM.TableAlias<?>)) {
                for (int i = 0; i < original.size(); i++) {
                    Leaf l = original.get(i);
                    if (l.table() == part && l.derived() == null && !l.alias().equals(renamed.get(i).alias())) {
                        Table<?> named = part instanceof QOM.TableAlias<?> a ? a.$table() : (Table<?>) part;
                        return DSL.table(DSL.raw(Inliner.render(named, (p, q, n) -> null) + " AS "
                                + SqlNames.quote(renamed.get(i).alias())));
                    }
                }
            }
            return null;
        }

        /** The first item with such a column: the left one of a {@code USING} pair, which a bare name means. */
        private int owner(String column) {
            for (int i = 0; i < original.size(); i++) {
                List<String> cols = original.get(i).columns();
                if (cols != null && cols.contains(column)) {
                    return i;
                }
            }
            return -1;
        }

        private int byQualifier(List<String> qualifier) {
            String name = qualifier.get(qualifier.size() - 1);
            for (int i = 0; i < original.size(); i++) {
                if (original.get(i).alias().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** A select item as the columns it makes: {@code *} and {@code t.*} expanded. */
        List<Item> items(SelectFieldOrAsterisk item, Select<?> inner) {
            if (item instanceof Asterisk) {
                if (inner.$from().stream().anyMatch(Flattener::mergesColumns)) {
                    throw Unsupported.of(Reason.SUBQUERY, inner, "a subquery in FROM with * over JOIN ... USING or"
                            + " NATURAL JOIN");
                }
                List<Item> all = new ArrayList<>();
                for (int i = 0; i < original.size(); i++) {
                    all.addAll(columns(i, inner));
                }
                return all;
            }
            if (item instanceof QualifiedAsterisk qa) {
                int i = byQualifier(Identifiers.parts(qa.$table().getQualifiedName()));
                return columns(i, inner);
            }
            Field<?> field = item instanceof QOM.FieldAlias<?> fa ? fa.$field() : (Field<?>) item;
            String name = item instanceof QOM.FieldAlias<?> fa ? Identifiers.fold(fa.$alias())
                    : field instanceof TableField<?, ?> tf ? Identifiers.fold(tf.getUnqualifiedName()) : null;
            return List.of(new Item(name, Inliner.render(field, this::substitute), field instanceof TableField<?, ?>));
        }

        private List<Item> columns(int i, Select<?> inner) {
            if (i < 0 || original.get(i).columns() == null) {
                throw Unsupported.of(Reason.SUBQUERY, inner, "a subquery in FROM with * over a table expression");
            }
            return original.get(i).columns().stream()
                    .map(c -> new Item(c, SqlNames.quote(renamed.get(i).alias()) + "." + SqlNames.quote(c), true))
                    .toList();
        }
    }

    /** The first join of a FROM tree whose merged columns are not its left side's: RIGHT or FULL with USING. */
    private static @Nullable Table<?> mergesFromTheRight(Table<?> table) {
        if (table instanceof QOM.NaturalRightJoin<?> || table instanceof QOM.NaturalFullJoin<?>
                || (table instanceof QOM.RightJoin<?> || table instanceof QOM.FullJoin<?>)
                        && !((QOM.QualifiedJoin<?, ?>) table).$using().isEmpty()) {
            return table;
        }
        if (table instanceof QOM.JoinTable<?, ?> join) {
            Table<?> left = mergesFromTheRight(join.$table1());
            return left != null ? left : mergesFromTheRight(join.$table2());
        }
        return null;
    }

    private static boolean mergesColumns(Table<?> table) {
        if (table instanceof QOM.NaturalJoin<?> || table instanceof QOM.NaturalLeftJoin<?>
                || table instanceof QOM.NaturalRightJoin<?> || table instanceof QOM.NaturalFullJoin<?>) {
            return true;
        }
        if (table instanceof QOM.JoinTable<?, ?> join) {
            return (join instanceof QOM.QualifiedJoin<?, ?> q && !q.$using().isEmpty())
                    || mergesColumns(join.$table1()) || mergesColumns(join.$table2());
        }
        return false;
    }

    /** The outer query: its FROM written anew, its references to flattened derived tables replaced. */
    private final class Outer {
        private final List<Leaf> leaves;
        private final List<Flat> flats;

        Outer(List<Leaf> leaves, List<Flat> flats) {
            this.leaves = leaves;
            this.flats = flats;
        }

        private @Nullable Flat flatOf(Table<?> table) {
            return flats.stream().filter(f -> f.leaf().table() == table).findFirst().orElse(null);
        }

        private @Nullable Leaf leafOf(Table<?> table) {
            return leaves.stream().filter(l -> l.table() == table).findFirst().orElse(null);
        }

        /**
         * Writes a FROM item; the conditions of flattened derived tables that may move above it go to {@code
         * pending}, the others into the {@code ON} of the outer join whose nullable side holds them.
         */
        String from(Table<?> table, boolean nullable, List<Condition> pending) {
            if (table instanceof QOM.JoinTable<?, ?> join && !(join instanceof QOM.NaturalJoin<?>)) {
                return join(join, nullable, pending);
            }
            Flat flat = flatOf(table);
            if (flat != null) {
                if (nullable && flat.subqueries()) {
                    throw Unsupported.of(Reason.SUBQUERY, table, "a subquery in FROM with a subquery in its WHERE on"
                            + " the nullable side of an outer join");
                }
                if (nullable && !flat.items().stream().allMatch(Item::plain)) {
                    throw Unsupported.of(Reason.SUBQUERY, table, "a subquery in FROM on the nullable side of an outer"
                            + " join whose columns are not all plain column references");
                }
                if (flat.where() != null) {
                    pending.add(DSL.condition(DSL.raw("(" + flat.where() + ")")));
                }
                return flat.from();
            }
            Leaf leaf = leafOf(table);
            if (leaf != null && leaf.derived() != null) {
                // kept: a view as a derived table with its columns; a derived table as it was, its query rewritten
                String columns = leaf.derived().columnList() == null ? "" : leaf.derived().columnList().stream()
                        .map(SqlNames::quote).collect(Collectors.joining(", ", "(", ")"));
                return "(" + Inliner.render(leaf.derived().select(), (p, q, n) -> null) + ") AS "
                        + SqlNames.quote(leaf.alias()) + columns;
            }
            if (table instanceof QOM.JoinTable<?, ?> && flats.stream().anyMatch(f -> contains(table, f.leaf()))) {
                throw Unsupported.of(Reason.SUBQUERY, table, "a subquery in FROM under a NATURAL JOIN");
            }
            return Inliner.render(table, this::substitute);
        }

        private boolean contains(Table<?> tree, Leaf leaf) {
            if (tree == leaf.table()) {
                return true;
            }
            return tree instanceof QOM.JoinTable<?, ?> j
                    && (contains(j.$table1(), leaf) || contains(j.$table2(), leaf));
        }

        private String join(QOM.JoinTable<?, ?> join, boolean nullable, List<Condition> pending) {
            if (join instanceof QOM.QualifiedJoin<?, ?> q && !q.$using().isEmpty()
                    && flats.stream().anyMatch(f -> contains(join, f.leaf()))) {
                // flattened, the subquery's columns are its tables' columns: USING (k) would then name a column of
                // those tables (one the subquery renamed, or did not select), not the subquery's k
                throw Unsupported.of(Reason.SUBQUERY, join, "a subquery in FROM joined with JOIN ... USING");
            }
            boolean keepsLeft = join instanceof QOM.LeftJoin<?> || join instanceof QOM.FullJoin<?>;
            boolean keepsRight = join instanceof QOM.RightJoin<?> || join instanceof QOM.FullJoin<?>;
            List<Condition> left = new ArrayList<>();
            List<Condition> right = new ArrayList<>();
            String l = from(join.$table1(), nullable || keepsRight, left);
            String r = from(join.$table2(), nullable || keepsLeft, right);
            List<Condition> on = new ArrayList<>();
            if (join instanceof QOM.QualifiedJoin<?, ?> q && q.$on() != null) {
                on.add(DSL.condition(DSL.raw("(" + Inliner.render(q.$on(), this::substitute) + ")")));
            }
            if (join instanceof QOM.FullJoin<?> && !(left.isEmpty() && right.isEmpty())) {
                throw Unsupported.of(Reason.SUBQUERY, join, "a subquery in FROM with WHERE under a FULL JOIN");
            }
            (keepsRight ? on : pending).addAll(left);
            (keepsLeft ? on : pending).addAll(right);
            String keyword = join instanceof QOM.LeftJoin<?> ? "LEFT JOIN" : join instanceof QOM.RightJoin<?>
                    ? "RIGHT JOIN" : join instanceof QOM.FullJoin<?> ? "FULL JOIN"
                    : join instanceof QOM.CrossJoin<?> ? "CROSS JOIN" : join instanceof QOM.Join<?> ? "JOIN" : null;
            if (keyword == null) {
                throw Unsupported.of(Reason.JOIN_TYPE, join, "this join of a subquery in FROM");
            }
            String condition;
            if (join instanceof QOM.QualifiedJoin<?, ?> q && !q.$using().isEmpty()) {
                condition = " USING (" + q.$using().stream().map(f -> SqlNames.quote(Identifiers.fold(
                        f.getUnqualifiedName()))).collect(Collectors.joining(", ")) + ")";
            } else if (on.isEmpty()) {
                condition = join instanceof QOM.CrossJoin<?> ? "" : " ON true";
            } else {
                if (join instanceof QOM.CrossJoin<?>) {
                    keyword = "JOIN";
                }
                condition = " ON " + Inliner.render(DSL.and(on), (p, q, n) -> null);
            }
            return "(" + l + " " + keyword + " " + r + condition + ")";
        }

        /** Expands {@code *} and {@code s.*} of the select list where they cover a flattened derived table. */
        SelectFieldOrAsterisk star(SelectFieldOrAsterisk item, Select<?> select) {
            if (item instanceof QualifiedAsterisk qa) {
                List<String> q = Identifiers.parts(qa.$table().getQualifiedName());
                Flat flat = flats.stream().filter(f -> q.size() == 1 && f.leaf().alias().equals(q.get(0)))
                        .findFirst().orElse(null);
                return flat == null ? item : list(flat.items());
            }
            if (!(item instanceof Asterisk)) {
                return item;
            }
            if (select.$from().stream().anyMatch(Flattener::mergesColumns)) {
                throw Unsupported.of(Reason.SUBQUERY, select, "* over a subquery in FROM and JOIN ... USING");
            }
            List<String> stars = new ArrayList<>();
            for (Leaf l : leaves) {
                Flat flat = flats.stream().filter(f -> f.leaf() == l).findFirst().orElse(null);
                if (flat != null) {
                    stars.add(flat.items().stream().map(this::aliased).collect(Collectors.joining(", ")));
                } else {
                    stars.add(SqlNames.quote(l.alias()) + ".*");
                }
            }
            return DSL.field(DSL.raw(String.join(", ", stars)));
        }

        private Field<?> list(List<Item> items) {
            return DSL.field(DSL.raw(items.stream().map(this::aliased).collect(Collectors.joining(", "))));
        }

        private String aliased(Item i) {
            return "(" + i.sql() + ")" + (i.name() == null ? "" : " AS " + SqlNames.quote(i.name()));
        }

        /** Replaces references to flattened derived tables; qualifies the bare names of the outer query. */
        @Nullable QueryPart substitute(QueryPart part, @Nullable QueryPart parent, boolean nested) {
            if (nested || !(part instanceof TableField<?, ?> field)) {
                return null;
            }
            List<String> parts = Identifiers.parts(field.getQualifiedName());
            String column = parts.get(parts.size() - 1);
            if (parts.size() == 2) {
                for (Flat f : flats) {
                    if (f.leaf().alias().equals(parts.get(0))) {
                        return expression(f, column, field);
                    }
                }
                return null;
            }
            if (parts.size() != 1) {
                return null;
            }
            List<Leaf> owners = new ArrayList<>();
            for (Leaf l : leaves) {
                Flat f = flats.stream().filter(x -> x.leaf() == l).findFirst().orElse(null);
                boolean has = f != null ? f.items().stream().anyMatch(i -> column.equals(i.name()))
                        : l.columns() != null && l.columns().contains(column);
                if (has) {
                    owners.add(l);
                }
            }
            if (owners.size() != 1) {
                return null;
            }
            Flat f = flats.stream().filter(x -> x.leaf() == owners.get(0)).findFirst().orElse(null);
            return f != null ? expression(f, column, field) : DSL.field(DSL.name(owners.get(0).alias(), column));
        }

        private QueryPart expression(Flat f, String column, QueryPart reference) {
            List<Item> found = f.items().stream().filter(i -> column.equals(i.name())).toList();
            if (found.size() != 1) {
                throw Unsupported.of(Reason.OTHER, reference, found.isEmpty()
                        ? "a reference to a column of a subquery in FROM without a name (give it an alias)"
                        : "an ambiguous reference to a column of a subquery in FROM");
            }
            return DSL.field(DSL.raw("(" + found.get(0).sql() + ")"));
        }
    }
}

package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.OuterJoin;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.plan.SemiJoin;
import dev.trickle.jooq.plan.Top;
import dev.trickle.jooq.sql.SqlNames;
import dev.trickle.jooq.plan.ColumnRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Asterisk;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QualifiedAsterisk;
import org.jooq.Select;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;
import org.jspecify.annotations.Nullable;

/**
 * Translates a parsed {@code SELECT} into trickle's plan: {@code FROM} and joins into {@link Scan}s, {@link
 * InnerJoin}s and {@link OuterJoin}s, {@code WHERE} into a {@link Filter}, the select list into a {@link Project},
 * or, with aggregates, {@code GROUP BY} or {@code DISTINCT}, into an {@link dev.trickle.jooq.plan.Aggregate} (see
 * {@link AggregateTranslator}); {@code UNION}, {@code INTERSECT} and {@code EXCEPT} into a {@link
 * dev.trickle.jooq.plan.UnionAll} of the branches (see {@link SetOperationTranslator}). Throws {@link dev.trickle.UnsupportedQueryException} naming the first construct
 * outside that set.
 */
public final class SelectTranslator {
    /** More joined tables than this are refused: see {@code docs/operators.md}. */
    static final int MAX_TABLES = 32;

    /** The most delta terms a body may expand into: as many as the two-input rule gives an inner join of 8 tables. */
    static final long MAX_TERMS = 255;

    private SelectTranslator() {}

    /**
     * Counts the terms of a body's delta as the delta rules expand it: a join of {@code p} and {@code q} terms has
     * {@code p + q + pq}, and an outer join {@code p + 2} more per kept side (padding a chain of left joins triples
     * the count with each table); a semi join has {@code p + 2} terms, a mark join {@code p + 4} per mark, counted
     * with the right's terms their probes repeat. An inner join of {@link InnerJoin#LINEAR_RULE_INPUTS} inputs or more ({@link InnerJoin#flatten}) is
     * computed level by level, {@code 2p + 1} terms per input of {@code p} terms (its change joined to the inputs
     * after it and to their change, its post-state joined to their change).
     */
    static long deltaTerms(Body op) {
        if (op instanceof Scan || op instanceof GroupedBody) {
            return 1;
        }
        if (op instanceof Filter f) {
            return deltaTerms(f.input());
        }
        List<Body> inputs = op instanceof InnerJoin j ? j.flatten().inputs() : List.of();
        if (inputs.size() >= InnerJoin.LINEAR_RULE_INPUTS) {
            long terms = 0;
            for (Body input : inputs) {
                terms += 2 * deltaTerms(input) + 1;
            }
            return terms;
        }
        long p = deltaTerms(op.inputs().get(0));
        if (op instanceof SemiJoin s) {
            long q = 0;
            for (SemiJoin.Mark m : s.marks()) {
                q += deltaTerms(m.right());
            }
            // p probed terms and, per mark, two of the left's post-state (four when the condition reads more than the
            // mark), each probe reading the right's q terms once or twice
            long flips = s.single() != null ? 2 : 4L * s.marks().size();
            return p * (1 + q) + flips * (1 + 2 * q);
        }
        long q = deltaTerms(op.inputs().get(1));
        long terms = p + q + p * q;
        if (op instanceof OuterJoin j) {
            terms += (j.kind().keepsLeft() ? p + 2 : 0) + (j.kind().keepsRight() ? q + 2 : 0);
        }
        return terms;
    }

    /**
     * What the translator needs besides the query.
     *
     * @param select the parsed query
     * @param relations the relations the query reads, by their name as written (folded parts)
     * @param outputNames the query's output column names, as the server named them
     * @param volatileFunctions names of volatile functions the query calls
     * @param otherAggregates names of aggregate functions the query calls other than count, sum and avg
     * @param setReturningFunctions names of set-returning functions the query calls
     * @param views the parsed definitions of the views the query reads, by OID, to expand ({@link Inliner}); a view
     *     without one is refused as a source
     * @param outputTypes the query's output column types, as the server describes them, or empty if unknown (a set
     *     operation casts its branches' items to them)
     */
    public record Input(
            Select<?> select,
            Map<List<String>, SourceRelation> relations,
            List<String> outputNames,
            Set<String> volatileFunctions,
            Set<String> otherAggregates,
            Set<String> setReturningFunctions,
            Map<Long, Select<?>> views,
            List<String> outputTypes) {

        /**
         * An input for a query that reads no view, without output types.
         *
         * @param select the parsed query
         * @param relations the relations the query reads, by their name as written (folded parts)
         * @param outputNames the query's output column names, as the server named them
         * @param volatileFunctions names of volatile functions the query calls
         * @param otherAggregates names of aggregate functions the query calls other than count, sum and avg
         * @param setReturningFunctions names of set-returning functions the query calls
         */
        public Input(Select<?> select, Map<List<String>, SourceRelation> relations, List<String> outputNames,
                Set<String> volatileFunctions, Set<String> otherAggregates, Set<String> setReturningFunctions) {
            this(select, relations, outputNames, volatileFunctions, otherAggregates, setReturningFunctions, Map.of(),
                    List.of());
        }

        /**
         * The same input for another query (a branch of a set operation).
         *
         * @param branch the query
         * @return the input
         */
        Input withSelect(Select<?> branch) {
            return new Input(branch, relations, outputNames, volatileFunctions, otherAggregates,
                    setReturningFunctions, views, outputTypes);
        }

        /**
         * An input for a query that calls no set-returning function.
         *
         * @param select the parsed query
         * @param relations the relations the query reads, by their name as written (folded parts)
         * @param outputNames the query's output column names, as the server named them
         * @param volatileFunctions names of volatile functions the query calls
         * @param otherAggregates names of aggregate functions the query calls other than count, sum and avg
         */
        public Input(Select<?> select, Map<List<String>, SourceRelation> relations, List<String> outputNames,
                Set<String> volatileFunctions, Set<String> otherAggregates) {
            this(select, relations, outputNames, volatileFunctions, otherAggregates, Set.of(), Map.of(), List.of());
        }
    }

    /**
     * Translates a query.
     *
     * @param in the query and what the database says about it
     * @return the plan
     * @throws dev.trickle.UnsupportedQueryException if the query uses a construct outside the differential set
     */
    public static Plan translate(Input in) {
        Select<?> select = Inliner.inline(in.select(), in.relations(), in.views());
        SetOperations.Tree tree = SetOperations.of(select);
        if (tree instanceof SetOperations.Combine) {
            return SetOperationTranslator.translate(in.withSelect(select), tree);
        }
        QueryShape.check(select);
        if (!in.volatileFunctions().isEmpty()) {
            throw Unsupported.of(Reason.VOLATILE_FUNCTION, String.join(", ", in.volatileFunctions()),
                    "a volatile function");
        }
        AggregateTranslator.checkNames(in.otherAggregates());
        Scope scope = new Scope();
        List<Condition> conditions = new ArrayList<>();
        Body from = null;
        List<StarColumn> star = new ArrayList<>();
        for (Table<?> table : select.$from()) {
            FromItem item = table(table, in.relations(), scope, conditions);
            from = from == null ? item.body() : new InnerJoin(from, item.body(), DSL.noCondition());
            star.addAll(item.columns());
        }
        if (in.outputNames().isEmpty()) {
            // jOOQ reads SELECT FROM t as a column named FROM under the alias t, without a FROM clause
            throw Unsupported.of(Reason.OTHER, select, "a select list without columns");
        }
        if (from == null) {
            throw Unsupported.of(Reason.TABLE_EXPRESSION, select, "a query without FROM");
        }
        Subqueries.Scalars scalars = Subqueries.scalars(select, from, in.relations(), scope);
        from = scalars.body();
        // after FROM, whose table functions are refused as such
        if (!in.setReturningFunctions().isEmpty()) {
            // each call may give several rows per input row, which would share one row identity
            throw Unsupported.of(Reason.TABLE_EXPRESSION, String.join(", ", in.setReturningFunctions()),
                    "a set-returning function in the select list");
        }
        if (scope.entries().size() > MAX_TABLES) {
            throw Unsupported.of(Reason.TOO_MANY_JOINS, select, "a join of more than " + MAX_TABLES + " tables");
        }
        if (deltaTerms(from) > MAX_TERMS) {
            throw Unsupported.of(Reason.TOO_MANY_JOINS, select, "outer joins whose change expands into more than "
                    + MAX_TERMS + " terms");
        }
        for (Condition c : conditions) {
            scope.resolveAll(c, Set.of());
        }
        Body input = select.$where() == null ? from
                : SemiJoinTranslator.where(from, select.$where(), scope, in.relations());
        List<Field<?>> items = selectItems(select, scope, star, in.outputNames());
        boolean aggregate = !select.$groupBy().isEmpty() || select.$having() != null
                || AggregateTranslator.hasAggregates(items);
        if (aggregate && select.$distinct()) {
            throw Unsupported.of(Reason.DISTINCT, select, "SELECT DISTINCT over grouped rows");
        }
        Top root = aggregate
                ? AggregateTranslator.translate(select, input, items, in.outputNames(), scope, scalars.groupKeys())
                : select.$distinct() ? AggregateTranslator.distinct(input, items, in.outputNames(), scope)
                : project(input, items, in.outputNames(), scope);
        finish(scope);
        Plan plan = new Plan(withColumns(root, scope), scope.resolver());
        return new Plan(TopKTranslator.wrap(select, plan.root(), plan.scans()), plan.columns());
    }

    /** Marks the key columns of every table of a scope as read, once every expression is resolved. */
    static void finish(Scope scope) {
        for (Scope.Entry e : scope.entries()) {
            keyOf(e).forEach(k -> scope.use(e.alias(), k));
            if (Scan.keyless(e.relation()) && e.used().isEmpty()) {
                // rows identified by content need one column in the change buffer, so that it holds a row per row
                scope.use(e.alias(), e.relation().columns().get(0).name());
            }
        }
    }

    /** Translates one FROM item of a nested select ({@link Subqueries}). */
    static Body body(
            Table<?> table, Map<List<String>, SourceRelation> relations, Scope scope, List<Condition> conditions) {
        return table(table, relations, scope, conditions).body();
    }

    private static Top project(Body input, List<Field<?>> items, List<String> names, Scope scope) {
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            scope.resolveAll(items.get(i), Set.of());
            outputs.add(new OutputColumnExpr(names.get(i), items.get(i)));
        }
        return new Project(input, outputs);
    }

    /**
     * A column of a FROM item as {@code *} lists it.
     *
     * @param name its name
     * @param refs the scan column it reads, or the columns whose {@code coalesce} it is (merged by a {@code FULL JOIN
     *     ... USING}), in order
     */
    record StarColumn(String name, List<ColumnRef> refs) {
        StarColumn {
            refs = List.copyOf(refs);
        }
    }

    /**
     * A translated FROM item.
     *
     * @param body its operator
     * @param columns its columns as {@code *} lists them: a join's merged columns once, first
     * @param aliases the aliases of its tables
     */
    record FromItem(Body body, List<StarColumn> columns, Set<String> aliases) {}

    /** Translates one FROM item; join conditions are collected to be resolved once every alias is known. */
    static FromItem table(
            Table<?> table, Map<List<String>, SourceRelation> relations, Scope scope, List<Condition> conditions) {
        if (table instanceof QOM.Join<?> join) {
            FromItem left = table(join.$table1(), relations, scope, conditions);
            FromItem right = table(join.$table2(), relations, scope, conditions);
            if (!join.$using().isEmpty()) {
                List<String> names = join.$using().stream()
                        .map(f -> Identifiers.fold(f.getUnqualifiedName())).toList();
                return merged(table, left, right, names, scope, conditions, null);
            }
            Condition on = join.$on() == null ? DSL.noCondition() : join.$on();
            conditions.add(on);
            return joined(new InnerJoin(left.body(), right.body(), on), left, right);
        }
        OuterJoin.Kind naturalOuter = naturalOuterKind(table);
        if (table instanceof QOM.NaturalJoin<?> || naturalOuter != null) {
            QOM.JoinTable<?, ?> natural = (QOM.JoinTable<?, ?>) table;
            FromItem left = table(natural.$table1(), relations, scope, conditions);
            FromItem right = table(natural.$table2(), relations, scope, conditions);
            Set<String> rightNames = new HashSet<>(right.columns().stream().map(StarColumn::name).toList());
            List<String> common = left.columns().stream().map(StarColumn::name).filter(rightNames::contains)
                    .distinct().toList();
            return merged(table, left, right, common, scope, conditions, naturalOuter);
        }
        if (table instanceof QOM.CrossJoin<?> cross) {
            FromItem left = table(cross.$table1(), relations, scope, conditions);
            FromItem right = table(cross.$table2(), relations, scope, conditions);
            return joined(new InnerJoin(left.body(), right.body(), DSL.noCondition()), left, right);
        }
        OuterJoin.Kind outer = outerKind(table);
        if (outer != null) {
            QOM.QualifiedJoin<?, ?> join = (QOM.QualifiedJoin<?, ?>) table;
            FromItem left = table(join.$table1(), relations, scope, conditions);
            FromItem right = table(join.$table2(), relations, scope, conditions);
            if (!join.$using().isEmpty()) {
                List<String> names = join.$using().stream()
                        .map(f -> Identifiers.fold(f.getUnqualifiedName())).toList();
                return merged(table, left, right, names, scope, conditions, outer);
            }
            Condition on = join.$on() == null ? DSL.noCondition() : join.$on();
            conditions.add(on);
            return joined(new OuterJoin(left.body(), right.body(), on, outer), left, right);
        }
        if (table instanceof QOM.JoinTable<?, ?>) {
            String kind = table.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase();
            throw Unsupported.of(Reason.JOIN_TYPE, table, "a " + kind);
        }
        Scan scan;
        if (table instanceof QOM.TableAlias<?> alias) {
            if (!(alias.$table() instanceof TableImpl<?>)) {
                if (alias.$table() instanceof QOM.DerivedTable<?> derived) {
                    // what the rewrite left a derived table (see Flattener): a grouped one is a grouped relation
                    String why = Flattener.whyKept(derived.$arg1());
                    if (why != null && why.equals(Flattener.GROUPED)) {
                        GroupedBody grouped = Subqueries.derived(alias, derived.$arg1(), relations, scope);
                        return new FromItem(grouped, starColumns(scope.entry(grouped.alias()).relation(),
                                grouped.alias()), Set.of(grouped.alias()));
                    }
                    // a derived table to flatten is left only in a subquery's FROM, which the rewrite does not enter
                    throw Unsupported.of(Reason.SUBQUERY, table, why == null
                            ? "a subquery in FROM without GROUP BY or aggregates inside a subquery" : why);
                }
                throw Unsupported.of(Reason.TABLE_EXPRESSION, table, tableExpression(alias.$table()));
            }
            scan = scan(alias.$table(), Identifiers.fold(alias.$alias()), true, relations, scope);
        } else if (table instanceof TableImpl<?>) {
            List<String> parts = Identifiers.parts(table.getQualifiedName());
            scan = scan(table, parts.get(parts.size() - 1), false, relations, scope);
        } else {
            throw Unsupported.of(Reason.TABLE_EXPRESSION, table, tableExpression(table));
        }
        return new FromItem(scan, starColumns(scan.relation(), scan.alias()), Set.of(scan.alias()));
    }

    /** Names a FROM item that is no table: a set-returning function, {@code VALUES}, or another expression. */
    private static String tableExpression(Table<?> table) {
        if (table instanceof QOM.GenerateSeries<?>) {
            return "the set-returning function generate_series in FROM";
        }
        if (table.getClass().getSimpleName().equals("ArrayTable")) {
            return "the set-returning function unnest in FROM";
        }
        if (table instanceof QOM.Values<?>) {
            return "VALUES in FROM";
        }
        return "a table expression in FROM";
    }

    /**
     * Translates {@code JOIN ... USING (names)} and {@code NATURAL JOIN} (whose names are those both sides have) as
     * a join on the equality of each pair of columns. Each pair is merged into one column, which {@code *} lists first
     * and a bare reference to the name means: the left one in an inner join (equal to the right one) and in a {@code
     * LEFT} join (never NULL-padded), the right one in a {@code RIGHT} join, and {@code coalesce(left, right)} in a
     * {@code FULL} join, as in PostgreSQL (qualified names still read each side). A side's column may itself be merged
     * (a join of joins {@code USING} the same name): the equality and the merge read it as an expression.
     *
     * @param outer the kind of outer join, or {@code null} for an inner join
     */
    private static FromItem merged(Table<?> join, FromItem left, FromItem right, List<String> names, Scope scope,
            List<Condition> conditions, OuterJoin.@Nullable Kind outer) {
        List<Condition> pairs = new ArrayList<>();
        List<StarColumn> columns = new ArrayList<>();
        Set<String> aliases = new HashSet<>(left.aliases());
        aliases.addAll(right.aliases());
        for (String name : names) {
            List<ColumnRef> l = only(join, left, name, "left");
            List<ColumnRef> r = only(join, right, name, "right");
            pairs.add(scope.field(l).eq(scope.field(r)));
            List<ColumnRef> kept = new ArrayList<>();
            if (outer != OuterJoin.Kind.RIGHT) {
                kept.addAll(l);
            }
            if (outer == OuterJoin.Kind.RIGHT || outer == OuterJoin.Kind.FULL) {
                kept.addAll(r);
            }
            columns.add(new StarColumn(name, kept));
            scope.merge(name, new Scope.Merge(kept, aliases));
        }
        left.columns().stream().filter(c -> !names.contains(c.name())).forEach(columns::add);
        right.columns().stream().filter(c -> !names.contains(c.name())).forEach(columns::add);
        Condition on = DSL.and(pairs);
        conditions.add(on);
        Body body = outer == null ? new InnerJoin(left.body(), right.body(), on)
                : new OuterJoin(left.body(), right.body(), on, outer);
        return new FromItem(body, columns, aliases);
    }

    /** An inner join of two items: the left's columns, then the right's. */
    private static FromItem joined(Body join, FromItem left, FromItem right) {
        List<StarColumn> columns = new ArrayList<>(left.columns());
        columns.addAll(right.columns());
        Set<String> aliases = new HashSet<>(left.aliases());
        aliases.addAll(right.aliases());
        return new FromItem(join, columns, aliases);
    }

    /** The one column of a join side with that name, as {@code USING} requires. */
    private static List<ColumnRef> only(Table<?> join, FromItem side, String name, String which) {
        List<StarColumn> found = side.columns().stream().filter(c -> c.name().equals(name)).toList();
        if (found.size() != 1) {
            throw Unsupported.of(Reason.JOIN_CONDITION, join, "a join column that the " + which + " side has "
                    + (found.isEmpty() ? "not" : found.size() + " times"));
        }
        return found.get(0).refs();
    }

    private static OuterJoin.@Nullable Kind naturalOuterKind(Table<?> table) {
        if (table instanceof QOM.NaturalLeftJoin<?>) {
            return OuterJoin.Kind.LEFT;
        }
        if (table instanceof QOM.NaturalRightJoin<?>) {
            return OuterJoin.Kind.RIGHT;
        }
        return table instanceof QOM.NaturalFullJoin<?> ? OuterJoin.Kind.FULL : null;
    }

    private static OuterJoin.@Nullable Kind outerKind(Table<?> table) {
        if (table instanceof QOM.LeftJoin<?>) {
            return OuterJoin.Kind.LEFT;
        }
        if (table instanceof QOM.RightJoin<?>) {
            return OuterJoin.Kind.RIGHT;
        }
        return table instanceof QOM.FullJoin<?> ? OuterJoin.Kind.FULL : null;
    }

    private static Scan scan(Table<?> table, String alias, boolean aliased,
            Map<List<String>, SourceRelation> relations, Scope scope) {
        SourceRelation relation = relations.get(Identifiers.parts(table.getQualifiedName()));
        if (relation == null) {
            throw Unsupported.of(Reason.OTHER, table, "a table the database did not describe");
        }
        if (relation.kind() != SourceRelation.Kind.TABLE && relation.kind() != SourceRelation.Kind.STREAM_TABLE) {
            String kind = relation.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            throw Unsupported.of(Reason.SOURCE_KIND, table, "reading " + (kind.startsWith("u") ? "an " : "a ") + kind
                    + (relation.kind() == SourceRelation.Kind.UNLOGGED_TABLE
                            ? " (a crash empties it without notice, so its changes cannot be captured)" : ""));
        }
        if (Scan.keyless(relation) && relation.columns().isEmpty()) {
            throw Unsupported.of(Reason.NO_PRIMARY_KEY, table, "a table without a key and without columns");
        }
        Scope.Entry entry = scope.add(alias, relation, aliased, table);
        // columns and key are filled in by withColumns once every expression is resolved
        return new Scan(relation, entry.alias(), List.of(), keyOf(entry));
    }

    private static List<String> keyOf(Scope.Entry e) {
        return e.relation().kind() == SourceRelation.Kind.STREAM_TABLE
                ? List.of(SqlNames.ROW_ID)
                : e.relation().primaryKey();
    }

    /**
     * Expands {@code *} (the FROM clause's columns, those a join merged once) and {@code t.*} (every column of
     * {@code t}); unwraps aliases (output names come from the server).
     */
    private static List<Field<?>> selectItems(Select<?> select, Scope scope, List<StarColumn> star,
            List<String> names) {
        List<Field<?>> items = new ArrayList<>();
        for (SelectFieldOrAsterisk item : select.$select()) {
            if (item instanceof Asterisk) {
                star.forEach(c -> items.add(scope.field(c.refs())));
            } else if (item instanceof QualifiedAsterisk qa) {
                List<String> q = Identifiers.parts(qa.$table().getQualifiedName());
                Scope.Entry e = scope.entry(q.get(q.size() - 1));
                if (e == null) {
                    throw Unsupported.of(Reason.OTHER, qa, "a qualified * that names no table of the FROM clause");
                }
                starColumns(e.relation(), e.alias()).forEach(c -> items.add(scope.field(c.refs())));
            } else if (item instanceof QOM.FieldAlias<?> alias) {
                items.add(alias.$field());
            } else if (item instanceof Field<?> field) {
                items.add(field);
            } else {
                throw Unsupported.of(Reason.OTHER, item, "this select item");
            }
        }
        if (items.size() != names.size()) {
            throw Unsupported.of(Reason.OTHER, select, "a select list of " + items.size()
                    + " items where the server sees " + names.size() + " columns");
        }
        return items;
    }

    /** The columns of a table as {@code *} lists them: all of them, but a stream table's bookkeeping columns. */
    private static List<StarColumn> starColumns(SourceRelation relation, String alias) {
        List<StarColumn> columns = new ArrayList<>();
        for (SourceRelation.Column c : relation.columns()) {
            if (relation.kind() != SourceRelation.Kind.STREAM_TABLE || !SqlNames.isReserved(c.name())) {
                columns.add(new StarColumn(c.name(), List.of(new ColumnRef(alias, c.name()))));
            }
        }
        return columns;
    }

    /** Rebuilds the tree with each scan's read columns, known only after every expression is resolved. */
    private static Top withColumns(Top op, Scope scope) {
        return op.withInput(ColumnFiller.fill(op.input(), scope));
    }
}

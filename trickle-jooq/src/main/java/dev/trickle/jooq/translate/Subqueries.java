package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.ColumnRef;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.OuterJoin;
import dev.trickle.jooq.plan.Traversal;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.VisitContext;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jspecify.annotations.Nullable;

/**
 * Translates the aggregates inside a query's body into {@link GroupedBody} relations: a derived table with {@code
 * GROUP BY} or aggregates in {@code FROM}, and scalar subqueries in {@code WHERE}, {@code HAVING} and the select list.
 * An uncorrelated scalar subquery is a cross join with its one-row aggregate; one correlated by equalities of inner
 * and outer expressions is a LEFT JOIN with its aggregate grouped by the inner sides, where an outer row without a
 * match reads the value of the aggregate over no rows ({@code COUNT} 0, other calls NULL). Anything else refuses
 * with {@link Reason#SUBQUERY}.
 */
final class Subqueries {
    /** Column names of a scalar subquery's grouped relation: its value and its correlation keys. */
    private static final String VALUE = SqlNames.RESERVED_PREFIX + "v";
    private static final String KEY = SqlNames.RESERVED_PREFIX + "k";
    /** Column name prefix of the grouped relation of an {@code EXISTS} or {@code IN} subquery. */
    private static final String COLUMN = SqlNames.RESERVED_PREFIX + "c";

    private Subqueries() {}

    /**
     * The body of a nested select: its FROM and the conjuncts of its WHERE that read only its own tables, with the
     * equalities that correlate it to the outer query.
     *
     * @param body the FROM under the inner filter
     * @param scope the nested select's own scope
     * @param inner the inner side of each correlating equality
     * @param outer the outer side of each, in the same order
     */
    record Nested(Body body, Scope scope, List<Field<?>> inner, List<Field<?>> outer) {}

    /**
     * Translates the FROM and WHERE of a nested select in its own scope. A conjunct of its WHERE that reads a column
     * the nested select's tables do not have reads the outer query: it must be an equality between an expression of
     * the nested select and one of the outer query (allowed when {@code uncorrelated} is {@code null}), else it is
     * refused, as {@code uncorrelated} names it if given.
     */
    static Nested nested(Select<?> select, Map<List<String>, SourceRelation> relations,
            @Nullable String uncorrelated) {
        boolean correlated = uncorrelated == null;
        QueryShape.check(select);
        refuseNested(select);
        Scope scope = new Scope();
        List<Condition> conditions = new ArrayList<>();
        Body from = null;
        for (Table<?> table : select.$from()) {
            Body item = SelectTranslator.body(table, relations, scope, conditions);
            from = from == null ? item : new InnerJoin(from, item, DSL.noCondition());
        }
        if (from == null) {
            throw Unsupported.of(Reason.SUBQUERY, select, "a subquery without FROM");
        }
        for (Condition c : conditions) {
            scope.resolveAll(c, Set.of());
        }
        List<Condition> own = new ArrayList<>();
        List<Field<?>> inner = new ArrayList<>();
        List<Field<?>> outer = new ArrayList<>();
        if (select.$where() != null) {
            for (Condition c : conjuncts(select.$where())) {
                if (scope.resolves(c)) {
                    scope.resolveAll(c, Set.of());
                    own.add(c);
                    continue;
                }
                if (correlated && c instanceof QOM.Eq<?> eq) {
                    Field<?> a = eq.$arg1();
                    Field<?> b = eq.$arg2();
                    if (readsOwn(a, scope) && !readsOwn(b, scope) && scope.resolves(a)) {
                        inner.add(a);
                        outer.add(b);
                        continue;
                    }
                    if (readsOwn(b, scope) && !readsOwn(a, scope) && scope.resolves(b)) {
                        inner.add(b);
                        outer.add(a);
                        continue;
                    }
                }
                throw Unsupported.of(Reason.SUBQUERY, c, correlated
                        ? "a correlated subquery whose correlation is not an equality of an inner and an outer"
                                + " expression"
                        : uncorrelated);
            }
        }
        inner.forEach(f -> scope.resolveAll(f, Set.of()));
        Body body = own.isEmpty() ? from : new Filter(from, DSL.and(own));
        return new Nested(body, scope, inner, outer);
    }

    /**
     * Refuses a subquery nested in a nested select, but for the derived tables of its {@code FROM}: each is translated
     * on its own ({@link #derived}), a grouped one as a grouped relation in the nested select's body (a grouped
     * relation over a body that holds a grouped relation, such as TPC-H Q15's {@code (SELECT max(total_revenue) FROM
     * revenue0)}), which refuses, in turn, what it holds that it does not cover.
     */
    private static void refuseNested(Select<?> select) {
        Set<Select<?>> derived = Collections.newSetFromMap(new IdentityHashMap<>());
        select.$from().forEach(t -> derivedTables(t, derived));
        int[] inside = {0};
        Traversal.walk(select, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart part = context.queryPart();
                if (inside[0] > 0 || derived.contains(part)) {
                    inside[0]++;
                    return;
                }
                if (part instanceof Select<?> inner && inner != select) {
                    throw Unsupported.of(Reason.SUBQUERY, select, "a subquery inside a subquery");
                }
            }

            @Override
            public void leave(VisitContext context) {
                inside[0] = Math.max(0, inside[0] - 1);
            }
        });
    }

    /** The queries of the derived tables of a FROM item, joins entered. */
    private static void derivedTables(Table<?> table, Set<Select<?>> out) {
        if (table instanceof QOM.JoinTable<?, ?> join) {
            derivedTables(join.$table1(), out);
            derivedTables(join.$table2(), out);
        } else if (table instanceof QOM.TableAlias<?> alias && alias.$table() instanceof QOM.DerivedTable<?> d) {
            out.add(d.$arg1());
        }
    }

    /**
     * Translates {@code (SELECT ... GROUP BY ...) AS alias(names)} into a grouped relation and registers it in the
     * outer scope under its alias; a derived table without aggregation is refused (it is flattened before
     * translation, if at all).
     */
    static GroupedBody derived(QOM.TableAlias<?> alias, Select<?> select, Map<List<String>, SourceRelation> relations,
            Scope outer) {
        List<Field<?>> items = items(select);
        if (select.$groupBy().isEmpty() && select.$having() == null && !AggregateTranslator.hasAggregates(items)) {
            throw Unsupported.of(Reason.SUBQUERY, alias, "a subquery in FROM");
        }
        if (select.$distinct()) {
            throw Unsupported.of(Reason.DISTINCT, select, "SELECT DISTINCT over grouped rows in a subquery");
        }
        String name = Identifiers.fold(alias.$alias());
        List<String> names = new ArrayList<>();
        for (Field<?> f : alias.fields()) {
            names.add(f.getName());
        }
        if (names.size() != items.size()) {
            throw Unsupported.of(Reason.SUBQUERY, alias, "a subquery in FROM whose columns could not be named");
        }
        // GROUP BY reads the select list's own names; the relation's columns are named by the alias's list
        List<String> own = ownNames(select);
        Nested nested = nested(select, relations, "a subquery in FROM that reads a column of the outer query");
        Aggregate agg = AggregateTranslator.translate(select, nested.body(), items, own, nested.scope());
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            outputs.add(new OutputColumnExpr(names.get(i), agg.outputs().get(i).expression()));
        }
        return register(outer, alias, name, agg.groupBy(), outputs, agg, nested);
    }

    /**
     * The subquery of an {@code EXISTS} or {@code IN} with {@code GROUP BY}, aggregates or {@code HAVING}: a grouped
     * relation {@code __pgt_in<i>} whose columns {@code __pgt_c1}, ... are its select items.
     *
     * @param body the grouped relation
     * @param columns a reference to each column, in the order of the select list, resolved in the subquery's scope
     */
    record Grouped(GroupedBody body, List<Field<?>> columns) {}

    /**
     * Translates the subquery of an {@code EXISTS} or {@code IN} with {@code GROUP BY}, aggregates or {@code HAVING}
     * into a grouped relation registered in the subquery's scope; a correlated one is refused.
     *
     * @param select the subquery
     * @param relations the relations the query reads
     * @param scope the subquery's scope (a child of the enclosing query's)
     */
    static Grouped semiJoined(Select<?> select, Map<List<String>, SourceRelation> relations, Scope scope) {
        List<Field<?>> items = items(select);
        List<String> own = ownNames(select);
        Nested nested = nested(select, relations, "a correlated EXISTS or IN subquery with GROUP BY, aggregates or"
                + " HAVING");
        Aggregate agg = AggregateTranslator.translate(select, nested.body(), items, own, nested.scope());
        String alias = SqlNames.RESERVED_PREFIX + "in" + (scope.entries().size() + 1);
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            outputs.add(new OutputColumnExpr(COLUMN + (i + 1), agg.outputs().get(i).expression()));
        }
        GroupedBody grouped = register(scope, select, alias, agg.groupBy(), outputs, agg, nested);
        List<Field<?>> columns = new ArrayList<>();
        for (OutputColumnExpr o : outputs) {
            Field<Object> column = DSL.field(DSL.name(alias, o.name()));
            scope.register(column, alias, o.name());
            columns.add(column);
        }
        return new Grouped(grouped, columns);
    }

    /**
     * The scalar subqueries of a query joined to its FROM, each the column {@code __pgt_v} of a grouped relation
     * {@code __pgt_sq<i>}, and the subqueries that the select list or {@code HAVING} of an aggregate query reads (they
     * become group keys: their value is the same on every row).
     *
     * @param body the FROM with the scalar subqueries' relations joined
     * @param groupKeys the scalar subqueries an aggregate must also group by
     */
    record Scalars(Body body, List<Field<?>> groupKeys) {}

    static Scalars scalars(Select<?> select, Body from, Map<List<String>, SourceRelation> relations, Scope scope) {
        List<QueryPart> inWhere = select.$where() == null ? List.of() : scalarsIn(select.$where());
        List<QueryPart> inOutputs = new ArrayList<>();
        for (SelectFieldOrAsterisk item : select.$select()) {
            inOutputs.addAll(scalarsIn(item));
        }
        if (select.$having() != null) {
            inOutputs.addAll(scalarsIn(select.$having()));
        }
        int all = scalarsIn(select).size();
        if (all != inWhere.size() + inOutputs.size()) {
            throw Unsupported.of(Reason.SUBQUERY, select, "a scalar subquery outside WHERE, HAVING and the select"
                    + " list");
        }
        Body body = from;
        List<QueryPart> everything = new ArrayList<>(inWhere);
        everything.addAll(inOutputs);
        for (QueryPart part : everything) {
            body = scalar((QOM.ScalarSubquery<?>) part, body, relations, scope);
        }
        List<Field<?>> keys = new ArrayList<>();
        inOutputs.forEach(p -> keys.add((Field<?>) p));
        return new Scalars(body, keys);
    }

    private static Body scalar(QOM.ScalarSubquery<?> part, Body from, Map<List<String>, SourceRelation> relations,
            Scope scope) {
        Select<?> select = part.$arg1();
        List<Field<?>> items = items(select);
        if (items.size() != 1 || !AggregateTranslator.hasAggregates(items)) {
            throw Unsupported.of(Reason.SUBQUERY, part, "a scalar subquery without an aggregate");
        }
        if (!select.$groupBy().isEmpty() || select.$having() != null || select.$distinct()) {
            throw Unsupported.of(Reason.SUBQUERY, part, "a scalar subquery with GROUP BY, HAVING or DISTINCT");
        }
        Nested nested = nested(select, relations, null);
        Aggregate agg = AggregateTranslator.translate(select, nested.body(), items, List.of(VALUE), nested.scope());
        String alias = SqlNames.RESERVED_PREFIX + "sq" + (scope.entries().size() + 1);
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int i = 0; i < nested.inner().size(); i++) {
            outputs.add(new OutputColumnExpr(KEY + (i + 1), nested.inner().get(i)));
        }
        outputs.addAll(agg.outputs());
        GroupedBody grouped = register(scope, part, alias, nested.inner(), outputs, agg, nested);
        if (nested.inner().isEmpty()) {
            scope.substitute(part, new ColumnRef(alias, VALUE), null);
            return new InnerJoin(from, grouped, DSL.noCondition());
        }
        List<Condition> on = new ArrayList<>();
        for (int i = 0; i < nested.outer().size(); i++) {
            Field<Object> key = DSL.field(DSL.name(alias, KEY + (i + 1)));
            scope.register(key, alias, KEY + (i + 1));
            scope.resolveAll(nested.outer().get(i), Set.of());
            if (!scope.localAliases().containsAll(new Expressions(scope.resolver()).aliases(nested.outer().get(i)))) {
                // the join with its grouped relation is made at this level, which cannot read an enclosing one
                throw Unsupported.of(Reason.SUBQUERY, part, "a scalar subquery correlated to a query enclosing the"
                        + " subquery that holds it");
            }
            on.add(key.eq((Field<Object>) nested.outer().get(i)));
        }
        // an outer row without a match reads the aggregate over no rows: COUNT is 0, the other calls NULL
        Map<QueryPart, String> empty = new IdentityHashMap<>();
        for (QueryPart call : AggregateTranslator.aggregatesIn(items.get(0))) {
            empty.put(call, call instanceof QOM.Count ? "0" : "NULL");
        }
        String none = new Expressions(nested.scope().resolver()).render(items.get(0), empty, Map.of(), null);
        String ref = SqlNames.quote(alias) + ".";
        scope.substitute(part, new ColumnRef(alias, VALUE), "CASE WHEN " + ref + SqlNames.quote(KEY + "1")
                + " IS NULL THEN (" + none + ") ELSE " + ref + SqlNames.quote(VALUE) + " END");
        return new OuterJoin(from, grouped, DSL.and(on), OuterJoin.Kind.LEFT);
    }

    /** Builds the grouped relation and registers it in the outer scope as a relation of its output columns. */
    private static GroupedBody register(Scope outer, QueryPart fragment, String alias, List<Field<?>> groupBy,
            List<OutputColumnExpr> outputs, Aggregate agg, Nested nested) {
        Expressions x = new Expressions(nested.scope().resolver());
        List<String> identity = new ArrayList<>();
        for (Field<?> key : groupBy) {
            String k = x.render(key);
            outputs.stream().filter(o -> x.render(o.expression()).equals(k)).findFirst()
                    .ifPresent(o -> identity.add(o.name()));
        }
        boolean byContent = identity.size() != groupBy.size();
        if (byContent) {
            identity.clear();
            outputs.forEach(o -> identity.add(o.name()));
        }
        SelectTranslator.finish(nested.scope());
        Body input = ColumnFiller.fill(nested.body(), nested.scope());
        checkEquality(input, fragment);
        List<SourceRelation.Column> columns = outputs.stream()
                .map(o -> new SourceRelation.Column(o.name(), "", true)).toList();
        SourceRelation relation = new SourceRelation(0, "", alias, SourceRelation.Kind.OTHER, columns, identity);
        outer.add(alias, relation, true, fragment);
        outer.absorb(nested.scope());
        return new GroupedBody(input, alias, groupBy, outputs, agg.having(), identity, byContent);
    }

    /**
     * Refuses a grouped relation whose input reads a column without an equality operator ({@code json}, {@code
     * point}, ...): the old rows of a group are found by netting rows by content.
     */
    private static void checkEquality(Body op, QueryPart fragment) {
        if (op instanceof dev.trickle.jooq.plan.Scan scan) {
            for (String c : scan.columns()) {
                if (scan.relation().column(c).filter(SourceRelation.Column::hasEquality).isEmpty()) {
                    throw Unsupported.of(Reason.SUBQUERY, fragment, "a grouped subquery that reads a column without"
                            + " an equality operator (" + scan.alias() + "." + c + ")");
                }
            }
        }
        op.inputs().forEach(i -> checkEquality(i, fragment));
    }

    /** The names the select list gives its items, which GROUP BY may read. */
    private static List<String> ownNames(Select<?> select) {
        List<String> own = new ArrayList<>();
        for (SelectFieldOrAsterisk item : select.$select()) {
            own.add(item instanceof QOM.FieldAlias<?> a ? Identifiers.fold(a.$alias()) : ((Field<?>) item).getName());
        }
        return own;
    }

    /** The select items, aliases unwrapped; {@code *} is refused. */
    private static List<Field<?>> items(Select<?> select) {
        List<Field<?>> items = new ArrayList<>();
        for (SelectFieldOrAsterisk item : select.$select()) {
            if (item instanceof QOM.FieldAlias<?> alias) {
                items.add(alias.$field());
            } else if (item instanceof Field<?> field) {
                items.add(field);
            } else {
                throw Unsupported.of(Reason.SUBQUERY, item, "* in a grouped subquery");
            }
        }
        return items;
    }

    /**
     * Whether a part is {@code IN} or {@code NOT IN}, whose subquery jOOQ reads as a scalar subquery although it is
     * not one (a semi-join).
     */
    static boolean inPredicate(@Nullable QueryPart parent) {
        return parent instanceof QOM.In<?> || parent instanceof QOM.NotIn<?>;
    }

    /** The scalar subqueries of an expression, not those nested in another subquery. */
    static List<QueryPart> scalarsIn(QueryPart expression) {
        QueryPart root = expression instanceof QOM.FieldAlias<?> alias ? alias.$field() : expression;
        List<QueryPart> found = new ArrayList<>();
        int[] selects = {0};
        Deque<QueryPart> parents = new ArrayDeque<>();
        Traversal.walk(root, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart part = context.queryPart();
                if (part instanceof QOM.ScalarSubquery<?> && selects[0] == (root instanceof Select<?> ? 1 : 0)
                        && !inPredicate(parents.peek())) {
                    found.add(part);
                }
                if (part instanceof Select<?>) {
                    selects[0]++;
                }
                parents.push(part);
            }

            @Override
            public void leave(VisitContext context) {
                parents.pop();
                if (context.queryPart() instanceof Select<?>) {
                    selects[0]--;
                }
            }
        });
        return found;
    }

    /** Whether an expression reads at least one column, each of the nested select's tables. */
    private static boolean readsOwn(Field<?> f, Scope scope) {
        List<TableField<?, ?>> fields = new ArrayList<>();
        Traversal.walk(f, c -> {
            if (c.queryPart() instanceof TableField<?, ?> t) {
                fields.add(t);
            }
        });
        return !fields.isEmpty() && fields.stream().anyMatch(scope::resolves);
    }

    private static List<Condition> conjuncts(Condition c) {
        if (c instanceof QOM.And and) {
            List<Condition> all = new ArrayList<>(conjuncts(and.$arg1()));
            all.addAll(conjuncts(and.$arg2()));
            return all;
        }
        return Collections.singletonList(c);
    }
}

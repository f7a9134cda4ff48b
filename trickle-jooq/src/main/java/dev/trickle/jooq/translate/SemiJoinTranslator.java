package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.ColumnRef;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.SemiJoin;
import dev.trickle.jooq.plan.Traversal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Comparator;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Row;
import org.jooq.Select;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.VisitContext;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jspecify.annotations.Nullable;

/**
 * Translates the subquery predicates of a {@code WHERE} clause into {@link SemiJoin}s: {@code EXISTS (q)}, {@code x IN
 * (q)}, {@code (x, y) IN (q)}, quantified comparisons and their negations ({@code NOT EXISTS}, {@code NOT IN}, {@code
 * NOT (x IN (q))}). A top-level conjunct that is one of them is a semi or anti join; a conjunct in which they stand
 * under {@code AND}, {@code OR} and {@code NOT} is a mark join with a mark per predicate, matching by the predicate's
 * polarity in the conjunct ({@link #markJoin}). The subquery's {@code FROM} and {@code WHERE} become the right input; its conditions that
 * read the enclosing query (correlation) become the match condition, with {@code x = y} for {@code IN}. {@code x NOT
 * IN (q)} keeps a row when no row of {@code q} has {@code x = y OR x IS NULL OR y IS NULL}: an empty {@code q} keeps
 * every row, NULL {@code x} included, and a NULL in {@code q} drops every row without an equal one (for which {@code
 * NOT IN} is NULL); the test of a side that is a table's key column, never NULL, is left out. A quantified comparison
 * {@code x op ANY (q)} is a semi join on {@code x op y} ({@code = ANY} is {@code IN}); {@code x op ALL (q)}, which is
 * {@code NOT (x op' ANY (q))} with {@code op'} the inverse comparison, an anti join on {@code x op' y OR x IS NULL OR y
 * IS NULL} ({@code <> ALL} is {@code NOT IN}). A subquery's own {@code WHERE} may hold such predicates again.
 *
 * A subquery with {@code GROUP BY}, aggregates or {@code HAVING} is a grouped relation ({@link Subqueries#semiJoined}),
 * which {@code IN} compares with its columns; the scalar subqueries in a subquery's {@code WHERE} are joined to its
 * {@code FROM} ({@link Subqueries#scalars}), correlated to that subquery only.
 *
 * <p>Refused, naming the construct ({@link Reason#SUBQUERY}): a correlated subquery with {@code GROUP BY}, aggregates
 * or {@code HAVING}; a scalar subquery in a subquery's select list or {@code JOIN ... ON}, or correlated to a query
 * above its own; subqueries with {@code LIMIT}/{@code OFFSET}, {@code DISTINCT ON} or {@code WITH}; a subquery
 * predicate inside an expression, under {@code XOR}, in the select list, {@code JOIN ... ON}, {@code GROUP BY}, {@code
 * HAVING} or {@code ORDER BY}, or under {@code OR}/{@code NOT} in a subquery's {@code WHERE} beside a condition that
 * reads the enclosing query. Other subqueries (scalar, {@code LIKE ANY}) are refused by
 * {@link QueryShape}.
 */
final class SemiJoinTranslator {
    private SemiJoinTranslator() {}

    /**
     * A subquery predicate: {@code EXISTS (query)} without operands; with them, {@code operands op ANY (query)}, of
     * which {@code IN} is {@code = ANY}; negated by {@code anti}. {@code x op ALL (q)} is read as {@code NOT (x op' ANY
     * (q))}, {@code op'} the inverse comparison ({@code < ALL} is {@code NOT >= ANY}): both are true when no row of
     * {@code q} makes {@code x op y} false or NULL.
     *
     * @param query the subquery
     * @param operands the left side of the comparison; empty for {@code EXISTS}
     * @param op the comparison, {@link Comparator#EQUALS} for {@code IN}
     * @param anti whether it is negated
     * @param name the construct as written, for messages
     */
    private record Predicate(Select<?> query, List<Field<?>> operands, Comparator op, boolean anti, String name) {
        static Predicate exists(Select<?> query, boolean anti) {
            return new Predicate(query, List.of(), Comparator.EQUALS, anti, anti ? "NOT EXISTS" : "EXISTS");
        }

        static Predicate in(Select<?> query, List<Field<?>> operands, boolean anti) {
            return new Predicate(query, operands, Comparator.EQUALS, anti, anti ? "NOT IN (subquery)"
                    : "IN (subquery)");
        }

        /** {@code operands op ANY|ALL (query)}, under {@code negated} NOTs. */
        static Predicate quantified(Select<?> query, List<Field<?>> operands, Comparator op, boolean all,
                boolean negated) {
            String name = op.toSQL() + (all ? " ALL" : " ANY") + " (subquery)";
            return new Predicate(query, operands, all ? op.inverse() : op, all != negated, negated ? "NOT " + name
                    : name);
        }
    }

    /**
     * Finds the subqueries a query may hold, those of translatable predicates, at any depth, and refuses the subquery
     * predicates found elsewhere.
     *
     * @param select the query
     * @return the subqueries, by identity
     * @throws dev.trickle.UnsupportedQueryException for an {@code EXISTS} or {@code IN (subquery)} out of place
     */
    static Set<Select<?>> subqueries(Select<?> select) {
        Set<Select<?>> found = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(select, found);
        return found;
    }

    private static void collect(Select<?> select, Set<Select<?>> found) {
        // an alias renders as its name alone: walk what it names
        select.$select().forEach(item -> refuseIn(item instanceof QOM.FieldAlias<?> a ? a.$field() : item,
                "in the select list"));
        select.$from().forEach(table -> refuseIn(table, "in JOIN ... ON"));
        select.$groupBy().forEach(key -> refuseIn(key, "in GROUP BY"));
        if (select.$having() != null) {
            refuseIn(select.$having(), "in HAVING");
        }
        select.$orderBy().forEach(key -> refuseIn(key, "in ORDER BY"));
        if (select.$where() == null) {
            return;
        }
        for (Condition c : Expressions.conjuncts(select.$where())) {
            Compound k = compound(c);
            if (k == null) {
                refuseIn(c, null);
                continue;
            }
            k.rows().forEach(row -> refuseIn(row, null));
            for (Atom a : k.atoms()) {
                found.add(a.predicate().query());
                collect(a.predicate().query(), found);
            }
        }
    }

    /**
     * A {@code WHERE} conjunct that holds subquery predicates under {@code AND}, {@code OR} and {@code NOT}: a mark
     * join's condition.
     *
     * @param keep the conjunct
     * @param atoms its subquery predicates, left to right
     * @param rows its largest parts without one (each refused by {@link #refuseIn} if it holds one deeper inside)
     */
    private record Compound(Condition keep, List<Atom> atoms, List<Condition> rows) {}

    /**
     * A subquery predicate in a conjunct.
     *
     * @param node the predicate's condition, {@code NOT}s around it included
     * @param predicate what it reads
     * @param negative whether the conjunct is true for fewer rows as {@code EXISTS (q)} or {@code x op ANY (q)} inside
     *     it is true for more: under an odd number of {@code NOT}s, its own included
     */
    private record Atom(Condition node, Predicate predicate, boolean negative) {}

    /** Reads a {@code WHERE} conjunct; {@code null} if it holds no subquery predicate under AND, OR and NOT. */
    private static @Nullable Compound compound(Condition c) {
        List<Atom> atoms = new ArrayList<>();
        List<Condition> rows = new ArrayList<>();
        read(c, false, atoms, rows);
        return atoms.isEmpty() ? null : new Compound(c, atoms, rows);
    }

    private static void read(Condition c, boolean negated, List<Atom> atoms, List<Condition> rows) {
        Predicate p = predicate(c);
        if (p != null) {
            atoms.add(new Atom(c, p, negated != p.anti()));
        } else if (c instanceof QOM.And and) {
            read(and.$arg1(), negated, atoms, rows);
            read(and.$arg2(), negated, atoms, rows);
        } else if (c instanceof QOM.Or or) {
            read(or.$arg1(), negated, atoms, rows);
            read(or.$arg2(), negated, atoms, rows);
        } else if (c instanceof QOM.Not not) {
            read(not.$arg1(), !negated, atoms, rows);
        } else {
            rows.add(c);
        }
    }

    /**
     * Refuses the first subquery predicate in a part of a query, outside nested subqueries.
     *
     * @param where where the part is, or {@code null} for a {@code WHERE} conjunct (then its position in it is said)
     */
    private static void refuseIn(QueryPart part, @Nullable String where) {
        Deque<QueryPart> parents = new ArrayDeque<>();
        Traversal.walk(part, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart p = context.queryPart();
                if (p instanceof Condition c && parents.stream().noneMatch(Select.class::isInstance)) {
                    Predicate found = predicate(c);
                    if (found != null) {
                        throw Unsupported.of(Reason.SUBQUERY, c, found.name() + " "
                                + (where != null ? where : position(parents)));
                    }
                }
                parents.push(p);
            }

            @Override
            public void leave(VisitContext context) {
                parents.pop();
            }
        });
    }

    private static String position(Deque<QueryPart> parents) {
        return parents.stream().anyMatch(QOM.Xor.class::isInstance) ? "under XOR" : "inside an expression";
    }

    /**
     * Translates a {@code WHERE} clause over a query level's {@code FROM}: each conjunct with subquery predicates into a
     * mark join (a semi or anti join when the conjunct is one predicate), the other conjuncts into a {@link Filter}
     * under them.
     *
     * @param from the {@code FROM} clause's operator
     * @param where the condition
     * @param scope the query level's tables
     * @param relations the relations the query reads
     * @return the operator
     */
    static Body where(Body from, Condition where, Scope scope, Map<List<String>, SourceRelation> relations) {
        List<Condition> rest = new ArrayList<>();
        List<Compound> compounds = new ArrayList<>();
        for (Condition c : Expressions.conjuncts(where)) {
            Compound k = compound(c);
            if (k == null) {
                rest.add(c);
            } else {
                compounds.add(k);
            }
        }
        if (compounds.isEmpty()) {
            scope.resolveAll(where, Set.of());
            return new Filter(from, where);
        }
        Body body = from;
        if (!rest.isEmpty()) {
            Condition filter = DSL.and(rest);
            scope.resolveAll(filter, Set.of());
            body = new Filter(body, filter);
        }
        for (Compound k : compounds) {
            k.rows().forEach(row -> scope.resolveAll(row, Set.of()));
            body = markJoin(body, k, scope, relations);
        }
        return body;
    }

    /**
     * A subquery's operator, its conditions that read the enclosing query, and what {@code IN} compares its operands
     * with: the select items, or the columns of the grouped relation a subquery with aggregates is.
     */
    private record Level(Body body, List<Condition> correlated, Scope scope, List<Field<?>> items) {}

    /**
     * The mark join of a conjunct: a mark per subquery predicate, matching on the subquery's correlation and the
     * comparison. Inside the conjunct only whether a predicate is true matters where it is positive, only whether it is
     * false where it is negative (SQL's {@code AND}, {@code OR} and {@code NOT} give a true conjunct for a NULL operand
     * only if they give it for both other values), so each mark is two-valued: {@code x op ANY (q)} is whether some
     * {@code x op y} is true where positive, whether some is not false where negative.
     */
    private static SemiJoin markJoin(Body left, Compound k, Scope scope, Map<List<String>, SourceRelation> relations) {
        List<SemiJoin.Mark> marks = new ArrayList<>();
        for (Atom a : k.atoms()) {
            Predicate p = a.predicate();
            Level right = level(p.query(), scope, relations);
            List<Condition> on = new ArrayList<>(right.correlated());
            if (!p.operands().isEmpty()) {
                on.add(comparison(p, right, scope, a.negative()));
            }
            marks.add(new SemiJoin.Mark(right.body(), on.isEmpty() ? DSL.noCondition() : DSL.and(on), a.node(),
                    p.anti()));
        }
        return new SemiJoin(left, marks, k.keep());
    }

    /**
     * The match condition of {@code x op ANY (... y ...)} over a row of the subquery: {@code x op y} when the rows with
     * a match are kept, or, when {@code notFalse}, whether {@code x op y} is not false ({@link #notFalse}): then the
     * rows without a match are those for which the predicate is false, as {@code NOT IN} and {@code ALL} need.
     * Several operands compare as a row: {@code =} column by column, the others as {@code (x, ...) op (y, ...)}.
     */
    private static Condition comparison(Predicate p, Level right, Scope scope, boolean notFalse) {
        refuseStar(p.query());
        List<Field<?>> items = right.items();
        if (items.size() != p.operands().size()) {
            throw Unsupported.of(Reason.SUBQUERY, p.query(), "an " + p.name() + " whose subquery has "
                    + items.size() + " columns for " + p.operands().size() + " operands");
        }
        List<Condition> columns = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            refuseScalar(items.get(i), right.scope());
            scope.resolveAll(p.operands().get(i), Set.of());
            right.scope().resolveAll(items.get(i), Set.of());
        }
        if (items.size() > 1 && p.op() != Comparator.EQUALS) {
            Condition rows = DSL.row(p.operands()).compare(p.op(), DSL.row(items));
            return notFalse ? DSL.field(rows).isDistinctFrom(DSL.inline(false)) : rows;
        }
        for (int i = 0; i < items.size(); i++) {
            @SuppressWarnings("unchecked")
            Field<Object> x = (Field<Object>) p.operands().get(i);
            @SuppressWarnings("unchecked")
            Field<Object> y = (Field<Object>) items.get(i);
            columns.add(notFalse ? notFalse(x, scope, p.op(), y, right.scope()) : x.compare(p.op(), y));
        }
        return DSL.and(columns);
    }

    /**
     * Whether {@code x op y} is not false: {@code x op y OR x IS NULL OR y IS NULL} ({@code NOT IN}'s match), without
     * the test of a side that cannot be NULL (a key column of a table), so that a NOT IN between keys is an equality,
     * which the rule probes by key.
     */
    private static Condition notFalse(Field<Object> x, Scope outer, Comparator op, Field<Object> y, Scope inner) {
        List<Condition> or = new ArrayList<>(List.of(x.compare(op, y)));
        if (!isKey(x, outer)) {
            or.add(x.isNull());
        }
        if (!isKey(y, inner)) {
            or.add(y.isNull());
        }
        return or.size() == 1 ? or.get(0) : DSL.or(or);
    }

    /** Whether a resolved field is a key column of a table, never NULL. */
    private static boolean isKey(Field<?> f, Scope scope) {
        ColumnRef ref = scope.resolver().resolve(f);
        if (ref == null) {
            return false;
        }
        SourceRelation relation = scope.planEntry(ref.alias()).relation();
        return relation.kind() == SourceRelation.Kind.TABLE && relation.primaryKey().contains(ref.column());
    }

    /**
     * Translates a subquery's {@code FROM} and {@code WHERE} in a scope of its own, with the scalar subqueries of its
     * {@code WHERE} joined to its {@code FROM} as at the top level; one with {@code GROUP BY}, aggregates or {@code
     * HAVING} is a grouped relation ({@link Subqueries#semiJoined}).
     */
    private static Level level(Select<?> q, Scope outer, Map<List<String>, SourceRelation> relations) {
        check(q);
        Scope scope = outer.child();
        if (!q.$groupBy().isEmpty() || q.$having() != null || AggregateTranslator.hasAggregates(fields(q))) {
            Subqueries.Grouped grouped = Subqueries.semiJoined(q, relations, scope);
            return new Level(grouped.body(), List.of(), scope, grouped.columns());
        }
        // a scalar subquery of the select list would be read in the match condition: not covered
        q.$select().forEach(item -> refuseScalar(item, scope));
        List<Condition> joinConditions = new ArrayList<>();
        Body from = null;
        for (Table<?> table : q.$from()) {
            Body item = SelectTranslator.table(table, relations, scope, joinConditions).body();
            from = from == null ? item : new InnerJoin(from, item, DSL.noCondition());
        }
        if (from == null) {
            throw Unsupported.of(Reason.SUBQUERY, q, "a subquery without FROM");
        }
        from = Subqueries.scalars(q, from, relations, scope).body();
        for (Condition c : joinConditions) {
            refuseScalar(c, scope);
            scope.resolveAll(c, Set.of());
            if (!local(c, scope)) {
                throw Unsupported.of(Reason.SUBQUERY, c, "a JOIN ... ON in a subquery that reads the enclosing query");
            }
        }
        List<Condition> correlated = new ArrayList<>();
        List<Condition> own = new ArrayList<>();
        List<Compound> compounds = new ArrayList<>();
        for (Condition c : q.$where() == null ? List.<Condition>of() : Expressions.conjuncts(q.$where())) {
            Compound k = compound(c);
            if (k != null) {
                for (Condition row : k.rows()) {
                    refuseScalar(row, scope);
                    scope.resolveAll(row, Set.of());
                    if (!local(row, scope)) {
                        // the mark join's condition is evaluated over the subquery's rows alone
                        throw Unsupported.of(Reason.SUBQUERY, c, k.atoms().get(0).predicate().name()
                                + " beside a condition that reads the enclosing query, in a subquery");
                    }
                }
                compounds.add(k);
                continue;
            }
            refuseScalar(c, scope);
            scope.resolveAll(c, Set.of());
            (local(c, scope) ? own : correlated).add(c);
        }
        Body body = own.isEmpty() ? from : new Filter(from, DSL.and(own));
        for (Compound k : compounds) {
            body = markJoin(body, k, scope, relations);
        }
        return new Level(body, correlated, scope, fields(q));
    }

    /**
     * Refuses a subquery left in a condition or item of a semi join's subquery (a scalar subquery that was not joined
     * to its {@code FROM}: the nested {@code EXISTS}/{@code IN} are taken out before): its tables would be read but
     * not maintained.
     */
    private static void refuseScalar(QueryPart part, Scope scope) {
        QueryPart[] found = new QueryPart[1];
        int[] joined = {0};
        Traversal.walk(part, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart p = context.queryPart();
                if (scope.substituted(p)) {
                    joined[0]++;
                } else if (found[0] == null && joined[0] == 0 && p instanceof Select<?> s && s != part) {
                    found[0] = s;
                }
            }

            @Override
            public void leave(VisitContext context) {
                if (scope.substituted(context.queryPart())) {
                    joined[0]--;
                }
            }
        });
        if (found[0] != null) {
            throw Unsupported.of(Reason.SUBQUERY, found[0], "a scalar subquery in an EXISTS or IN subquery");
        }
    }

    /** Whether a resolved condition reads only its own query level's tables. */
    private static boolean local(Condition c, Scope scope) {
        return scope.localAliases().containsAll(new Expressions(scope.resolver()).aliases(c));
    }

    /** Refuses what a subquery of a semi join cannot hold. */
    private static void check(Select<?> q) {
        String construct = null;
        if (q.$with() != null && !q.$with().$commonTableExpressions().isEmpty()) {
            construct = "a WITH clause";
        } else if (q.$limit() != null || q.$offset() != null) {
            construct = "LIMIT or OFFSET";
        } else if (!q.$distinctOn().isEmpty()) {
            construct = "DISTINCT ON";
        }
        if (construct != null) {
            throw Unsupported.of(Reason.SUBQUERY, q, construct + " in an EXISTS or IN subquery");
        }
    }

    /** Refuses {@code *} in the select list of an {@code IN} subquery. */
    private static void refuseStar(Select<?> q) {
        for (SelectFieldOrAsterisk item : q.$select()) {
            if (!(item instanceof Field<?>)) {
                throw Unsupported.of(Reason.SUBQUERY, q, "an IN (subquery) that selects *");
            }
        }
    }

    private static List<Field<?>> fields(Select<?> q) {
        List<Field<?>> fields = new ArrayList<>();
        for (SelectFieldOrAsterisk item : q.$select()) {
            if (item instanceof QOM.FieldAlias<?> alias) {
                fields.add(alias.$field());
            } else if (item instanceof Field<?> f) {
                fields.add(f);
            }
        }
        return fields;
    }

    /** Reads a subquery predicate, under any number of {@code NOT}s; {@code null} if the condition is none. */
    private static @Nullable Predicate predicate(Condition c) {
        boolean negated = false;
        Condition inner = c;
        while (inner instanceof QOM.Not not) {
            negated = !negated;
            inner = not.$arg1();
        }
        if (inner instanceof QOM.Exists e) {
            return Predicate.exists(e.$query(), negated);
        }
        if (inner instanceof QOM.In<?> in) {
            return Predicate.in(in.$arg2(), List.of(in.$arg1()), negated);
        }
        if (inner instanceof QOM.NotIn<?> in) {
            return Predicate.in(in.$arg2(), List.of(in.$arg1()), !negated);
        }
        Predicate quantified = quantified(inner, negated);
        return quantified != null ? quantified : RowIn.read(inner, negated);
    }

    /** Reads {@code x op ANY (subquery)} or {@code x op ALL (subquery)}; {@code null} for any other condition. */
    private static @Nullable Predicate quantified(Condition c, boolean negated) {
        Comparator op;
        Field<?> x;
        Object q;
        if (c instanceof QOM.EqQuantified<?> e) {
            op = Comparator.EQUALS;
            x = e.$arg1();
            q = e.$arg2();
        } else if (c instanceof QOM.NeQuantified<?> e) {
            op = Comparator.NOT_EQUALS;
            x = e.$arg1();
            q = e.$arg2();
        } else if (c instanceof QOM.LtQuantified<?> e) {
            op = Comparator.LESS;
            x = e.$arg1();
            q = e.$arg2();
        } else if (c instanceof QOM.LeQuantified<?> e) {
            op = Comparator.LESS_OR_EQUAL;
            x = e.$arg1();
            q = e.$arg2();
        } else if (c instanceof QOM.GtQuantified<?> e) {
            op = Comparator.GREATER;
            x = e.$arg1();
            q = e.$arg2();
        } else if (c instanceof QOM.GeQuantified<?> e) {
            op = Comparator.GREATER_OR_EQUAL;
            x = e.$arg1();
            q = e.$arg2();
        } else {
            return null;
        }
        // x op ANY (array) is an ordinary expression
        return q instanceof QOM.QuantifiedSelect<?> s ? Predicate.quantified(s.$query(), List.of(x), op,
                s.$quantifier() == QOM.Quantifier.ALL, negated) : null;
    }

    /**
     * Reads {@code (x, y) [NOT] IN (subquery)}, which jOOQ's model does not expose: its class is package-private and
     * implements no model interface, so its operands are read from its fields (pinned by {@code
     * SemiJoinTranslationTest} to the jOOQ version of the build).
     */
    private static final class RowIn {
        private static final String CLASS = "org.jooq.impl.RowSubqueryCondition";
        private static final Set<Comparator> QUANTIFIED = Set.of(Comparator.EQUALS, Comparator.NOT_EQUALS,
                Comparator.LESS, Comparator.LESS_OR_EQUAL, Comparator.GREATER, Comparator.GREATER_OR_EQUAL);

        private RowIn() {}

        static @Nullable Predicate read(Condition c, boolean negated) {
            if (!c.getClass().getName().equals(CLASS)) {
                return null;
            }
            Object row = field(c, "left");
            Object comparator = field(c, "comparator");
            if (!(row instanceof Row r) || !(comparator instanceof Comparator op)) {
                return null;
            }
            List<Field<?>> operands = List.of(r.fields());
            if (op == Comparator.IN || op == Comparator.NOT_IN) {
                return field(c, "right") instanceof Select<?> s
                        ? Predicate.in(s, operands, negated != (op == Comparator.NOT_IN)) : null;
            }
            if (QUANTIFIED.contains(op) && field(c, "rightQuantified") instanceof QOM.QuantifiedSelect<?> s) {
                return Predicate.quantified(s.$query(), operands, op, s.$quantifier() == QOM.Quantifier.ALL,
                        negated);
            }
            return null;
        }

        private static @Nullable Object field(Object target, String name) {
            try {
                java.lang.reflect.Field f = target.getClass().getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (java.lang.reflect.InaccessibleObjectException e) {
                // the module path, without --add-opens: refused, so AUTO refreshes it in full
                throw Unsupported.of(Reason.SUBQUERY, (QueryPart) target, "(x, y) IN (subquery) on the module path"
                        + " without --add-opens org.jooq/org.jooq.impl=dev.trickle.jooq");
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("internal error: cannot read jOOQ's row IN condition", e);
            }
        }
    }
}

package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.OuterJoin;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.plan.Top;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
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
 * or, with aggregates or {@code GROUP BY}, into an {@link dev.trickle.jooq.plan.Aggregate} (see {@link
 * AggregateTranslator}). Throws
 * {@link dev.trickle.UnsupportedQueryException} naming the first construct outside that set.
 */
public final class SelectTranslator {
    /** More joined tables than this expand into too many delta terms (2^n - 1). */
    static final int MAX_TABLES = 8;

    /** As many delta terms as an inner join of {@link #MAX_TABLES} tables has. */
    static final long MAX_TERMS = (1L << MAX_TABLES) - 1;

    private SelectTranslator() {}

    /**
     * Counts the terms of a body's delta as the delta rules expand it: a join of {@code p} and {@code q} terms has
     * {@code p + q + pq}, and an outer join {@code p + 2} more per kept side (padding a chain of left joins triples
     * the count with each table).
     */
    static long deltaTerms(Body op) {
        if (op instanceof Scan) {
            return 1;
        }
        if (op instanceof Filter f) {
            return deltaTerms(f.input());
        }
        long p = deltaTerms(op.inputs().get(0));
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
     */
    public record Input(
            Select<?> select,
            Map<List<String>, SourceRelation> relations,
            List<String> outputNames,
            Set<String> volatileFunctions,
            Set<String> otherAggregates) {}

    /**
     * Translates a query.
     *
     * @param in the query and what the database says about it
     * @return the plan
     * @throws dev.trickle.UnsupportedQueryException if the query uses a construct outside the differential set
     */
    public static Plan translate(Input in) {
        Select<?> select = in.select();
        QueryShape.check(select);
        if (!in.volatileFunctions().isEmpty()) {
            throw Unsupported.of(Reason.VOLATILE_FUNCTION, String.join(", ", in.volatileFunctions()),
                    "a volatile function");
        }
        if (!in.otherAggregates().isEmpty()) {
            throw Unsupported.of(Reason.AGGREGATE_FUNCTION, String.join(", ", in.otherAggregates()),
                    "an aggregate function other than COUNT, SUM and AVG");
        }
        Scope scope = new Scope();
        List<Condition> conditions = new ArrayList<>();
        Body from = null;
        for (Table<?> table : select.$from()) {
            Body op = table(table, in.relations(), scope, conditions);
            from = from == null ? op : new InnerJoin(from, op, DSL.noCondition());
        }
        if (from == null) {
            throw Unsupported.of(Reason.TABLE_EXPRESSION, select, "a query without FROM");
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
        Body input = from;
        if (select.$where() != null) {
            scope.resolveAll(select.$where(), Set.of());
            input = new Filter(from, select.$where());
        }
        List<Field<?>> items = selectItems(select, scope, in.outputNames());
        boolean aggregate = !select.$groupBy().isEmpty() || AggregateTranslator.hasAggregates(items);
        Top root = aggregate
                ? AggregateTranslator.translate(select, input, items, in.outputNames(), scope)
                : project(input, items, in.outputNames(), scope);
        for (Scope.Entry e : scope.entries()) {
            keyOf(e).forEach(k -> scope.use(e.alias(), k));
        }
        return new Plan(withColumns(root, scope), scope.resolver());
    }

    private static Top project(Body input, List<Field<?>> items, List<String> names, Scope scope) {
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            scope.resolveAll(items.get(i), Set.of());
            outputs.add(new OutputColumnExpr(names.get(i), items.get(i)));
        }
        return new Project(input, outputs);
    }

    /** Translates one FROM item; join conditions are collected to be resolved once every alias is known. */
    private static Body table(
            Table<?> table, Map<List<String>, SourceRelation> relations, Scope scope, List<Condition> conditions) {
        if (table instanceof QOM.Join<?> join) {
            if (!join.$using().isEmpty()) {
                throw Unsupported.of(Reason.JOIN_CONDITION, table, "JOIN ... USING");
            }
            Body left = table(join.$table1(), relations, scope, conditions);
            Body right = table(join.$table2(), relations, scope, conditions);
            Condition on = join.$on() == null ? DSL.noCondition() : join.$on();
            conditions.add(on);
            return new InnerJoin(left, right, on);
        }
        if (table instanceof QOM.CrossJoin<?> cross) {
            Body left = table(cross.$table1(), relations, scope, conditions);
            Body right = table(cross.$table2(), relations, scope, conditions);
            return new InnerJoin(left, right, DSL.noCondition());
        }
        OuterJoin.Kind outer = outerKind(table);
        if (outer != null) {
            QOM.QualifiedJoin<?, ?> join = (QOM.QualifiedJoin<?, ?>) table;
            if (!join.$using().isEmpty()) {
                throw Unsupported.of(Reason.JOIN_CONDITION, table, "an outer JOIN ... USING");
            }
            Body left = table(join.$table1(), relations, scope, conditions);
            Body right = table(join.$table2(), relations, scope, conditions);
            Condition on = join.$on() == null ? DSL.noCondition() : join.$on();
            conditions.add(on);
            return new OuterJoin(left, right, on, outer);
        }
        if (table instanceof QOM.JoinTable<?, ?>) {
            String kind = table.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase();
            throw Unsupported.of(Reason.JOIN_TYPE, table, "a " + kind);
        }
        if (table instanceof QOM.TableAlias<?> alias) {
            if (!(alias.$table() instanceof TableImpl<?>)) {
                Reason reason = alias.$table() instanceof Select<?> || alias.$table().getClass().getSimpleName()
                        .contains("Derived") ? Reason.SUBQUERY : Reason.TABLE_EXPRESSION;
                throw Unsupported.of(reason, table, reason == Reason.SUBQUERY ? "a subquery in FROM"
                        : "a table expression in FROM");
            }
            return scan(alias.$table(), Identifiers.fold(alias.$alias()), true, relations, scope);
        }
        if (table instanceof TableImpl<?>) {
            List<String> parts = Identifiers.parts(table.getQualifiedName());
            return scan(table, parts.get(parts.size() - 1), false, relations, scope);
        }
        throw Unsupported.of(Reason.TABLE_EXPRESSION, table, "a table expression in FROM");
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
        if (relation.kind() == SourceRelation.Kind.TABLE && relation.primaryKey().isEmpty()) {
            throw Unsupported.of(Reason.NO_PRIMARY_KEY, table, "a table without a primary key");
        }
        scope.add(alias, relation, aliased, table);
        // columns and key are filled in by withColumns once every expression is resolved
        return new Scan(relation, alias, List.of(), keyOf(scope.entry(alias)));
    }

    private static List<String> keyOf(Scope.Entry e) {
        return e.relation().kind() == SourceRelation.Kind.STREAM_TABLE
                ? List.of(SqlNames.ROW_ID)
                : e.relation().primaryKey();
    }

    /** Expands {@code *} and {@code t.*}; unwraps aliases (output names come from the server). */
    private static List<Field<?>> selectItems(Select<?> select, Scope scope, List<String> names) {
        List<Field<?>> items = new ArrayList<>();
        for (SelectFieldOrAsterisk item : select.$select()) {
            if (item instanceof Asterisk) {
                for (Scope.Entry e : scope.entries()) {
                    expand(e, scope, items);
                }
            } else if (item instanceof QualifiedAsterisk qa) {
                List<String> q = Identifiers.parts(qa.$table().getQualifiedName());
                Scope.Entry e = scope.entry(q.get(q.size() - 1));
                if (e == null) {
                    throw Unsupported.of(Reason.OTHER, qa, "a qualified * that names no table of the FROM clause");
                }
                expand(e, scope, items);
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

    private static void expand(Scope.Entry e, Scope scope, List<Field<?>> items) {
        for (SourceRelation.Column c : e.relation().columns()) {
            if (e.relation().kind() == SourceRelation.Kind.STREAM_TABLE && SqlNames.isReserved(c.name())) {
                continue;
            }
            Field<?> f = DSL.field(DSL.name(e.alias(), c.name()));
            scope.register(f, e.alias(), c.name());
            items.add(f);
        }
    }

    /** Rebuilds the tree with each scan's read columns, known only after every expression is resolved. */
    private static Top withColumns(Top op, Scope scope) {
        return op.withInput(ColumnFiller.fill(op.input(), scope));
    }
}

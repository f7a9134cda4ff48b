package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.Sql;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Writes a term as a query: its FROM list, its WHERE clause and the weight of its rows. */
final class TermSql {
    /** The weight column of delta relations. */
    static final String WEIGHT = SqlNames.WEIGHT;
    /** Alias prefix of the grouped changes a probe joins to a term ({@link MatchProbeSql#write}). */
    private static final String LOOKUP = SqlNames.RESERVED_PREFIX + "p";

    private TermSql() {}

    /**
     * Writes {@code SELECT items FROM ... WHERE ...} of a term. Post sources are the tables themselves under the
     * query's alias; delta sources are their change relation ({@link ApplyStatement#changesOf}) under the same alias,
     * so the query's expressions apply to both unchanged; padded sources are a row of NULLs under the same alias; the
     * post-state of an outer join is a join tree; the change of a join of three inputs or more is one item that
     * exposes its scans' aliases ({@link JoinChangeSql}). Probes become subqueries ({@link MatchProbeSql}); a probe
     * that reads the change of the matches from the other side's changes grouped by join key joins them to the FROM
     * items, which then are one join tree.
     */
    static org.jooq.Select<?> select(List<? extends SelectField<?>> items, Term term, DeltaContext ctx) {
        List<Condition> hoisted = new ArrayList<>();
        List<Table<?>> from = new ArrayList<>();
        for (From f : term.sources()) {
            from.add(f instanceof GroupedSource g ? GroupedDeltaRule.table(g, term, ctx) : table(f, ctx, hoisted));
        }
        List<Condition> conditions = new ArrayList<>(conditions(term.conditions(), ctx));
        conditions.addAll(hoisted);
        Table<?> joined = null;
        List<KeepTest> keeps = new ArrayList<>();
        String guard = null;
        for (int i = 0; i < term.probes().size(); i++) {
            if (!(term.probes().get(i) instanceof MatchProbe probe)) {
                keeps.add((KeepTest) term.probes().get(i));
                continue;
            }
            MatchProbeSql.Written w = MatchProbeSql.write(probe, ctx, LOOKUP + (i + 1));
            conditions.add(w.condition());
            if (w.lookup() != null && w.on() != null) {
                Table<?> left = joined != null ? joined : crossJoin(from);
                joined = w.inner() ? left.join(w.lookup()).on(w.on()) : left.leftJoin(w.lookup()).on(w.on());
                if (w.matches() != null) {
                    joined = joined.crossJoin(w.matches());
                }
                if (w.inner()) {
                    guard = quote(LOOKUP + (i + 1)) + "." + quote(WEIGHT);
                }
            }
        }
        for (KeepTest k : keeps) {
            Condition c = MatchProbeSql.condition(k, ctx);
            // a condition on the row alone would be evaluated where the row is read, for every row; read with the
            // changed keys joined by a probe (their weight, never NULL there), it is evaluated after that join
            conditions.add(guard == null ? c : DSL.condition(DSL.raw("(CASE WHEN " + guard + " IS NULL THEN NULL ELSE "
                    + Sql.render(c) + " END)")));
        }
        SelectJoinStep<?> select = joined != null ? DSL.select(items).from(joined) : DSL.select(items).from(from);
        return conditions.isEmpty() ? select : select.where(conditions);
    }

    /** The FROM items as one table, for joins whose conditions may read any of them. */
    private static Table<?> crossJoin(List<Table<?>> from) {
        Table<?> t = from.get(0);
        for (int i = 1; i < from.size(); i++) {
            t = t.crossJoin(from.get(i));
        }
        return t;
    }

    private static List<Condition> conditions(List<Condition> conditions, DeltaContext ctx) {
        List<Condition> rendered = new ArrayList<>();
        for (Condition c : conditions) {
            if (!c.equals(DSL.noCondition())) {
                rendered.add(DSL.condition(DSL.raw(ctx.expressions().render(c))));
            }
        }
        return rendered;
    }

    /**
     * Writes one FROM item. A padded scan is {@code (SELECT 1) LEFT JOIN table ON false}: one row, every column of
     * the table NULL and typed as the table types it. Conditions that must apply to the whole term go to {@code
     * hoisted}.
     */
    private static Table<?> table(From item, DeltaContext ctx, List<Condition> hoisted) {
        if (item instanceof JoinedPost j) {
            return joined(j, ctx, hoisted);
        }
        if (item instanceof GroupedSource g) {
            return GroupedDeltaRule.table(g, ctx);
        }
        if (item instanceof UnionRows u) {
            return UnionSql.table(u, ctx);
        }
        if (item instanceof JoinChange j) {
            return JoinChangeSql.table(j, ctx);
        }
        if (item instanceof JoinChange.Level l) {
            return JoinChangeSql.table(l);
        }
        Source s = (Source) item;
        Scan scan = s.scan();
        Table<?> table = Sql.table(DSL.name(scan.relation().schema(), scan.relation().name()), scan.alias());
        return switch (s.version()) {
            case POST -> table;
            case DELTA -> Sql.table(DSL.name(ApplyStatement.changesOf(scan.relation().oid())), scan.alias());
            case NULL -> DSL.select(DSL.inline(1)).asTable(SqlNames.RESERVED_PREFIX + "pad_" + scan.alias())
                    .leftJoin(table).on(DSL.falseCondition());
        };
    }

    /** A side of a join tree: its FROM items joined, and the conditions still to apply to it. */
    private record Side(Table<?> table, List<Condition> conditions) {}

    /**
     * Writes the post-state of an outer join as a join tree. A side of several items is one inner join carrying its
     * conditions; a side of one item passes its conditions on: into the {@code ON} of the side that gets padded, to
     * the whole term for the kept side of a LEFT or RIGHT join, since filtering the kept side before or after the join
     * is the same.
     */
    private static Table<?> joined(JoinedPost j, DeltaContext ctx, List<Condition> hoisted) {
        Side l = side(j.left(), ctx);
        Side r = side(j.right(), ctx);
        List<Condition> on = new ArrayList<>(conditions(List.of(j.on()), ctx));
        switch (j.kind()) {
            case LEFT -> {
                hoisted.addAll(l.conditions());
                on.addAll(r.conditions());
            }
            case RIGHT -> {
                hoisted.addAll(r.conditions());
                on.addAll(l.conditions());
            }
            case FULL -> {
                if (!l.conditions().isEmpty() || !r.conditions().isEmpty()) {
                    throw new IllegalStateException("internal error: a filtered scan under a FULL JOIN");
                }
            }
        }
        Condition onAll = on.isEmpty() ? DSL.trueCondition() : DSL.and(on);
        return switch (j.kind()) {
            case LEFT -> l.table().leftJoin(r.table()).on(onAll);
            case RIGHT -> l.table().rightJoin(r.table()).on(onAll);
            case FULL -> l.table().fullJoin(r.table()).on(onAll);
        };
    }

    private static Side side(Term post, DeltaContext ctx) {
        List<Condition> conditions = new ArrayList<>();
        List<Table<?>> tables = new ArrayList<>();
        for (From f : post.sources()) {
            tables.add(table(f, ctx, conditions));
        }
        conditions.addAll(0, conditions(post.conditions(), ctx));
        // the post-state of a semi join under an outer join: its probe filters its side like any condition
        post.probes().forEach(p -> conditions.add(MatchProbeSql.condition(p, ctx)));
        if (tables.size() == 1) {
            return new Side(tables.get(0), conditions);
        }
        Table<?> t = tables.get(0);
        for (int i = 1; i < tables.size() - 1; i++) {
            t = t.crossJoin(tables.get(i));
        }
        Table<?> last = tables.get(tables.size() - 1);
        return new Side(conditions.isEmpty() ? t.crossJoin(last) : t.join(last).on(DSL.and(conditions)), List.of());
    }

    /**
     * Renders a term as {@code SELECT weight FROM ... WHERE ...}, for reading.
     *
     * @param term the term
     * @param ctx the expression renderer
     * @return its SQL
     */
    static String sql(Term term, DeltaContext ctx) {
        return Sql.render(select(List.of(weight(term).as(WEIGHT)), term, ctx));
    }

    /**
     * Writes the weight of a row of the term: its sign times the weights of its delta sources' rows (a join's change,
     * {@link JoinChange}, among them).
     */
    static Field<?> weight(Term term) {
        List<String> factors = new ArrayList<>();
        for (From f : term.sources()) {
            if (f instanceof Source s && s.version() == Version.DELTA) {
                factors.add(quote(s.scan().alias()) + "." + quote(WEIGHT));
            } else if (f instanceof UnionRows u && u.delta()) {
                factors.add(UnionSql.weight());
            }
            if (f instanceof GroupedSource g && g.version() == Version.DELTA) {
                factors.add(quote(g.grouped().alias()) + "." + quote(WEIGHT));
            }
            if (f instanceof JoinChange j) {
                factors.add(quote(j.alias()) + "." + quote(WEIGHT));
            } else if (f instanceof JoinChange.Level l) {
                factors.add(quote(l.alias()) + "." + quote(WEIGHT));
            }
        }
        String product = factors.isEmpty() ? "1" : String.join(" * ", factors);
        return Sql.raw(term.sign() < 0 ? "-(" + product + ")" : product);
    }

    /**
     * Writes the row identity of a body row: a hash of every leaf's identity ({@link Leaves}), in plan order. A keyed
     * scan adds its key columns, a grouped relation its group keys; a scan of a keyless table (or a grouped relation
     * that does not show its group keys) adds the binary image of the columns it reads ({@link RowIdSql#content}), so
     * that rows equal in those columns share the identity, and their number is a multiplicity.
     */
    static String rowId(List<? extends Body> leaves, DeltaContext ctx) {
        List<String> types = ctx.keyTypes();
        List<String> keys = new ArrayList<>();
        List<String> keyTypes = new ArrayList<>();
        int i = 0;
        for (Body leaf : leaves) {
            List<String> columns = Leaves.identity(leaf);
            List<String> own = types.isEmpty() ? List.of() : types.subList(i, i + columns.size());
            i += columns.size();
            if (Leaves.byContent(leaf)) {
                keys.add(RowIdSql.content(columns, own));
                keyTypes.add("bytea");
            } else {
                keys.addAll(columns);
                keyTypes.addAll(own);
            }
        }
        return RowIdSql.of(keys, types.isEmpty() ? List.of() : keyTypes);
    }

    /** Lists every leaf's identity columns ({@link Leaves#identity}), qualified by its alias, in plan order. */
    static List<String> keys(List<? extends Body> leaves) {
        List<String> keys = new ArrayList<>();
        for (Body leaf : leaves) {
            keys.addAll(Leaves.identity(leaf));
        }
        return keys;
    }

    /**
     * Sums queries with {@code UNION ALL}.
     *
     * @param selects at least one query
     * @return their sum
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static org.jooq.Select<?> unionAll(List<org.jooq.Select<?>> selects) {
        org.jooq.Select all = selects.get(0);
        for (int i = 1; i < selects.size(); i++) {
            all = all.unionAll(selects.get(i));
        }
        return all;
    }
}

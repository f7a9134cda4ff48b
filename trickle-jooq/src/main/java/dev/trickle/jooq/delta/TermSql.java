package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

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

    private TermSql() {}

    /**
     * Writes {@code SELECT items FROM ... WHERE ...} of a term. Post sources are the tables themselves under the
     * query's alias; delta sources are their change relation ({@link ApplyStatement#changesOf}) under the same alias,
     * so the query's expressions apply to both unchanged.
     */
    static org.jooq.Select<?> select(List<? extends SelectField<?>> items, Term term, DeltaContext ctx) {
        List<Table<?>> from = new ArrayList<>();
        for (Source s : term.sources()) {
            Scan scan = s.scan();
            from.add(s.version() == Version.POST
                    ? Sql.table(DSL.name(scan.relation().schema(), scan.relation().name()), scan.alias())
                    : Sql.table(DSL.name(ApplyStatement.changesOf(scan.relation().oid())), scan.alias()));
        }
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : term.conditions()) {
            if (!c.equals(DSL.noCondition())) {
                conditions.add(DSL.condition(DSL.raw(ctx.expressions().render(c))));
            }
        }
        SelectJoinStep<?> select = DSL.select(items).from(from);
        return conditions.isEmpty() ? select : select.where(conditions);
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

    /** Writes the weight of a row of the term: its sign times the weights of its delta sources' rows. */
    static Field<?> weight(Term term) {
        List<String> factors = new ArrayList<>();
        for (Source s : term.sources()) {
            if (s.version() == Version.DELTA) {
                factors.add(quote(s.scan().alias()) + "." + quote(WEIGHT));
            }
        }
        String product = factors.isEmpty() ? "1" : String.join(" * ", factors);
        return Sql.raw(term.sign() < 0 ? "-(" + product + ")" : product);
    }

    /**
     * Writes the row identity of a body row: a hash of every scan's identity, in plan order. A keyed scan adds its key
     * columns; a scan of a keyless table adds the binary image of the columns it reads ({@link RowIdSql#content}), so
     * that rows equal in those columns share the identity, and their number is a multiplicity.
     */
    static String rowId(List<Scan> scans, DeltaContext ctx) {
        List<String> types = ctx.keyTypes();
        List<String> keys = new ArrayList<>();
        List<String> keyTypes = new ArrayList<>();
        int i = 0;
        for (Scan scan : scans) {
            List<String> columns = identity(scan);
            List<String> own = types.isEmpty() ? List.of() : types.subList(i, i + columns.size());
            i += columns.size();
            if (scan.byContent()) {
                keys.add(RowIdSql.content(columns, own));
                keyTypes.add("bytea");
            } else {
                keys.addAll(columns);
                keyTypes.addAll(own);
            }
        }
        return RowIdSql.of(keys, types.isEmpty() ? List.of() : keyTypes);
    }

    /** Lists every scan's identity columns ({@link Scan#identity}), qualified by the scan's alias, in plan order. */
    static List<String> keys(List<Scan> scans) {
        List<String> keys = new ArrayList<>();
        for (Scan scan : scans) {
            keys.addAll(identity(scan));
        }
        return keys;
    }

    private static List<String> identity(Scan scan) {
        return scan.identity().stream().map(k -> quote(scan.alias()) + "." + quote(k)).toList();
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

package dev.trickle.jooq.delta;

import static dev.trickle.jooq.ddl.SqlNames.quote;

import dev.trickle.jooq.ddl.SqlNames;
import dev.trickle.jooq.plan.Scan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Writes the FROM list, the WHERE clause and the weight of a term. */
final class TermSql {
    static final String WEIGHT = quote("__pgt_w");

    private TermSql() {}

    /**
     * Writes {@code FROM ... WHERE ...} of a term. Post sources are the tables themselves under the query's alias;
     * delta sources are the change window of their buffer under the same alias, so the query's expressions apply
     * to both unchanged.
     */
    static String fromWhere(Term term, DeltaContext ctx) {
        String from = term.sources().stream().map(s -> source(s, ctx)).collect(Collectors.joining(",\n       "));
        List<String> conditions = new ArrayList<>();
        for (Condition c : term.conditions()) {
            if (!c.equals(DSL.noCondition())) {
                conditions.add(ctx.expressions().render(c));
            }
        }
        return "  FROM " + from + (conditions.isEmpty() ? "" : "\n WHERE " + String.join("\n   AND ", conditions));
    }

    /** Writes the weight of a row of the term: its sign times the weights of its delta sources' rows. */
    static String weight(Term term) {
        List<String> factors = new ArrayList<>();
        for (Source s : term.sources()) {
            if (s.version() == Version.DELTA) {
                factors.add(quote(s.scan().alias()) + "." + WEIGHT);
            }
        }
        String product = factors.isEmpty() ? "1" : String.join(" * ", factors);
        return term.sign() < 0 ? "-(" + product + ")" : product;
    }

    /** Writes the row identity of a join-and-filter row: a hash of every scan's key, in plan order. */
    static String rowId(List<Scan> scans, DeltaContext ctx) {
        return RowIdSql.of(keys(scans), ctx.keyTypes());
    }

    /** Lists every scan's key columns, qualified by the scan's alias, in plan order. */
    static List<String> keys(List<Scan> scans) {
        List<String> keys = new ArrayList<>();
        for (Scan scan : scans) {
            for (String k : scan.key()) {
                keys.add(quote(scan.alias()) + "." + quote(k));
            }
        }
        return keys;
    }

    private static String source(Source s, DeltaContext ctx) {
        Scan scan = s.scan();
        String alias = quote(scan.alias());
        if (s.version() == Version.POST) {
            return SqlNames.qualified(scan.relation().schema(), scan.relation().name()) + " AS " + alias;
        }
        String columns = scan.columns().stream().map(c -> "b." + quote(c)).collect(Collectors.joining(", "));
        return "(SELECT b." + WEIGHT + (columns.isEmpty() ? "" : ", " + columns) + " FROM "
                + SqlNames.changeBuffer(scan.relation().oid()) + " b WHERE " + ctx.window(scan.relation().oid(), "b")
                + ") AS " + alias;
    }
}

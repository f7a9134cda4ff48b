package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.plan.Top;
import dev.trickle.jooq.plan.TopK;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.impl.QOM;

/**
 * Translates {@code ORDER BY ... LIMIT n [OFFSET m]} into a {@link TopK} over the query's projection or aggregate.
 * Without {@code LIMIT} and {@code OFFSET}, an {@code ORDER BY} orders nothing a table keeps, and is ignored. Refused,
 * each by name ({@link Reason#LIMIT_OFFSET}): {@code OFFSET} without {@code LIMIT}, {@code LIMIT} without {@code ORDER
 * BY} (which rows are kept is not determined), {@code FETCH ... WITH TIES}, {@code PERCENT}, a limit or offset that is
 * not an integer literal (a parameter, an expression), an {@code ORDER BY} item that is not an output column (by
 * name, position or the same expression as a select item), and a projection over a table without a key (its equal
 * rows share one identity, which could not break their ties).
 */
final class TopKTranslator {
    private TopKTranslator() {}

    /**
     * Wraps the query's top operator in a top-k if the query has a {@code LIMIT} or an {@code OFFSET}.
     *
     * @param select the query
     * @param root its projection or aggregate
     * @param scans the scans of the plan
     * @return {@code root}, or a top-k of it
     * @throws dev.trickle.UnsupportedQueryException naming a form of top-k outside the differential set
     */
    static Top wrap(Select<?> select, Top root, List<Scan> scans) {
        if (select.$limit() == null && select.$offset() == null) {
            return root;
        }
        if (select.$limitWithTies()) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select, "FETCH ... WITH TIES");
        }
        if (select.$limitPercent()) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select, "FETCH ... PERCENT");
        }
        if (select.$limit() == null) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select, "OFFSET without LIMIT");
        }
        if (select.$orderBy().isEmpty()) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select,
                    "LIMIT without ORDER BY (which rows it keeps is not determined)");
        }
        long limit = literal(select.$limit(), "LIMIT");
        long offset = select.$offset() == null ? 0 : literal(select.$offset(), "OFFSET");
        if (scans.stream().anyMatch(Scan::byContent) && !(root instanceof dev.trickle.jooq.plan.Aggregate)) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select.$limit(),
                    "ORDER BY ... LIMIT of the rows of a table without a key");
        }
        List<TopK.SortKey> order = new ArrayList<>();
        for (SortField<?> s : select.$orderBy()) {
            boolean desc = s.$sortOrder() == SortOrder.DESC;
            QOM.NullOrdering nulls = s.$nullOrdering();
            boolean nullsFirst = nulls == null ? desc : nulls == QOM.NullOrdering.NULLS_FIRST;
            order.add(new TopK.SortKey(column(s.$field(), root.outputs()), desc, nullsFirst));
        }
        return new TopK((TopK.Inner) root, order, limit, offset);
    }

    /** The value of a {@code LIMIT} or {@code OFFSET} written as an integer literal. */
    private static long literal(Field<? extends Number> f, String clause) {
        if (f instanceof Param<?> p && p.isInline() && p.getValue() == null) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, f, article(clause) + " NULL (no " + clause + ": write none)");
        }
        if (f instanceof Param<?> p && (p.getParamName() != null || p.getValue() == null)) {
            String param = p.getParamName() == null ? "?" : ":" + p.getParamName();
            throw Unsupported.of(Reason.LIMIT_OFFSET, clause.toLowerCase(java.util.Locale.ROOT) + " " + param,
                    article(clause) + " given by a parameter");
        }
        Long value = integer(f);
        if (value == null || value < 0) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, f, article(clause)
                    + " that is not a non-negative integer literal");
        }
        return value;
    }

    /** {@code "a LIMIT"} or {@code "an OFFSET"}. */
    private static String article(String clause) {
        return (clause.startsWith("O") ? "an " : "a ") + clause;
    }

    /** The value of an integer literal, or {@code null} if the field is none. */
    private static Long integer(Field<?> f) {
        if (f instanceof Param<?> p && p.getParamName() == null && p.getValue() instanceof Number n
                && !(n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal)) {
            return n.longValue();
        }
        return null;
    }

    /** The output column an {@code ORDER BY} item names: by name, by position, or as the same expression. */
    private static String column(Field<?> f, List<OutputColumnExpr> outputs) {
        Long position = integer(f);
        if (position != null) {
            if (position < 1 || position > outputs.size()) {
                throw Unsupported.of(Reason.LIMIT_OFFSET, f, "an ORDER BY position outside the select list");
            }
            return outputs.get((int) (position - 1)).name();
        }
        if (f.getQualifiedName().parts().length == 1 && !(f instanceof Param<?>)) {
            String name = Identifiers.fold(f.getQualifiedName());
            List<OutputColumnExpr> named = outputs.stream().filter(o -> o.name().equals(name)).toList();
            if (named.size() > 1) {
                throw Unsupported.of(Reason.LIMIT_OFFSET, f, "an ORDER BY name that several output columns have");
            }
            if (named.size() == 1 && isColumnReference(f)) {
                return name;
            }
        }
        String text = Unsupported.sql(f);
        List<OutputColumnExpr> same = outputs.stream().filter(o -> Unsupported.sql(o.expression()).equals(text))
                .toList();
        if (same.isEmpty()) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, f,
                    "an ORDER BY item that is not an output column (add it to the select list)");
        }
        return same.get(0).name();
    }

    /** Whether a field is a bare name ({@code revenue}, {@code "Revenue"}), not a call or another expression. */
    private static boolean isColumnReference(Field<?> f) {
        String text = Unsupported.sql(f);
        return text.equals(f.getName()) || text.equals('"' + f.getName() + '"');
    }
}

package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.plan.Traversal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.VisitContext;
import org.jooq.WindowDefinition;
import org.jooq.WindowSpecification;
import org.jooq.impl.QOM;

/**
 * Rejects the constructs of a query that the differential operators do not cover yet, with the construct named and
 * its SQL quoted. This walks the query the only general way open-source jOOQ allows: rendering it once with a visit
 * listener. Set operations are split into their branches before ({@link SetOperations}), each branch checked here on
 * its own; a {@code SELECT} rendered directly inside the top-level one would be a set-operation branch that escaped
 * that split, and is refused as one; any other nested {@code SELECT} is a subquery, refused unless it is one of
 * {@code EXISTS} or {@code IN} that {@link SemiJoinTranslator} translates, a scalar subquery or a derived table that
 * {@link Subqueries} translates.
 */
final class QueryShape {
    private QueryShape() {}

    /**
     * Checks a parsed query.
     *
     * @param select the query
     * @throws dev.trickle.UnsupportedQueryException naming the first unsupported construct
     */
    static void check(Select<?> select) {
        if (select.$with() != null && !select.$with().$commonTableExpressions().isEmpty()) {
            throw Unsupported.of(Reason.COMMON_TABLE_EXPRESSION, select, "a WITH clause (common table expression)");
        }
        Set<Select<?>> semiJoins = SemiJoinTranslator.subqueries(select);
        Deque<QueryPart> parents = new ArrayDeque<>();
        int[] derived = {0};
        Traversal.walk(select, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart part = context.queryPart();
                // a derived table the rewrite kept (with aggregates...): the translator names it
                if (derived[0] > 0 || part instanceof Select<?> && parents.peek() instanceof QOM.DerivedTable<?>) {
                    derived[0]++;
                    parents.push(part);
                    return;
                }
                if (part instanceof Select<?> nested && part != select) {
                    if (parents.peek() == select) {
                        throw Unsupported.of(Reason.SET_OPERATION, select, "UNION, INTERSECT or EXCEPT");
                    }
                    if (semiJoins.contains(parents.peek())) {
                        throw Unsupported.of(Reason.SUBQUERY, parents.peek(),
                                "UNION, INTERSECT or EXCEPT in an EXISTS or IN subquery");
                    }
                    if (!semiJoins.contains(nested)) {
                        if (parents.peek() instanceof QOM.DerivedTable<?>
                                || parents.peek() instanceof QOM.ScalarSubquery<?>
                                && !Subqueries.inPredicate(parents.stream().skip(1).findFirst().orElse(null))) {
                            // translated by Subqueries, which refuses the shapes it does not cover
                            parents.push(part);
                            return;
                        }
                        throw Unsupported.of(Reason.SUBQUERY, nested, "a subquery");
                    }
                }
                if (part instanceof WindowSpecification || part instanceof WindowDefinition) {
                    throw Unsupported.of(Reason.WINDOW_FUNCTION, windowCall(parents, part), "a window function");
                }
                checkPart(part);
                parents.push(part);
            }

            @Override
            public void leave(VisitContext context) {
                parents.pop();
                derived[0] = Math.max(0, derived[0] - 1);
            }
        });
        checkClauses(select);
    }

    /** The call a window belongs to: the nearest enclosing field ({@code OVER ()} alone renders as nothing). */
    private static QueryPart windowCall(Deque<QueryPart> parents, QueryPart window) {
        for (QueryPart p : parents) {
            if (p instanceof Field<?> && !(p instanceof QOM.FieldAlias<?>)) {
                return p;
            }
        }
        return window;
    }

    private static void checkPart(QueryPart part) {
        if (part instanceof QOM.Rand) {
            throw Unsupported.of(Reason.VOLATILE_FUNCTION, part, "a volatile function");
        }
        if (part instanceof QOM.CurrentTimestamp<?> || part instanceof QOM.CurrentDate<?>
                || part instanceof QOM.CurrentTime<?>) {
            throw Unsupported.of(Reason.VOLATILE_FUNCTION, part, "a time-dependent function");
        }
        if (part instanceof QOM.Lateral<?>) {
            throw Unsupported.of(Reason.TABLE_EXPRESSION, part, "LATERAL");
        }
        if (part instanceof QOM.GroupingSets || part instanceof QOM.Rollup || part instanceof QOM.Cube) {
            throw Unsupported.of(Reason.GROUPING_SETS, part, "GROUPING SETS, ROLLUP or CUBE");
        }
    }

    private static void checkClauses(Select<?> select) {
        if (!select.$distinctOn().isEmpty()) {
            throw Unsupported.of(Reason.DISTINCT, select, "SELECT DISTINCT ON");
        }
        if (!select.$window().isEmpty() || select.$qualify() != null) {
            throw Unsupported.of(Reason.WINDOW_FUNCTION, select, "a WINDOW or QUALIFY clause");
        }
        if (select.$groupByDistinct()) {
            throw Unsupported.of(Reason.GROUPING_SETS, select, "GROUP BY DISTINCT");
        }
    }
}

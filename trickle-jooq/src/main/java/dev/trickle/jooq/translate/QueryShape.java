package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.plan.Traversal;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * that split, and is refused as one; any other nested {@code SELECT} is a subquery.
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
        Deque<QueryPart> parents = new ArrayDeque<>();
        Traversal.walk(select, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart part = context.queryPart();
                if (part instanceof Select<?> nested && part != select) {
                    if (parents.peek() == select) {
                        throw Unsupported.of(Reason.SET_OPERATION, select, "UNION, INTERSECT or EXCEPT");
                    }
                    throw Unsupported.of(Reason.SUBQUERY, nested, "a subquery");
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
        if (select.$limit() != null || select.$offset() != null) {
            throw Unsupported.of(Reason.LIMIT_OFFSET, select, "LIMIT or OFFSET");
        }
        if (!select.$window().isEmpty() || select.$qualify() != null) {
            throw Unsupported.of(Reason.WINDOW_FUNCTION, select, "a WINDOW or QUALIFY clause");
        }
        if (select.$groupByDistinct()) {
            throw Unsupported.of(Reason.GROUPING_SETS, select, "GROUP BY DISTINCT");
        }
    }
}

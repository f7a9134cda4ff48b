package dev.trickle.jooq;

import dev.trickle.jooq.plan.Traversal;
import dev.trickle.jooq.translate.Identifiers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.CommonTableExpression;
import org.jooq.Field;
import org.jooq.QualifiedAsterisk;
import org.jooq.QueryPart;
import org.jooq.Table;
import org.jooq.VisitContext;
import org.jooq.impl.TableImpl;

/**
 * Finds the relations a parsed query reads, anywhere in it: {@code FROM} lists, joins, subqueries, CTE bodies.
 * jOOQ's open-source model has no traversal API, so this renders the query once with a visit listener, which
 * jOOQ calls for every query part it renders, and keeps the tables that appear as relations (not as the qualifier
 * of a column reference or of {@code t.*}), minus the names that a {@code WITH} clause defines.
 */
final class TableReferences {
    private TableReferences() {}

    /**
     * Lists the relation names a query reads, as written (one or two parts), in order of appearance.
     *
     * @param query the parsed query
     * @return the distinct names
     */
    static List<List<String>> of(QueryPart query) {
        Set<List<String>> tables = new LinkedHashSet<>();
        Set<String> cteNames = new HashSet<>();
        Deque<QueryPart> parents = new ArrayDeque<>();
        Traversal.walk(query, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart part = context.queryPart();
                if (part instanceof CommonTableExpression<?> cte) {
                    cteNames.add(Identifiers.fold(cte.getUnqualifiedName()));
                } else if (part instanceof Table<?> table
                        && isPlainTable(table)
                        && !(parents.peek() instanceof Field<?>)
                        && !(parents.peek() instanceof QualifiedAsterisk)) {
                    tables.add(Identifiers.parts(table.getQualifiedName()));
                }
                parents.push(part);
            }

            @Override
            public void leave(VisitContext context) {
                parents.pop();
            }
        });
        List<List<String>> result = new ArrayList<>();
        for (List<String> t : tables) {
            if (!(t.size() == 1 && cteNames.contains(t.get(0)))) {
                result.add(t);
            }
        }
        return result;
    }

    /** A named table reference, not an alias, join, derived table or table function. */
    private static boolean isPlainTable(Table<?> table) {
        return table instanceof TableImpl<?>;
    }
}

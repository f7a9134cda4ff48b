package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.Traversal;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QualifiedAsterisk;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.VisitContext;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;
import org.jspecify.annotations.Nullable;

/**
 * The rewrite that runs before translation, so that the plan reads base tables only:
 *
 * <ul>
 *   <li>every reference to a non-recursive common table expression becomes its query as a derived table under the
 *       reference's alias (a CTE read twice is two derived tables: the server reads it twice too, as far as results
 *       go, since a stream table's query calls no volatile function; {@code MATERIALIZED} changes no result);
 *   <li>every ordinary view read in {@code FROM} becomes its definition (as the engine read it with {@code
 *       pg_get_viewdef}) as a derived table with the view's column names; views of views in turn;
 *   <li>every derived table without aggregation is flattened into the query that reads it ({@link Flattener}).
 * </ul>
 *
 * <p>jOOQ's open-source model has no {@code $replace}: the rewrite renders the query with a visit listener that
 * substitutes parts as they are rendered, and parses the text again. A query without any of these constructs is
 * returned as it is.
 */
public final class Inliner {
    private static final DSLContext PARSER = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withParseDialect(SQLDialect.POSTGRES)
            .withParseUnknownFunctions(ParseUnknownFunctions.IGNORE)
            .withParseNameCase(ParseNameCase.AS_IS));

    private Inliner() {}

    /**
     * Inlines the CTEs, views and flat derived tables of a query.
     *
     * @param select the parsed query
     * @param relations the relations the query and the views' definitions name, by their name as written
     * @param views the parsed definitions of the views among them, by OID
     * @return the rewritten query
     * @throws dev.trickle.UnsupportedQueryException for {@code WITH RECURSIVE}, a data-modifying CTE, or a derived
     *     table that cannot be flattened where it stands
     */
    public static Select<?> inline(Select<?> select, Map<List<String>, SourceRelation> relations,
            Map<Long, Select<?>> views) {
        return new Flattener(relations, views).flatten(inlineCtes(select));
    }

    /**
     * Inlines the non-recursive CTEs of a query's {@code WITH} clause; needs no catalog, so the compiler lists the
     * relations a query reads from its result, where CTE names are gone.
     *
     * @param select the parsed query
     * @return the query without its {@code WITH} clause, or {@code select} itself if it has none
     * @throws dev.trickle.UnsupportedQueryException for {@code WITH RECURSIVE} or a data-modifying CTE
     */
    public static Select<?> inlineCtes(Select<?> select) {
        QOM.With with = select.$with();
        if (with == null || with.$commonTableExpressions().isEmpty()) {
            return select;
        }
        if (with.$recursive()) {
            throw Unsupported.of(Reason.COMMON_TABLE_EXPRESSION, select, "WITH RECURSIVE");
        }
        Map<String, Body> bodies = new LinkedHashMap<>();
        for (CommonTableExpression<?> cte : with.$commonTableExpressions()) {
            if (!(cte.$query() instanceof Select<?> body)) {
                throw Unsupported.of(Reason.COMMON_TABLE_EXPRESSION, cte.$query(),
                        "a data-modifying statement in WITH");
            }
            String columns = "";
            if (cte.$derivedColumnList() != null && !cte.$derivedColumnList().$columnNames().isEmpty()) {
                columns = cte.$derivedColumnList().$columnNames().stream()
                        .map(n -> SqlNames.quote(Identifiers.fold(n))).collect(Collectors.joining(", ", "(", ")"));
            }
            // a CTE sees the ones before it; its own name, in a non-recursive WITH, is a table's
            String sql = "(" + render(body, cteReferences(Map.copyOf(bodies))) + ")";
            bodies.put(Identifiers.fold(cte.getUnqualifiedName()), new Body(sql, columns));
        }
        refuseShadowing(select, bodies.keySet());
        return reparse(render(select.$with(null), cteReferences(bodies)));
    }

    /** A nested {@code WITH} that defines a name again would see its own CTE where the rewrite puts the outer one. */
    private static void refuseShadowing(Select<?> select, Set<String> names) {
        Traversal.walk(select, context -> {
            if (context.queryPart() instanceof Select<?> nested && nested != select && nested.$with() != null) {
                for (CommonTableExpression<?> cte : nested.$with().$commonTableExpressions()) {
                    if (names.contains(Identifiers.fold(cte.getUnqualifiedName()))) {
                        throw Unsupported.of(Reason.COMMON_TABLE_EXPRESSION, cte, "a CTE name defined again in a"
                                + " nested WITH");
                    }
                }
            }
        });
    }

    /**
     * A CTE as a derived table.
     *
     * @param sql its query, in parentheses
     * @param columns its column list, in parentheses, or empty
     */
    private record Body(String sql, String columns) {
        Table<?> as(String alias) {
            return DSL.table(DSL.raw(sql + " AS " + SqlNames.quote(alias) + columns));
        }
    }

    /** Replaces the FROM items that name a CTE by its body, aliased as the reference was. */
    private static Substitution cteReferences(Map<String, Body> bodies) {
        return (part, parent, nested) -> {
            if (part instanceof QOM.TableAlias<?> alias && cteName(alias.$table(), bodies) != null) {
                return bodies.get(cteName(alias.$table(), bodies)).as(Identifiers.fold(alias.$alias()));
            }
            if (part instanceof Table<?> table && !(parent instanceof QOM.TableAlias<?>)
                    && !(parent instanceof Field<?>) && !(parent instanceof QualifiedAsterisk)) {
                String name = cteName(table, bodies);
                return name == null ? null : bodies.get(name).as(name);
            }
            return null;
        };
    }

    private static @Nullable String cteName(Table<?> table, Map<String, Body> bodies) {
        if (!(table instanceof TableImpl<?>)) {
            return null;
        }
        List<String> parts = Identifiers.parts(table.getQualifiedName());
        return parts.size() == 1 && bodies.containsKey(parts.get(0)) ? parts.get(0) : null;
    }

    /**
     * Parses a rewritten query again.
     *
     * @param sql the text a rewrite rendered
     * @return the query
     * @throws dev.trickle.UnsupportedQueryException if jOOQ's parser does not read it
     */
    static Select<?> reparse(String sql) {
        try {
            return PARSER.parser().parseSelect(sql);
        } catch (DataAccessException e) {
            // jOOQ's parser does not read back what jOOQ rendered: refused, so that AUTO refreshes in full
            throw Unsupported.of(Reason.UNPARSEABLE, sql, "a query whose rewritten text (CTEs, views and subqueries"
                    + " in FROM inlined) Trickle's SQL parser does not read back");
        }
    }

    /** What a rendering substitutes: a part to render instead, or {@code null} to render the part as it is. */
    @FunctionalInterface
    interface Substitution {
        /**
         * Decides for one part.
         *
         * @param part the part about to be rendered
         * @param parent the part it is rendered in, or {@code null} at the root
         * @param nested whether it is inside a {@code SELECT} nested in the root one
         * @return its replacement, or {@code null}
         */
        @Nullable QueryPart apply(QueryPart part, @Nullable QueryPart parent, boolean nested);
    }

    /**
     * Renders a query part as PostgreSQL SQL on one line, with literals inlined and FROM items declared (a table
     * alias rendered alone is {@code t AS a}), substituting parts. A replacement is rendered as it is (its own parts
     * may be substituted in turn); {@code a || b} is written without jOOQ's casts, as {@link Expressions} does.
     *
     * @param root the part
     * @param substitution what to replace
     * @return its SQL
     */
    static String render(QueryPart root, Substitution substitution) {
        Set<QueryPart> replaced = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<QueryPart> parents = new ArrayDeque<>();
        return Traversal.renderDeclared(root, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                QueryPart part = context.queryPart();
                QueryPart parent = parents.peek();
                boolean nested = parents.stream().anyMatch(p -> p instanceof Select<?> && p != root);
                parents.push(part == null ? DSL.noCondition() : part);
                if (part == null || replaced.contains(part)) {
                    return;
                }
                QueryPart with = part instanceof QOM.Concat concat ? Expressions.asWritten(concat)
                        : substitution.apply(part, parent, nested);
                if (with != null && with != part) {
                    replaced.add(with);
                    context.queryPart(with);
                }
            }

            @Override
            public void leave(VisitContext context) {
                parents.pop();
            }
        });
    }
}

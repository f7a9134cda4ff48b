package dev.trickle.jooq.plan;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.TableField;
import org.jooq.VisitContext;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jspecify.annotations.Nullable;

/**
 * Renders a plan's jOOQ expressions as PostgreSQL SQL in canonical form: every column reference becomes {@code
 * "alias"."column"}, exactly spelled, whatever the query wrote ({@code salary}, {@code e.salary}, {@code
 * public.employees.salary}). Optionally replaces query parts, by identity or by their canonical text, while
 * rendering: jOOQ's open-source model has no {@code $replace}, but a visit listener may substitute any part it is
 * about to render.
 */
public final class Expressions {
    private final ColumnResolver columns;

    /**
     * Creates a renderer.
     *
     * @param columns the resolution of the plan's column references
     */
    public Expressions(ColumnResolver columns) {
        this.columns = columns;
    }

    /**
     * Renders an expression canonically.
     *
     * @param expression a field or condition of the plan
     * @return its SQL
     */
    public String render(QueryPart expression) {
        return render(expression, Map.of(), Map.of(), null);
    }

    /**
     * Renders an expression, substituting parts.
     *
     * @param expression a field or condition of the plan
     * @param byIdentity replacement SQL for specific query parts (aggregate calls)
     * @param byText replacement SQL for any part whose canonical SQL is a key (group key expressions)
     * @param leftover called with each column reference, resolved or not, that no substitution covered, or {@code
     *     null}
     * @return its SQL
     */
    public String render(
            QueryPart expression,
            Map<QueryPart, String> byIdentity,
            Map<String, String> byText,
            java.util.function.@Nullable Consumer<QueryPart> leftover) {
        Set<QueryPart> replacements = Collections.newSetFromMap(new IdentityHashMap<>());
        return Traversal.render(expression, context -> {
            QueryPart part = context.queryPart();
            if (part == null || replacements.contains(part)) {
                return;
            }
            String replacement = byIdentity.get(part);
            if (replacement == null && !byText.isEmpty() && part instanceof Field<?>) {
                replacement = byText.get(render(part));
            }
            if (replacement != null) {
                replace(context, DSL.field(DSL.raw(replacement)), replacements);
                return;
            }
            if (part instanceof QOM.Concat concat) {
                replace(context, asWritten(concat), replacements);
                return;
            }
            QueryPart expansion = columns.expansion(part);
            if (expansion != null) {
                // its own column references are visited next, as parts of the expression
                replace(context, expansion, replacements);
                return;
            }
            ColumnRef ref = columns.resolve(part);
            if (leftover != null && (ref != null || part instanceof TableField<?, ?>)) {
                leftover.accept(part);
            }
            if (ref != null) {
                String substitute = columns.substitute(part);
                replace(context, substitute != null ? DSL.field(DSL.raw(substitute))
                        : DSL.field(DSL.name(ref.alias(), ref.column())), replacements);
            }
        });
    }

    /**
     * A renderer of the same expressions with every column read elsewhere.
     *
     * @param move where a column reads instead
     * @return the renderer
     */
    public Expressions moved(java.util.function.UnaryOperator<ColumnRef> move) {
        return new Expressions(columns.moved(move));
    }

    /**
     * Lists the aliases of the scans an expression reads.
     *
     * @param expression a field or condition of the plan
     * @return the aliases, in order of first reference; {@code "?"} stands for a column reference not resolved
     */
    public Set<String> aliases(QueryPart expression) {
        return aliases(expression, Map.of());
    }

    /**
     * Lists the aliases of the scans an expression reads, with some of its parts replaced (and not read).
     *
     * @param expression a field or condition of the plan
     * @param byIdentity replacement SQL for specific query parts
     * @return the aliases, in order of first reference; {@code "?"} stands for a column reference not resolved
     */
    public Set<String> aliases(QueryPart expression, Map<QueryPart, String> byIdentity) {
        Set<String> aliases = new java.util.LinkedHashSet<>();
        render(expression, byIdentity, Map.of(), part -> {
            ColumnRef ref = columns.resolve(part);
            aliases.add(ref == null ? "?" : ref.alias());
        });
        return aliases;
    }

    /**
     * Lists the column references an expression reads, resolved or not, in order (a part read twice is listed twice).
     *
     * @param expression a field or condition of the plan
     * @return the query parts; {@link #resolve} tells the column of each
     */
    public List<QueryPart> references(QueryPart expression) {
        List<QueryPart> parts = new java.util.ArrayList<>();
        render(expression, Map.of(), Map.of(), parts::add);
        return parts;
    }

    /**
     * Looks a column reference up.
     *
     * @param part a query part of a plan expression
     * @return the column it reads, or {@code null} if it is not a resolved column reference
     */
    public @Nullable ColumnRef resolve(QueryPart part) {
        return columns.resolve(part);
    }

    /**
     * Splits a condition into its {@code AND}ed parts, left to right.
     *
     * @param c a condition
     * @return its conjuncts; the condition itself if it is no {@code AND}
     */
    public static List<org.jooq.Condition> conjuncts(org.jooq.Condition c) {
        if (c instanceof QOM.And and) {
            List<org.jooq.Condition> all = new java.util.ArrayList<>(conjuncts(and.$arg1()));
            all.addAll(conjuncts(and.$arg2()));
            return all;
        }
        return List.of(c);
    }

    /**
     * Writes {@code a || b} without the {@code varchar} casts jOOQ adds to every operand, which would turn jsonb and
     * array concatenation into text concatenation; the server resolves the operator as in the defining query. Public
     * for the translator's rewrite, which renders queries too.
     *
     * @param concat the concatenation
     * @return the same operands joined by {@code ||}
     */
    public static Field<?> asWritten(QOM.Concat concat) {
        List<? extends Field<?>> args = concat.$arg1();
        String template = IntStream.range(0, args.size()).mapToObj(i -> "{" + i + "}")
                .collect(Collectors.joining(" || ", "(", ")"));
        return DSL.field(template, args.toArray(new QueryPart[0]));
    }

    private static void replace(VisitContext context, QueryPart with, Set<QueryPart> replacements) {
        replacements.add(with);
        context.queryPart(with);
    }
}

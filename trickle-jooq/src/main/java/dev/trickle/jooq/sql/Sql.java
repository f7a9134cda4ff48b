package dev.trickle.jooq.sql;

import dev.trickle.spi.JooqBanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Renders the compiler's statements through jOOQ's query model, with every name quoted and every value inlined (the
 * statements take no parameters, so the server can plan them once). Expressions of the defining query, already
 * rendered by {@link dev.trickle.jooq.plan.Expressions}, enter as {@link #raw} fields, which jOOQ emits as they are.
 *
 * <p>A statement is a list of common table expressions ({@link Cte}) and a final query. jOOQ renders each part; this
 * class joins them into one {@code WITH}, so that the engine may add CTEs of its own after the apply (see {@link
 * ApplyStatement}).
 */
public final class Sql {
    static {
        JooqBanner.off();
    }

    private static final DSLContext PLAIN = context(false);
    private static final DSLContext FORMATTED = context(true);

    private Sql() {}

    private static DSLContext context(boolean formatted) {
        return DSL.using(SQLDialect.POSTGRES, new Settings()
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
                .withRenderNameCase(RenderNameCase.AS_IS)
                .withRenderKeywordCase(RenderKeywordCase.UPPER)
                .withRenderFormatted(formatted)
                .withRenderPlainSQLTemplatesAsRaw(true));
    }

    /**
     * A common table expression.
     *
     * @param name its name
     * @param materialized whether to write {@code AS MATERIALIZED}: the server then computes it once and never
     *     inlines it
     * @param body its query, a jOOQ query part
     */
    public record Cte(String name, boolean materialized, QueryPart body) {
        /**
         * Checks the components.
         *
         * @param name its name
         * @param materialized whether to write {@code AS MATERIALIZED}
         * @param body its query
         */
        public Cte {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A field whose SQL is given as text: an expression of the defining query rendered canonically, or a call jOOQ
     * does not model. The text is emitted as it is, never parsed for templates or bind markers.
     *
     * @param sql the expression
     * @return the field
     */
    public static Field<Object> raw(String sql) {
        return DSL.field(DSL.raw(sql));
    }

    /**
     * A column of a relation alias.
     *
     * @param alias the relation's alias
     * @param column the column
     * @return {@code "alias"."column"}
     */
    public static Field<Object> col(String alias, String column) {
        return DSL.field(DSL.name(alias, column));
    }

    /**
     * A relation by (qualified) name under an alias.
     *
     * @param name the relation
     * @param alias the alias
     * @return {@code name AS "alias"}
     */
    public static Table<?> table(Name name, String alias) {
        return DSL.table(name).as(alias);
    }

    /**
     * Renders a query part on one line.
     *
     * @param part the part
     * @return its SQL
     */
    public static String render(QueryPart part) {
        return PLAIN.render(part);
    }

    /**
     * Renders a query part indented over several lines, for reading (golden files, logs), never for execution (see
     * {@link #with}).
     *
     * @param part the part
     * @return its SQL
     */
    public static String renderFormatted(QueryPart part) {
        return FORMATTED.render(part);
    }

    /**
     * Joins common table expressions and a final query into one statement.
     *
     * @param ctes the CTEs, in order
     * @param more further CTEs as text ({@code name AS (...)}, comma-separated), or empty
     * @param last the final query
     * @param formatted whether to indent it over several lines, for reading only: jOOQ re-indents the lines of raw
     *     text too, which would change a string literal spanning lines in a defining query, so a statement that is
     *     executed is never formatted
     * @return {@code WITH ... last}
     */
    public static String with(List<Cte> ctes, String more, QueryPart last, boolean formatted) {
        List<String> parts = new ArrayList<>();
        for (Cte cte : ctes) {
            parts.add(SqlNames.quote(cte.name()) + " AS " + (cte.materialized() ? "MATERIALIZED " : "") + "(\n"
                    + (formatted ? renderFormatted(cte.body()) : render(cte.body())) + "\n)");
        }
        if (!more.isBlank()) {
            parts.add(more);
        }
        return (parts.isEmpty() ? "" : "WITH " + String.join(",\n", parts) + "\n") + (formatted ? renderFormatted(last) : render(last));
    }
}

package dev.trickle.jooq.plan;

import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.VisitContext;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultVisitListener;

/**
 * Walks every query part of a jOOQ query or expression. jOOQ's open-source model has no traversal API; rendering
 * calls a visit listener for each part it renders, in order, which is a complete walk.
 */
public final class Traversal {
    private Traversal() {}

    /** Hears each part as the walk enters and leaves it. */
    public interface Visitor {
        /**
         * A part is entered; its children follow.
         *
         * @param context the visit, with {@link VisitContext#queryPart()}
         */
        void enter(VisitContext context);

        /**
         * A part is left.
         *
         * @param context the visit
         */
        default void leave(VisitContext context) {}
    }

    /**
     * Walks a query part.
     *
     * @param root the part to walk
     * @param visitor hears every part
     */
    public static void walk(QueryPart root, Visitor visitor) {
        render(root, visitor);
    }

    /**
     * Walks a query part and returns the SQL the walk rendered, on one line, with literals inlined. A visitor may
     * replace the part it is entered with through {@link VisitContext#queryPart(QueryPart)}.
     *
     * @param root the part to walk
     * @param visitor hears every part
     * @return the rendered SQL
     */
    public static String render(QueryPart root, Visitor visitor) {
        return DSL.using(config(visitor)).renderInlined(root);
    }

    /**
     * Walks a query part as {@link #render} does, rendering FROM items as they are declared: a table alias alone
     * renders as {@code t AS a}, not as {@code a}.
     *
     * @param root the part to walk
     * @param visitor hears every part, and may replace it
     * @return the rendered SQL
     */
    public static String renderDeclared(QueryPart root, Visitor visitor) {
        return DSL.using(config(visitor)).renderContext().declareTables(true).paramType(ParamType.INLINED)
                .visit(root).render();
    }

    private static DefaultConfiguration config(Visitor visitor) {
        DefaultConfiguration config = new DefaultConfiguration();
        config.set(SQLDialect.POSTGRES);
        config.setSettings(new Settings().withRenderFormatted(false));
        config.set(new DefaultVisitListener() {
            @Override
            public void visitStart(VisitContext context) {
                visitor.enter(context);
            }

            @Override
            public void visitEnd(VisitContext context) {
                visitor.leave(context);
            }
        });
        return config;
    }
}

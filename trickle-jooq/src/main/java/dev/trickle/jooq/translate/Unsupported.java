package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/** Builds the messages of {@link UnsupportedQueryException}: the construct, then the offending fragment. */
final class Unsupported {
    private static final int MAX_FRAGMENT = 200;

    private Unsupported() {}

    static UnsupportedQueryException of(Reason reason, QueryPart fragment, String construct) {
        return of(reason, sql(fragment), construct);
    }

    static UnsupportedQueryException of(Reason reason, String fragment, String construct) {
        String shown = fragment.length() <= MAX_FRAGMENT ? fragment : fragment.substring(0, MAX_FRAGMENT - 3) + "...";
        return new UnsupportedQueryException(reason, fragment,
                construct + " cannot be maintained differentially: " + shown);
    }

    static String sql(QueryPart part) {
        // declareTables: a FROM item rendered outside its FROM clause would otherwise be just its alias
        return DSL.using(SQLDialect.POSTGRES).renderContext().declareTables(true).paramType(ParamType.INLINED)
                .visit(part).render().replaceAll("\\s+", " ").strip();
    }
}

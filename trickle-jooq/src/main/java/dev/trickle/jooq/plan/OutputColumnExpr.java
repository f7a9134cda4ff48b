package dev.trickle.jooq.plan;

import java.util.Objects;
import org.jooq.Field;

/**
 * One output column of a plan: its name in the storage table and the expression that computes it.
 *
 * @param name the column name, as the server named the query's output column
 * @param expression the expression, over the operator's input
 */
public record OutputColumnExpr(String name, Field<?> expression) {
    /**
     * Checks the components.
     *
     * @param name the column name, as the server named the query's output column
     * @param expression the expression, over the operator's input
     */
    public OutputColumnExpr {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
    }
}

package dev.trickle.jooq.model;

import java.util.Objects;

/**
 * An output column of a defining query, as PostgreSQL describes it.
 *
 * @param name the column name
 * @param type the type as {@code format_type} spells it, such as {@code numeric(10,2)}
 * @param hasEquality whether the type has an equality operator; values of types without one (such as
 *     {@code json}) are compared as text
 */
public record OutputColumn(String name, String type, boolean hasEquality) {
    /**
     * Checks the components.
     *
     * @param name the column name
     * @param type the type as {@code format_type} spells it, such as {@code numeric(10,2)}
     * @param hasEquality whether the type has an equality operator; values of types without one (such as
     *     {@code json}) are compared as text
     */
    public OutputColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}

package dev.trickle.jooq.plan;

import java.util.Objects;

/**
 * A column reference resolved to the scan it reads: {@code "alias"."column"}, exactly spelled.
 *
 * @param alias the scan's alias
 * @param column the column name
 */
public record ColumnRef(String alias, String column) {
    /**
     * Checks the components.
     *
     * @param alias the scan's alias
     * @param column the column name
     */
    public ColumnRef {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(column, "column");
    }
}

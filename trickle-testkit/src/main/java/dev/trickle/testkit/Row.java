package dev.trickle.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A generated row: column values by name, in the table's column order. Values are {@link Integer}, {@link
 * java.math.BigDecimal}, {@link String} or {@code null}.
 *
 * @param values the values by column name, in column order; {@code null} values are allowed
 */
public record Row(Map<String, @Nullable Object> values) {

    /**
     * Copies the values, keeping their order.
     *
     * @param values the values by column name, in column order; {@code null} values are allowed
     */
    public Row {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /**
     * Returns one value.
     *
     * @param column the column name
     * @return the value, or {@code null} if it is NULL
     * @throws IllegalArgumentException if the row has no such column
     */
    public @Nullable Object get(String column) {
        if (!values.containsKey(column)) {
            throw new IllegalArgumentException("row has no column '" + column + "': " + this);
        }
        return values.get(column);
    }

    /** @return the values as an SQL row constructor, such as {@code (1, 'ab', NULL)} */
    public String sql() {
        return values.values().stream().map(ColumnSpec::literal).collect(Collectors.joining(", ", "(", ")"));
    }

    /** @return the row as {@code (id=1, name='ab', amount=NULL)} */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + ColumnSpec.literal(e.getValue()))
                .collect(Collectors.joining(", ", "(", ")"));
    }
}

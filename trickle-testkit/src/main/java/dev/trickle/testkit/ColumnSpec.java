package dev.trickle.testkit;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import org.jspecify.annotations.Nullable;

/**
 * One column of a {@link TableSpec}: its name, what kind of values it holds and from which small domain, and
 * whether it may be NULL. Small domains are deliberate: they make rows collide on group keys, join keys and filter
 * boundaries, and make non-key values repeat, which is where incremental maintenance goes wrong.
 *
 * @param name the column name: lower case letters, digits and underscores, as PostgreSQL folds unquoted names
 * @param kind what the column holds
 * @param min the smallest value ({@link Kind#KEY}: the smallest id; {@link Kind#TEXT}: ignored)
 * @param max the largest value ({@link Kind#TEXT}: the longest string)
 * @param nullable whether generated values include NULL
 */
public record ColumnSpec(String name, Kind kind, int min, int max, boolean nullable) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** What a column holds, and the SQL type it is created with. */
    public enum Kind {
        /** The primary key: {@code int}, ids from {@code min} to {@code max}. Never NULL. */
        KEY("int"),
        /** An {@code int} from {@code min} to {@code max}: a small domain forces duplicates. */
        INT("int"),
        /**
         * A {@code numeric} without type modifier: a whole or half number from {@code min} to {@code max}, written
         * with 0 to 2 decimals, so that equal values appear with different scales ({@code 2}, {@code 2.0},
         * {@code 2.00}).
         */
        NUMERIC("numeric"),
        /** A {@code text} of up to {@code max} letters from {@code a}, {@code b} and {@code c}; may be empty. */
        TEXT("text");

        private final String sqlType;

        Kind(String sqlType) {
            this.sqlType = sqlType;
        }

        /** @return the SQL type columns of this kind are created with */
        public String sqlType() {
            return sqlType;
        }
    }

    /**
     * Validates the column.
     *
     * @param name the column name: lower case letters, digits and underscores, as PostgreSQL folds unquoted names
     * @param kind what the column holds
     * @param min the smallest value ({@link Kind#KEY}: the smallest id; {@link Kind#TEXT}: ignored)
     * @param max the largest value ({@link Kind#TEXT}: the longest string)
     * @param nullable whether generated values include NULL
     * @throws IllegalArgumentException if the name is not a plain lower-case identifier, {@code min > max}, or a
     *     key column is nullable
     */
    public ColumnSpec {
        Objects.requireNonNull(kind, "kind");
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches() || name.startsWith("__pgt_")) {
            throw new IllegalArgumentException("invalid column name: '" + name + "'");
        }
        if (min > max) {
            throw new IllegalArgumentException("column '" + name + "': min " + min + " is above max " + max);
        }
        if (kind == Kind.KEY && nullable) {
            throw new IllegalArgumentException("key column '" + name + "' cannot be nullable");
        }
        if (kind == Kind.TEXT && min < 0) {
            throw new IllegalArgumentException("text column '" + name + "': negative length " + min);
        }
    }

    /**
     * Returns a copy that may (or may not) be NULL.
     *
     * @param nullable whether values may be NULL
     * @return the copy
     */
    public ColumnSpec withNullable(boolean nullable) {
        return new ColumnSpec(name, kind, min, max, nullable);
    }

    /** @return the column's definition in {@code CREATE TABLE}, such as {@code amount numeric} */
    public String definition() {
        return name + " " + kind.sqlType() + (kind == Kind.KEY ? " PRIMARY KEY" : "");
    }

    /**
     * Generates values of this column: {@link Integer}, {@link BigDecimal} or {@link String}, and {@code null} in
     * about one case of five when the column is nullable. Shrinks towards small values and NULL.
     *
     * @return the arbitrary
     */
    public Arbitrary<@Nullable Object> values() {
        Arbitrary<Object> values = switch (kind) {
            case KEY, INT -> uniform(min, max).map(i -> (Object) i);
            case NUMERIC -> Combinators.combine(
                            uniform(min, max),
                            Arbitraries.of(false, true),
                            Arbitraries.integers().between(0, 2))
                    .as((whole, half, scale) -> (Object) numeric(whole, half, scale));
            case TEXT -> Arbitraries.strings().withChars("abc").ofMinLength(min).ofMaxLength(max).map(s -> (Object) s);
        };
        @SuppressWarnings("unchecked")
        Arbitrary<@Nullable Object> result =
                (Arbitrary<@Nullable Object>) (Arbitrary<?>) (nullable ? values.injectNull(0.2) : values);
        return result;
    }

    /**
     * Generates integers from {@code min} to {@code max}, each about as likely. jqwik's defaults favour values near
     * the shrinking target and inject edge cases ({@code min}, {@code min + 1}, {@code max}) at every level of a
     * combined arbitrary, which in a small domain makes most generated ids the same two; in a small domain every
     * value is an edge case anyway. Shrinks towards {@code min}, or 0 if in range.
     *
     * @param min the smallest value
     * @param max the largest value
     * @return the arbitrary
     */
    static Arbitrary<Integer> uniform(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform()).withoutEdgeCases();
    }

    /** A whole or half number at a scale of 0 to 2; a half needs at least one decimal. */
    private static BigDecimal numeric(int whole, boolean half, int scale) {
        BigDecimal v = BigDecimal.valueOf(whole);
        if (half) {
            v = v.add(new BigDecimal("0.5"));
        }
        return v.setScale(half ? Math.max(1, scale) : scale);
    }

    /**
     * Renders a value of this column as an SQL literal.
     *
     * @param value an {@link Integer}, {@link BigDecimal}, {@link String} or {@code null}
     * @return the literal, such as {@code 3}, {@code 2.50}, {@code 'ab'} or {@code NULL}
     * @throws IllegalArgumentException if the value has another type
     */
    public static String literal(@Nullable Object value) {
        if (value == null) {
            return "NULL";
        } else if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        throw new IllegalArgumentException("unsupported value type " + value.getClass().getName() + ": " + value);
    }
}

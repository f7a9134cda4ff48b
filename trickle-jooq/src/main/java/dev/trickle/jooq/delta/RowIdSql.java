package dev.trickle.jooq.delta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the row identity of a storage row: a 64-bit hash of its key values (source primary keys or group keys).
 * Equal keys must hash alike, as {@code GROUP BY} and primary keys compare them; unequal keys must not, but by chance.
 *
 * <p>PostgreSQL's own hashes serve hash tables, not identities, and lose information for some types: {@code bigint}
 * and the types stored as one (timestamps, {@code time}, {@code money}) fold the value to 32 bits before hashing, so
 * {@code 1} and {@code 4294967296} collide; {@code numeric} ignores the sign, so {@code 2} and {@code -2} collide;
 * {@code interval} folds its span to 32 bits. Such keys hash a lossless form instead: their binary image where
 * equality is identity, whether a {@code numeric} is negative alongside it, the exact span in seconds of an {@code interval}. Every
 * other type hashes as itself.
 */
final class RowIdSql {
    /** A column reference, qualified or not, which needs no parentheses as an operand. */
    private static final Pattern SIMPLE = Pattern.compile("[\\w.\"]+");

    private RowIdSql() {}

    /**
     * Writes the row identity of keys.
     *
     * @param keys the key expressions, in order
     * @param types their base types without modifiers, as {@code format_type} spells them, in the same order; empty
     *     if unknown (then every key hashes as itself)
     * @return a {@code bigint} expression; {@code 0} when there are no keys (one row: a scalar aggregate)
     */
    static String of(List<String> keys, List<String> types) {
        if (keys.isEmpty()) {
            return "0::bigint";
        }
        if (!types.isEmpty() && types.size() != keys.size()) {
            throw new IllegalStateException("internal error: " + keys.size() + " keys but " + types.size() + " types");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.add(lossless(keys.get(i), types.isEmpty() ? "" : types.get(i)));
        }
        return "hash_record_extended(ROW(" + String.join(", ", parts) + "), 0)";
    }

    /**
     * Writes the content of a row of a keyless table as one key: the binary image ({@code record_send}) of the
     * columns a query reads. The image tells apart values that compare equal but read differently ({@code 1.0} and
     * {@code 1.00}, {@code 0} and {@code -0}), which must not share an identity since the stream table shows them;
     * it does not depend on session settings (time zone, date style), unlike the text form. It holds each column's
     * type, so every column is cast to its base type: a domain column reads as its domain in the table and as its base
     * type in the change buffer.
     *
     * @param columns the qualified columns, in order
     * @param types their base types, as {@code format_type} spells them without modifiers (so the cast keeps every
     *     value: {@code bpchar}, {@code "bit"}), or empty if unknown
     * @return a {@code bytea} expression
     */
    static String content(List<String> columns, List<String> types) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parts.add(types.isEmpty() ? columns.get(i) : "CAST(" + columns.get(i) + " AS " + types.get(i) + ")");
        }
        return "record_send(ROW(" + String.join(", ", parts) + "))";
    }

    private static String lossless(String expression, String type) {
        String key = SIMPLE.matcher(expression).matches() ? expression : "(" + expression + ")";
        return switch (type) {
            case "bigint" -> "int8send(" + key + ")";
            case "timestamp without time zone" -> "timestamp_send(" + key + ")";
            case "timestamp with time zone" -> "timestamptz_send(" + key + ")";
            case "time without time zone" -> "time_send(" + key + ")";
            case "time with time zone" -> "timetz_send(" + key + ")";
            case "money" -> "cash_send(" + key + ")";
            case "numeric" -> expression + ", " + key + " < 0";
            // months count 30 days and days 24 hours, as interval equality has it
            case "interval" -> "trim_scale(((extract(year FROM " + key + ") * 12 + extract(month FROM " + key
                    + ")) * 30 + extract(day FROM " + key + ")) * 86400 + extract(epoch FROM " + key
                    + " - date_trunc('day', " + key + ")))::text";
            default -> expression;
        };
    }
}

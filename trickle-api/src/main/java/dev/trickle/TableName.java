package dev.trickle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A possibly schema-qualified relation name, with PostgreSQL's identifier rules: unquoted parts fold to lower
 * case ({@code Orders} is {@code orders}), quoted parts keep their exact spelling ({@code "Order Totals"}).
 *
 * <p>Parts hold the identifier itself, never SQL: {@link #parse(String)} rejects anything that is not an
 * identifier, and Trickle always quotes parts when it writes SQL, so no name can inject SQL.
 *
 * @param schema the schema, or {@code null} to use the connection's current schema
 * @param name the relation name
 */
public record TableName(@Nullable String schema, String name) {
    /** PostgreSQL's {@code NAMEDATALEN - 1}: longer identifiers would be truncated silently. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    /**
     * Creates a name from identifier parts, validating each.
     *
     * @param schema the schema, or {@code null} to use the connection's current schema
     * @param name the relation name
     * @throws InvalidNameException if a part is empty, longer than 63 bytes, or holds a NUL character
     */
    public TableName {
        Objects.requireNonNull(name, "name");
        checkPart(name, name);
        if (schema != null) {
            checkPart(schema, schema);
        }
    }

    /**
     * Creates an unqualified name.
     *
     * @param name the relation name, exactly as spelled (not folded)
     * @return the name
     * @throws InvalidNameException if {@code name} is not a valid identifier
     */
    public static TableName of(String name) {
        return new TableName(null, name);
    }

    /**
     * Parses {@code name} or {@code schema.name} as PostgreSQL does: unquoted parts fold to lower case, quoted parts
     * ({@code "My Table"}, with {@code ""} for a quote) keep their spelling.
     *
     * @param text the name as a user would write it in SQL
     * @return the parsed name
     * @throws InvalidNameException if {@code text} is not one or two identifiers separated by a dot
     */
    public static TableName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidNameException(String.valueOf(text), "stream table name must not be empty");
        }
        List<String> parts = new ArrayList<>(2);
        int i = 0;
        int n = text.length();
        while (true) {
            StringBuilder part = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            part.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        part.append(c);
                    }
                }
                if (!closed) {
                    throw invalid(text, "unterminated quoted identifier");
                }
            } else {
                while (i < n && isIdentifierChar(text.charAt(i), part.length() == 0)) {
                    part.append(foldAscii(text.charAt(i++)));
                }
                if (part.length() == 0) {
                    throw invalid(text, i < n ? "unexpected character '" + text.charAt(i) + "'" : "missing identifier");
                }
            }
            parts.add(part.toString());
            if (i == n) {
                break;
            }
            if (text.charAt(i) != '.') {
                throw invalid(text, "unexpected character '" + text.charAt(i) + "'; quote names that need it");
            }
            i++;
        }
        if (parts.size() > 2) {
            throw invalid(text, "expected 'name' or 'schema.name'");
        }
        return parts.size() == 1 ? new TableName(null, parts.get(0)) : new TableName(parts.get(0), parts.get(1));
    }

    /**
     * Returns this name in {@code schema}.
     *
     * @param schema the schema
     * @return a qualified copy
     */
    public TableName withSchema(String schema) {
        return new TableName(schema, name);
    }

    /** @return whether a schema was given */
    public boolean isQualified() {
        return schema != null;
    }

    /** @return the name as SQL would spell it, quoting only the parts that need it */
    @Override
    public String toString() {
        return schema == null ? display(name) : display(schema) + "." + display(name);
    }

    /** Folds only A-Z, as PostgreSQL does in a multi-byte encoding such as UTF8 ({@code Über} stays {@code Über}). */
    private static char foldAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isIdentifierChar(char c, boolean first) {
        if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) {
            return true;
        }
        return !first && ((c >= '0' && c <= '9') || c == '$');
    }

    private static String display(String part) {
        boolean plain = !part.isEmpty() && part.equals(part.toLowerCase(Locale.ROOT));
        for (int i = 0; plain && i < part.length(); i++) {
            plain = isIdentifierChar(part.charAt(i), i == 0) && part.charAt(i) < 0x80;
        }
        return plain ? part : '"' + part.replace("\"", "\"\"") + '"';
    }

    private static void checkPart(String part, String whole) {
        if (part.isEmpty()) {
            throw invalid(whole, "empty identifier");
        }
        if (part.indexOf('\0') >= 0) {
            throw invalid(whole, "identifier contains a NUL character");
        }
        if (part.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw invalid(whole, "identifier is longer than " + MAX_IDENTIFIER_BYTES + " bytes");
        }
    }

    private static InvalidNameException invalid(String text, String why) {
        return new InvalidNameException(text, "invalid name '" + text + "': " + why);
    }
}

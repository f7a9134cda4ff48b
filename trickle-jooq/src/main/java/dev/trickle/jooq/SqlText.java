package dev.trickle.jooq;

import dev.trickle.InvalidQueryException;

/**
 * Checks that a defining query is one self-contained SQL text before it is spliced into larger statements
 * ({@code CREATE TABLE ... AS}, a derived table of the refresh query). A small lexer of PostgreSQL's syntax skips
 * string constants ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}), quoted identifiers and comments, and
 * rejects a text with a semicolon inside it, with a closing parenthesis that has no opening one, or with a literal
 * or comment left open. Such a text, wrapped in parentheses, cannot end the statement it is wrapped in.
 */
final class SqlText {
    private SqlText() {}

    /**
     * Validates {@code sql} and strips trailing semicolons and whitespace.
     *
     * @param sql the query text
     * @return the text without trailing semicolons
     * @throws InvalidQueryException if the text holds more than one statement, unbalanced parentheses, or an
     *     unterminated literal, identifier or comment
     */
    static String singleQuery(String sql) {
        String text = stripTrailingSemicolons(sql);
        int depth = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentChar(text.charAt(i - 2)));
                i = skipQuoted(text, i, '\'', escapes, "string constant");
            } else if (c == '"') {
                i = skipQuoted(text, i, '"', false, "quoted identifier");
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i = skipBlockComment(text, i);
            } else if (c == '$' && (i == 0 || !isIdentChar(text.charAt(i - 1)))) {
                i = skipDollarQuoted(text, i);
            } else {
                if (c == ';') {
                    throw invalid(sql, "the defining query must be a single statement; found ';' at offset " + i);
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth < 0) {
                    throw invalid(sql, "unbalanced ')' at offset " + i);
                }
                i++;
            }
        }
        if (depth != 0) {
            throw invalid(sql, "unbalanced parentheses: " + depth + " left open");
        }
        return text;
    }

    /** SQL value functions that read the clock without parentheses. */
    private static final java.util.Set<String> TIME_KEYWORDS = java.util.Set.of(
            "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp");

    /**
     * Lists the functions a query calls: unquoted identifiers followed by {@code (}, and the SQL value functions that
     * read the clock ({@code current_timestamp} ...), outside literals and comments, lower-cased. Over-approximates
     * (a keyword such as {@code in} followed by a parenthesis is listed too); the engine looks the names up.
     *
     * @param sql a query that passed {@link #singleQuery}
     * @return the names
     */
    static java.util.Set<String> functionNames(String sql) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                i = skipQuoted(sql, i, '\'', escapes, "string constant");
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false, "quoted identifier");
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '$' && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                i = skipDollarQuoted(sql, i);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && isIdentChar(sql.charAt(i))) {
                    i++;
                }
                String word = sql.substring(start, i).toLowerCase(java.util.Locale.ROOT);
                int j = i;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                if ((j < n && sql.charAt(j) == '(') || TIME_KEYWORDS.contains(word)) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static String stripTrailingSemicolons(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        int start = 0;
        while (start < end && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        return sql.substring(start, end);
    }

    private static int skipQuoted(String text, int start, char quote, boolean backslashEscapes, String what) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw invalid(text, "unterminated " + what + " starting at offset " + start);
    }

    private static int skipBlockComment(String text, int start) {
        int depth = 0;
        int i = start;
        while (i + 1 < text.length()) {
            if (text.charAt(i) == '/' && text.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (text.charAt(i) == '*' && text.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw invalid(text, "unterminated comment starting at offset " + start);
    }

    /** Skips {@code $tag$ ... $tag$}; a {@code $} that does not open a dollar quote ({@code $1}) is one char. */
    private static int skipDollarQuoted(String text, int start) {
        int i = start + 1;
        while (i < text.length() && isTagChar(text.charAt(i), i == start + 1)) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '$') {
            return start + 1;
        }
        String tag = text.substring(start, i + 1);
        int close = text.indexOf(tag, i + 1);
        if (close < 0) {
            throw invalid(text, "unterminated dollar-quoted string starting at offset " + start);
        }
        return close + tag.length();
    }

    private static boolean isTagChar(char c, boolean first) {
        return c == '_' || Character.isLetter(c) || (!first && Character.isDigit(c));
    }

    private static boolean isIdentChar(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }

    private static InvalidQueryException invalid(String sql, String why) {
        return new InvalidQueryException(sql, "invalid defining query: " + why, null);
    }
}

package dev.trickle.jooq;

import dev.trickle.InvalidQueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a defining query is one self-contained SQL text before it is spliced into larger statements
 * ({@code CREATE TABLE ... AS}, a derived table of the refresh query), and gives an early, clear error if it is
 * not. A small lexer that follows PostgreSQL's scanner ({@code scan.l}) skips identifiers and key words, string
 * constants, quoted identifiers, dollar quotes and comments, and rejects a text with a semicolon outside them, with
 * a closing parenthesis that has no opening one, or with a literal or comment left open.
 *
 * <p>It reads the text as the server does: any non-ASCII character is an identifier character (so {@code €$a$} is
 * one identifier, not {@code €} and a dollar quote); a {@code $} inside an identifier does not open a dollar quote;
 * a backslash escapes the next character in {@code E'...'}, and in plain {@code '...'} when
 * {@code standard_conforming_strings} is off, but never in {@code U&'...'}, {@code B'...'} or {@code X'...'}; a
 * string continues after a quote followed by whitespace with a newline and another quote; a line comment ends at a
 * line feed or a carriage return. The engine does not rely on this check alone: it sends every statement as one
 * parsed statement, which the server refuses if it holds several.
 */
final class SqlText {
    /** SQL value functions that read the clock without parentheses. */
    private static final Set<String> TIME_KEYWORDS = Set.of(
            "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp");

    /** How a string constant treats quotes and backslashes inside it. */
    private enum Quoting {
        /** {@code ''} is a quote; a backslash is an ordinary character. */
        STANDARD,
        /** {@code ''} and {@code \'} are quotes; a backslash escapes the next character. */
        ESCAPE,
        /** Bit strings: the first quote ends the constant. */
        BITS
    }

    private final String text;
    private final boolean standardConformingStrings;

    private SqlText(String text, boolean standardConformingStrings) {
        this.text = text;
        this.standardConformingStrings = standardConformingStrings;
    }

    /**
     * Validates {@code sql} as the server reads it with {@code standard_conforming_strings} on.
     *
     * @param sql the query text
     * @return the text without trailing semicolons
     * @throws InvalidQueryException if the text holds more than one statement, unbalanced parentheses, or an
     *     unterminated literal, identifier or comment
     */
    static String singleQuery(String sql) {
        return singleQuery(sql, true);
    }

    /**
     * Validates {@code sql} and strips trailing semicolons and whitespace.
     *
     * @param sql the query text
     * @param standardConformingStrings the session's {@code standard_conforming_strings}: when off, a backslash
     *     escapes the next character in plain {@code '...'} strings
     * @return the text without trailing semicolons
     * @throws InvalidQueryException if the text holds more than one statement, unbalanced parentheses, or an
     *     unterminated literal, identifier or comment
     */
    static String singleQuery(String sql, boolean standardConformingStrings) {
        String text = stripTrailingSemicolons(sql);
        SqlText scan = new SqlText(text, standardConformingStrings);
        int depth = 0;
        int i = 0;
        while (i < text.length()) {
            int next = scan.skip(i);
            if (next > i) {
                i = next;
                continue;
            }
            char c = text.charAt(i);
            if (c == ';') {
                throw invalid(sql, "the defining query must be a single statement; found ';' at offset " + i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw invalid(sql, "unbalanced ')' at offset " + i);
            }
            i++;
        }
        if (depth != 0) {
            throw invalid(sql, "unbalanced parentheses: " + depth + " left open");
        }
        return text;
    }

    /**
     * Lists the functions a query calls: unquoted identifiers followed by {@code (}, and the SQL value functions that
     * read the clock ({@code current_timestamp} ...), outside literals and comments, lower-cased. Over-approximates
     * (a keyword such as {@code in} followed by a parenthesis is listed too); the engine looks the names up.
     *
     * @param sql a query that passed {@link #singleQuery}
     * @param standardConformingStrings the session's {@code standard_conforming_strings}
     * @return the names
     */
    static Set<String> functionNames(String sql, boolean standardConformingStrings) {
        Set<String> names = new TreeSet<>();
        for (Word w : words(sql, standardConformingStrings)) {
            if (w.call() || TIME_KEYWORDS.contains(w.word())) {
                names.add(w.word());
            }
        }
        return names;
    }

    /** Words after which a name followed by {@code (} is a function in FROM, not a call in an expression. */
    private static final Set<String> FROM_WORDS = Set.of("from", "join", "lateral");
    /** Words that start a clause: a comma after {@code FROM} and before the next of them separates FROM items. */
    private static final Set<String> CLAUSES = Set.of("select", "from", "where", "group", "having", "window", "order",
            "limit", "offset", "fetch", "for", "union", "intersect", "except", "on", "using");
    /** Words that may follow those and a parenthesis without being a function. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("select", "values", "lateral", "rows", "only", "with");

    /**
     * Tells whether a query has a word (an unquoted identifier or key word) outside literals and comments.
     *
     * @param sql a query that passed {@link #singleQuery}
     * @param word the word, lower case
     * @return whether it occurs, in any case
     */
    static boolean hasWord(String sql, String word) {
        return words(sql, true).stream().anyMatch(w -> w.word().equals(word));
    }

    /**
     * Finds a function called in a FROM clause: a name followed by {@code (} right after {@code FROM}, {@code JOIN},
     * {@code LATERAL}, or a comma of the FROM list. Used only to name what jOOQ's parser refused.
     *
     * @param sql a query that passed {@link #singleQuery}
     * @return the function's name, lower case, or {@code null}
     */
    static @org.jspecify.annotations.Nullable String functionInFrom(String sql) {
        List<Word> words = words(sql, true);
        String clause = "";
        for (int k = 1; k < words.size(); k++) {
            Word w = words.get(k);
            String before = words.get(k - 1).word();
            clause = CLAUSES.contains(before) ? before : clause;
            boolean fromItem = FROM_WORDS.contains(before) || before.equals(",") && clause.equals("from");
            if (w.call() && fromItem && !NOT_FUNCTIONS.contains(w.word())) {
                return w.word();
            }
        }
        return null;
    }

    /** A word of a query, lower-cased, and whether {@code (} follows it. */
    private record Word(String word, boolean call) {}

    /** Lists the unquoted identifiers, key words and commas of a query, outside literals and comments, in order. */
    private static List<Word> words(String sql, boolean standardConformingStrings) {
        SqlText scan = new SqlText(sql, standardConformingStrings);
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            int next = scan.skip(i);
            if (next > i && next == scan.wordEnd(i)) {
                int j = next;
                while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                words.add(new Word(sql.substring(i, next).toLowerCase(Locale.ROOT),
                        j < sql.length() && sql.charAt(j) == '('));
            } else if (next == i && sql.charAt(i) == ',') {
                words.add(new Word(",", false));
            }
            i = Math.max(next, i + 1);
        }
        return words;
    }

    /**
     * Rewrites what jOOQ 3.19's parser misreads, for its parser only (the query keeps its own text):
     * <ul>
     *   <li>PostgreSQL's {@code string_agg(x, sep ORDER BY ...)} becomes {@code string_agg(x, sep) WITHIN GROUP (ORDER
     *       BY ...)}, the only ordered form of it the parser reads (it takes {@code ORDER BY} inside the call for
     *       {@code array_agg} and {@code json_agg} only); jOOQ renders that form back as PostgreSQL's;</li>
     *   <li>the unqualified calls {@code stddev(...)} and {@code variance(...)}, which PostgreSQL defines as {@code
     *       stddev_samp} and {@code var_samp}, are written so: the parser reads them as {@code stddev_pop} and {@code
     *       var_pop}.</li>
     * </ul>
     *
     * @param sql a query that passed {@link #singleQuery}
     * @param standardConformingStrings the session's {@code standard_conforming_strings}
     * @return the text with those calls rewritten
     */
    static String forJooqParser(String sql, boolean standardConformingStrings) {
        SqlText scan = new SqlText(sql, standardConformingStrings);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int i = 0;
        while (i < sql.length()) {
            int next = scan.skip(i);
            String sample = next > i && next == scan.wordEnd(i) ? sql.substring(i, next).toLowerCase(Locale.ROOT) : "";
            String alias = SAMPLE_STATISTICS.get(sample);
            if (alias != null && scan.opensCall(next) && !scan.qualified(i)) {
                out.append(sql, copied, i).append(alias);
                copied = next;
                i = next;
                continue;
            }
            if (sample.equals("string_agg")) {
                int open = next;
                while (open < sql.length() && Character.isWhitespace(sql.charAt(open))) {
                    open++;
                }
                int[] orderAndClose = open < sql.length() && sql.charAt(open) == '(' ? scan.orderByInCall(open) : null;
                if (orderAndClose != null) {
                    out.append(sql, copied, orderAndClose[0]).append(") WITHIN GROUP (")
                            .append(sql, orderAndClose[0], orderAndClose[1]);
                    copied = orderAndClose[1];
                    i = orderAndClose[1];
                    continue;
                }
            }
            i = Math.max(next, i + 1);
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** PostgreSQL's names of the sample statistics that jOOQ's parser reads as the population ones. */
    private static final java.util.Map<String, String> SAMPLE_STATISTICS =
            java.util.Map.of("stddev", "stddev_samp", "variance", "var_samp");

    /** Whether a parenthesis follows offset {@code i}, after whitespace. */
    private boolean opensCall(int i) {
        int j = i;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j < text.length() && text.charAt(j) == '(';
    }

    /** Whether the word at {@code i} follows a dot (a qualified name, such as a function of another schema). */
    private boolean qualified(int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(text.charAt(j))) {
            j--;
        }
        return j >= 0 && text.charAt(j) == '.';
    }

    /**
     * Finds, in the call whose argument list opens at {@code open}, an {@code ORDER BY} at the call's own level after
     * a comma.
     *
     * @return the offsets of that {@code ORDER} and of the call's closing parenthesis, or {@code null} if none
     */
    private int[] orderByInCall(int open) {
        int depth = 0;
        boolean comma = false;
        int order = -1;
        int i = open;
        while (i < text.length()) {
            int next = skip(i);
            if (next > i) {
                if (depth == 1 && comma && order < 0 && next == wordEnd(i)
                        && text.substring(i, next).equalsIgnoreCase("order")) {
                    int by = next;
                    while (by < text.length() && Character.isWhitespace(text.charAt(by))) {
                        by++;
                    }
                    int byEnd = wordEnd(by);
                    if (byEnd > by && text.substring(by, byEnd).equalsIgnoreCase("by")) {
                        order = i;
                    }
                }
                i = next;
                continue;
            }
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return order < 0 ? null : new int[] {order, i};
                }
            } else if (c == ',' && depth == 1) {
                comma = true;
            }
            i++;
        }
        return null;
    }

    /**
     * Skips the token at {@code i} if it is one whose characters do not count: an identifier or key word, a string
     * constant (with its prefix), a quoted identifier, a dollar-quoted string or a comment.
     *
     * @return the offset after the token, or {@code i} if another character starts there
     */
    private int skip(int i) {
        char c = text.charAt(i);
        if (c == '\'') {
            return skipString(i, standardConformingStrings ? Quoting.STANDARD : Quoting.ESCAPE);
        } else if (c == '"') {
            return skipQuotedIdentifier(i);
        } else if (c == '-' && text.startsWith("-", i + 1)) {
            return lineEnd(i);
        } else if (c == '/' && text.startsWith("*", i + 1)) {
            return skipBlockComment(i);
        } else if (c == '$') {
            return skipDollarQuoted(i);
        } else if (isIdentStart(c)) {
            return skipWordOrPrefixedString(i);
        }
        return i;
    }

    /** Skips a word; a one-letter word {@code E}, {@code B}, {@code X} or {@code U&} before a quote prefixes it. */
    private int skipWordOrPrefixedString(int i) {
        int end = wordEnd(i);
        if (end == i + 1) {
            char prefix = Character.toUpperCase(text.charAt(i));
            if (prefix == 'E' && text.startsWith("'", end)) {
                return skipString(end, Quoting.ESCAPE);
            } else if ((prefix == 'B' || prefix == 'X') && text.startsWith("'", end)) {
                return skipString(end, Quoting.BITS);
            } else if (prefix == 'U' && text.startsWith("&'", end)) {
                return skipString(end + 1, Quoting.STANDARD);
            }
        }
        return end;
    }

    /** @return the end of the identifier or key word starting at {@code i}, or {@code i} if none starts there */
    private int wordEnd(int i) {
        if (!isIdentStart(text.charAt(i))) {
            return i;
        }
        int end = i + 1;
        while (end < text.length() && isIdentCont(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private int skipString(int start, Quoting quoting) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quoting == Quoting.ESCAPE) {
                i += 2;
            } else if (c != '\'') {
                i++;
            } else if (quoting != Quoting.BITS && text.startsWith("'", i + 1)) {
                i += 2;
            } else {
                int continued = continuation(i + 1);
                if (continued < 0) {
                    return i + 1;
                }
                i = continued + 1;
            }
        }
        throw invalid(text, "unterminated string constant starting at offset " + start);
    }

    /**
     * Finds where a string constant continues: after its closing quote, whitespace (and line comments) with at least
     * one newline, then a quote.
     *
     * @return the offset of the quote that continues it, or -1
     */
    private int continuation(int from) {
        int j = from;
        while (j < text.length() && (" \t\f\u000B".indexOf(text.charAt(j)) >= 0 || text.startsWith("--", j))) {
            j = text.charAt(j) == '-' ? lineEnd(j) : j + 1;
        }
        if (j >= text.length() || !isNewline(text.charAt(j))) {
            return -1;
        }
        j++;
        while (j < text.length() && (" \t\f\u000B\n\r".indexOf(text.charAt(j)) >= 0 || text.startsWith("--", j))) {
            if (text.charAt(j) == '-') {
                j = lineEnd(j);
                if (j == text.length()) {
                    return -1;
                }
            }
            j++;
        }
        return text.startsWith("'", j) ? j : -1;
    }

    private int skipQuotedIdentifier(int start) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) != '"') {
                i++;
            } else if (text.startsWith("\"", i + 1)) {
                i += 2;
            } else {
                return i + 1;
            }
        }
        throw invalid(text, "unterminated quoted identifier starting at offset " + start);
    }

    /** @return the offset of the line feed or carriage return that ends the line comment at {@code i}, or the end */
    private int lineEnd(int i) {
        int j = i;
        while (j < text.length() && !isNewline(text.charAt(j))) {
            j++;
        }
        return j;
    }

    private int skipBlockComment(int start) {
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

    /** Skips {@code $tag$ ... $tag$}; a {@code $} that does not open a dollar quote ({@code $1}) is not skipped. */
    private int skipDollarQuoted(int start) {
        int i = start + 1;
        while (i < text.length() && isTagChar(text.charAt(i), i == start + 1)) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '$') {
            return start;
        }
        String tag = text.substring(start, i + 1);
        int close = text.indexOf(tag, i + 1);
        if (close < 0) {
            throw invalid(text, "unterminated dollar-quoted string starting at offset " + start);
        }
        return close + tag.length();
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

    /** PostgreSQL's {@code ident_start}: an ASCII letter, an underscore, or any non-ASCII character. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** PostgreSQL's {@code ident_cont}: {@code ident_start}, an ASCII digit or a dollar sign. */
    private static boolean isIdentCont(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    /** PostgreSQL's {@code dolq_start} (first) and {@code dolq_cont}: {@code ident_start}, and digits after it. */
    private static boolean isTagChar(char c, boolean first) {
        return isIdentStart(c) || (!first && c >= '0' && c <= '9');
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    private static InvalidQueryException invalid(String sql, String why) {
        return new InvalidQueryException(sql, "invalid defining query: " + why, null);
    }
}

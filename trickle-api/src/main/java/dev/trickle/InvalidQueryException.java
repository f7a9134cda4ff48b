package dev.trickle;

import org.jspecify.annotations.Nullable;

/**
 * A defining query is missing, empty, not valid SQL, or not usable as a stream table definition (for example a
 * statement that is not a {@code SELECT}, or an output column without a name).
 */
public final class InvalidQueryException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The query as given, or {@code null} if there was none. */
    private final @Nullable String query;

    /**
     * Creates the exception.
     *
     * @param query the query text, if there was one
     * @param message the reason
     * @param cause the parser's or the server's error, if any
     */
    public InvalidQueryException(@Nullable String query, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.query = query;
    }

    /** @return the rejected query text, or {@code null} if none was given */
    public @Nullable String query() {
        return query;
    }
}

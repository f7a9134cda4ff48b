package dev.trickle;

import org.jspecify.annotations.Nullable;

/** A defining query reads a table, view or stream table that does not exist (or that the role cannot see). */
public final class UnknownTableException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The table as written. */
    private final String table;

    /**
     * Creates the exception.
     *
     * @param table the relation name as written in the query
     * @param message the reason, naming {@code table}
     * @param cause the server's error, if the server found it
     */
    public UnknownTableException(String table, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.table = table;
    }

    /** @return the unknown relation, as written in the query */
    public String table() {
        return table;
    }
}

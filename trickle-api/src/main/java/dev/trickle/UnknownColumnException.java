package dev.trickle;

import org.jspecify.annotations.Nullable;

/** A defining query references a column that none of its tables has. */
public final class UnknownColumnException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The column as written. */
    private final String column;

    /**
     * Creates the exception.
     *
     * @param column the column reference as written in the query (possibly qualified)
     * @param message the reason, naming {@code column}
     * @param cause the server's error, if the server found it
     */
    public UnknownColumnException(String column, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.column = column;
    }

    /** @return the unknown column reference, as written in the query */
    public String column() {
        return column;
    }
}

package dev.trickle;

import org.jspecify.annotations.Nullable;

/**
 * A refresh failed. Nothing of it was applied: the storage table, the frontier and the change buffers are as they
 * were before. {@link #isTransient()} tells whether trying again may succeed (serialization failures, lock
 * timeouts, lost connections) or whether the stream table needs attention (a dropped column, a missing privilege).
 */
public final class RefreshException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The stream table whose refresh failed. */
    private final TableName streamTable;
    /** The server's SQL state, or {@code null} if there is none. */
    private final @Nullable String sqlState;
    /** Whether trying again may succeed. */
    private final boolean isTransient;

    /**
     * Creates the exception.
     *
     * @param streamTable the stream table whose refresh failed
     * @param sqlState the SQL state of the server's error, if the failure came from the server
     * @param isTransient whether trying again may succeed
     * @param message the reason, naming the stream table
     * @param cause the underlying failure
     */
    public RefreshException(
            TableName streamTable,
            @Nullable String sqlState,
            boolean isTransient,
            String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.streamTable = streamTable;
        this.sqlState = sqlState;
        this.isTransient = isTransient;
    }

    /** @return the stream table whose refresh failed */
    public TableName streamTable() {
        return streamTable;
    }

    /** @return the SQL state of the server's error, or {@code null} if the failure did not come from the server */
    public @Nullable String sqlState() {
        return sqlState;
    }

    /** @return whether trying again may succeed */
    public boolean isTransient() {
        return isTransient;
    }
}

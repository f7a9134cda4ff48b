package dev.trickle;

import org.jspecify.annotations.Nullable;

/**
 * The database failed an operation for a reason that is not the caller's input: it could not be reached, a lock
 * timed out, a privilege is missing. The operation changed nothing. {@link #isTransient()} tells whether trying
 * again may succeed.
 */
public final class DatabaseException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The server's SQL state, or {@code null} if there is none. */
    private final @Nullable String sqlState;
    /** Whether trying again may succeed. */
    private final boolean isTransient;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param sqlState the SQL state of the server's error, if any
     * @param isTransient whether trying again may succeed
     * @param cause the underlying failure
     */
    public DatabaseException(String message, @Nullable String sqlState, boolean isTransient, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
        this.isTransient = isTransient;
    }

    /** @return the SQL state of the server's error, or {@code null} */
    public @Nullable String sqlState() {
        return sqlState;
    }

    /** @return whether trying again may succeed */
    public boolean isTransient() {
        return isTransient;
    }
}

package dev.trickle;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception Trickle throws on purpose. Unchecked, like jOOQ's {@code DataAccessException}.
 *
 * <p>Subtypes name the problem. The definition: {@link InvalidNameException}, {@link InvalidQueryException},
 * {@link UnknownTableException}, {@link UnknownColumnException}, {@link UnsupportedQueryException},
 * {@link ReservedColumnNameException}, {@link InvalidScheduleException}. The catalog:
 * {@link StreamTableExistsException}, {@link RelationExistsException}, {@link StreamTableNotFoundException},
 * {@link StreamTableInUseException}, {@link DependencyCycleException}. The server and refreshes:
 * {@link DatabaseException}, {@link RefreshException}. An operation that throws one of them has changed nothing in
 * the database, except that a failed refresh is recorded (the stream table's error count, last error and status,
 * and its refresh history).
 */
public abstract class TrickleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, naming the object concerned
     * @param cause the underlying failure, if any
     */
    protected TrickleException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}

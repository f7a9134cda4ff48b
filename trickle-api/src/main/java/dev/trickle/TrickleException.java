package dev.trickle;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception Trickle throws on purpose. Unchecked, like jOOQ's {@code DataAccessException}.
 *
 * <p>Subtypes name the problem: {@link InvalidQueryException}, {@link UnknownTableException},
 * {@link UnknownColumnException}, {@link UnsupportedQueryException}, {@link StreamTableExistsException},
 * {@link RelationExistsException}, {@link ReservedColumnNameException}, {@link InvalidNameException},
 * {@link StreamTableNotFoundException}, {@link InvalidScheduleException}, {@link DependencyCycleException} and
 * {@link RefreshException}. An operation that throws one of them has changed nothing in the database.
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

package dev.trickle;

/**
 * A name is not a valid PostgreSQL identifier (or {@code schema.identifier}): empty, too long, unbalanced quotes,
 * or characters that only a quoted identifier may hold, such as in {@code x; drop table y}.
 */
public final class InvalidNameException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The name as given. */
    private final String name;

    /**
     * Creates the exception.
     *
     * @param name the rejected name, as given
     * @param message the reason, naming {@code name}
     */
    public InvalidNameException(String name, String message) {
        super(message, null);
        this.name = name;
    }

    /** @return the rejected name, as given */
    public String name() {
        return name;
    }
}

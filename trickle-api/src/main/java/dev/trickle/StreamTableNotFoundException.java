package dev.trickle;

/** No stream table has the given name. */
public final class StreamTableNotFoundException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The name as given. */
    private final String name;

    /**
     * Creates the exception.
     *
     * @param name the name that was looked up, as given
     */
    public StreamTableNotFoundException(String name) {
        super("stream table '" + name + "' does not exist", null);
        this.name = name;
    }

    /** @return the name that was looked up */
    public String name() {
        return name;
    }
}

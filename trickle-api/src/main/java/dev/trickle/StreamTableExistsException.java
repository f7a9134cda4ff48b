package dev.trickle;

/** A stream table with the requested name already exists. */
public final class StreamTableExistsException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The name that is taken. */
    private final TableName name;

    /**
     * Creates the exception.
     *
     * @param name the existing stream table
     */
    public StreamTableExistsException(TableName name) {
        super("stream table '" + name + "' already exists", null);
        this.name = name;
    }

    /** @return the name that is taken */
    public TableName name() {
        return name;
    }
}

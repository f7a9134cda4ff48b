package dev.trickle;

/**
 * The requested stream table name is taken by a table, view, sequence or other relation that is not a stream
 * table. Trickle never replaces an object it did not create.
 */
public final class RelationExistsException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The name that is taken. */
    private final TableName name;

    /**
     * Creates the exception.
     *
     * @param name the taken name
     * @param kind what the existing relation is, for example {@code table} or {@code view}
     */
    public RelationExistsException(TableName name, String kind) {
        super("cannot create stream table '" + name + "': a " + kind + " of that name already exists", null);
        this.name = name;
    }

    /** @return the taken name */
    public TableName name() {
        return name;
    }
}

package dev.trickle;

import java.util.List;

/** A stream table cannot be dropped (or redefined) because other stream tables read it. */
public final class StreamTableInUseException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The stream table that others read. */
    private final TableName name;
    /** The stream tables that read it. */
    private final List<TableName> dependents;

    /**
     * Creates the exception.
     *
     * @param name the stream table
     * @param dependents the stream tables that read it
     */
    public StreamTableInUseException(TableName name, List<TableName> dependents) {
        this(name, dependents, "drop");
    }

    /**
     * Creates the exception for an operation other than dropping.
     *
     * @param name the stream table
     * @param dependents the stream tables that read it
     * @param operation what was refused, such as {@code drop} or {@code change the query of}
     */
    public StreamTableInUseException(TableName name, List<TableName> dependents, String operation) {
        super("cannot " + operation + " stream table '" + name + "': stream tables " + dependents
                + " read it; drop them first", null);
        this.name = name;
        this.dependents = List.copyOf(dependents);
    }

    /** @return the stream table */
    public TableName name() {
        return name;
    }

    /** @return the stream tables that read it */
    public List<TableName> dependents() {
        return dependents;
    }
}

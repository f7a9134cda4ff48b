package dev.trickle;

/** A defining query has an output column whose name starts with {@code __pgt_}, a prefix Trickle reserves. */
public final class ReservedColumnNameException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The output column that uses the reserved prefix. */
    private final String column;

    /**
     * Creates the exception.
     *
     * @param column the offending output column
     */
    public ReservedColumnNameException(String column) {
        super("output column '" + column + "' uses the reserved prefix '__pgt_': rename it with an alias", null);
        this.column = column;
    }

    /** @return the offending output column */
    public String column() {
        return column;
    }
}

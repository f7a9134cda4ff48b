package dev.trickle.testkit;

/**
 * How big generated batches get and which transaction shapes they use; see {@link DmlArbitraries#batches}.
 * Immutable; start from {@link #DEFAULT} and change what you need.
 *
 * <pre>{@code
 * BatchShape big = BatchShape.DEFAULT.withStatements(30).withInsertRows(5).withTruncates(true);
 * }</pre>
 *
 * @param maxTransactions the most transactions in a batch (besides a held one)
 * @param maxStatements the most statements in each part of a transaction (before, in and after a savepoint)
 * @param maxInsertRows the most rows one {@code INSERT} writes
 * @param rollbacks whether transactions may end in {@code ROLLBACK}
 * @param savepoints whether transactions may use a savepoint, rolled back or released
 * @param held whether a batch may end with a transaction held open across the next refresh
 * @param truncates whether statements include {@code TRUNCATE} (which makes Trickle recompute in full)
 */
public record BatchShape(
        int maxTransactions,
        int maxStatements,
        int maxInsertRows,
        boolean rollbacks,
        boolean savepoints,
        boolean held,
        boolean truncates) {

    /**
     * Up to 4 transactions of up to 4 statements a part, inserts of up to 3 rows, with rollbacks, savepoints and
     * held transactions, without {@code TRUNCATE}.
     */
    public static final BatchShape DEFAULT = new BatchShape(4, 4, 3, true, true, true, false);

    /**
     * Validates the shape.
     *
     * @param maxTransactions the most transactions in a batch (besides a held one)
     * @param maxStatements the most statements in each part of a transaction (before, in and after a savepoint)
     * @param maxInsertRows the most rows one {@code INSERT} writes
     * @param rollbacks whether transactions may end in {@code ROLLBACK}
     * @param savepoints whether transactions may use a savepoint, rolled back or released
     * @param held whether a batch may end with a transaction held open across the next refresh
     * @param truncates whether statements include {@code TRUNCATE} (which makes Trickle recompute in full)
     * @throws IllegalArgumentException if a maximum is not positive
     */
    public BatchShape {
        if (maxTransactions < 1 || maxStatements < 1 || maxInsertRows < 1) {
            throw new IllegalArgumentException("batch shape maximums must be positive: " + maxTransactions + ", "
                    + maxStatements + ", " + maxInsertRows);
        }
    }

    /**
     * Sets the most transactions in a batch.
     *
     * @param max the maximum
     * @return the new shape
     */
    public BatchShape withTransactions(int max) {
        return new BatchShape(max, maxStatements, maxInsertRows, rollbacks, savepoints, held, truncates);
    }

    /**
     * Sets the most statements in each part of a transaction.
     *
     * @param max the maximum
     * @return the new shape
     */
    public BatchShape withStatements(int max) {
        return new BatchShape(maxTransactions, max, maxInsertRows, rollbacks, savepoints, held, truncates);
    }

    /**
     * Sets the most rows of one insert.
     *
     * @param max the maximum
     * @return the new shape
     */
    public BatchShape withInsertRows(int max) {
        return new BatchShape(maxTransactions, maxStatements, max, rollbacks, savepoints, held, truncates);
    }

    /**
     * Allows or forbids {@code ROLLBACK}.
     *
     * @param allowed whether transactions may roll back
     * @return the new shape
     */
    public BatchShape withRollbacks(boolean allowed) {
        return new BatchShape(maxTransactions, maxStatements, maxInsertRows, allowed, savepoints, held, truncates);
    }

    /**
     * Allows or forbids savepoints.
     *
     * @param allowed whether transactions may use a savepoint
     * @return the new shape
     */
    public BatchShape withSavepoints(boolean allowed) {
        return new BatchShape(maxTransactions, maxStatements, maxInsertRows, rollbacks, allowed, held, truncates);
    }

    /**
     * Allows or forbids transactions held open across a refresh.
     *
     * @param allowed whether a batch may end with a held transaction
     * @return the new shape
     */
    public BatchShape withHeld(boolean allowed) {
        return new BatchShape(maxTransactions, maxStatements, maxInsertRows, rollbacks, savepoints, allowed, truncates);
    }

    /**
     * Allows or forbids {@code TRUNCATE}.
     *
     * @param allowed whether statements include {@code TRUNCATE}
     * @return the new shape
     */
    public BatchShape withTruncates(boolean allowed) {
        return new BatchShape(maxTransactions, maxStatements, maxInsertRows, rollbacks, savepoints, held, allowed);
    }
}

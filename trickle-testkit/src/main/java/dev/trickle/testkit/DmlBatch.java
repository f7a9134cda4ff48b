package dev.trickle.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The changes applied between two refreshes: transactions run one after the other on one session. Only the last
 * may be {@linkplain Transaction.End#HELD held} open across the refresh.
 *
 * @param transactions the transactions, in order
 */
public record DmlBatch(List<Transaction> transactions) {

    /**
     * Validates and copies.
     *
     * @param transactions the transactions, in order
     * @throws IllegalArgumentException if a transaction other than the last is held
     */
    public DmlBatch {
        transactions = List.copyOf(transactions);
        for (int i = 0; i < transactions.size() - 1; i++) {
            if (transactions.get(i).end() == Transaction.End.HELD) {
                throw new IllegalArgumentException("only the last transaction of a batch may be held, not #" + (i + 1));
            }
        }
    }

    /**
     * A batch of the given transactions.
     *
     * @param transactions the transactions
     * @return the batch
     */
    public static DmlBatch of(Transaction... transactions) {
        return new DmlBatch(Arrays.asList(transactions));
    }

    /** @return the number of statements, in every transaction and whatever their fate */
    public int statementCount() {
        return transactions.stream().mapToInt(t -> t.statements().size()).sum();
    }

    /** @return the batch as an SQL script */
    public String sql() {
        return transactions.isEmpty()
                ? "-- (no transactions)"
                : transactions.stream().map(Transaction::sql).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return sql();
    }
}

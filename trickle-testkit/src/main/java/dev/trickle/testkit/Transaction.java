package dev.trickle.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transaction of generated statements, with its shape: committed, rolled back, with a savepoint that is rolled
 * back or released in the middle, or held open across the next refresh.
 *
 * <pre>
 * BEGIN;
 *   before...
 *   SAVEPOINT s;              -- savepoint ROLLED_BACK or RELEASED only
 *   inSavepoint...
 *   ROLLBACK TO SAVEPOINT s;  -- or RELEASE SAVEPOINT s
 *   after...
 * COMMIT;                     -- or ROLLBACK; HELD commits after the next refresh
 * </pre>
 *
 * @param before the statements before the savepoint (all of them if there is none)
 * @param savepoint whether and how a savepoint is used
 * @param inSavepoint the statements after {@code SAVEPOINT}; empty without a savepoint
 * @param after the statements after the savepoint ends; empty without a savepoint
 * @param end how the transaction ends
 */
public record Transaction(List<Dml> before, Savepoint savepoint, List<Dml> inSavepoint, List<Dml> after, End end) {

    /** Whether and how a transaction uses a savepoint. */
    public enum Savepoint {
        /** No savepoint. */
        NONE,
        /** {@code ROLLBACK TO SAVEPOINT}: the statements in it never happened. */
        ROLLED_BACK,
        /** {@code RELEASE SAVEPOINT}: the statements in it belong to the transaction (a committed subtransaction). */
        RELEASED
    }

    /** How a transaction ends. */
    public enum End {
        /** {@code COMMIT} right away. */
        COMMIT,
        /** {@code ROLLBACK}: none of it happened. */
        ROLLBACK,
        /**
         * Left open, uncommitted, across the next refresh, then committed: before the next write of the scenario
         * ({@link ChangeScenario#apply}, {@link ChangeScenario#step}, {@link ChangeScenario#load}). The refresh must
         * not see it, and the refresh after the commit must apply it exactly once. Only the last transaction of a
         * batch may be held, and it must not {@code TRUNCATE} (which would block the refresh).
         */
        HELD
    }

    /**
     * Validates and copies.
     *
     * @param before the statements before the savepoint (all of them if there is none)
     * @param savepoint whether and how a savepoint is used
     * @param inSavepoint the statements after {@code SAVEPOINT}; empty without a savepoint
     * @param after the statements after the savepoint ends; empty without a savepoint
     * @param end how the transaction ends
     * @throws IllegalArgumentException if a transaction without savepoint has statements in or after one, or a held
     *     transaction truncates
     */
    public Transaction {
        Objects.requireNonNull(savepoint, "savepoint");
        Objects.requireNonNull(end, "end");
        before = List.copyOf(before);
        inSavepoint = List.copyOf(inSavepoint);
        after = List.copyOf(after);
        if (savepoint == Savepoint.NONE && (!inSavepoint.isEmpty() || !after.isEmpty())) {
            throw new IllegalArgumentException("statements in or after a savepoint need a savepoint");
        }
        if (end == End.HELD && java.util.stream.Stream.of(before, inSavepoint, after)
                .flatMap(List::stream).anyMatch(s -> s instanceof Dml.Truncate)) {
            throw new IllegalArgumentException("a held transaction cannot TRUNCATE: the refresh would wait for it");
        }
    }

    /**
     * A transaction that commits its statements.
     *
     * @param statements the statements
     * @return the transaction
     */
    public static Transaction committed(List<Dml> statements) {
        return new Transaction(statements, Savepoint.NONE, List.of(), List.of(), End.COMMIT);
    }

    /**
     * A transaction that rolls its statements back.
     *
     * @param statements the statements
     * @return the transaction
     */
    public static Transaction rolledBack(List<Dml> statements) {
        return new Transaction(statements, Savepoint.NONE, List.of(), List.of(), End.ROLLBACK);
    }

    /**
     * A transaction held open across the next refresh, then committed.
     *
     * @param statements the statements
     * @return the transaction
     */
    public static Transaction held(List<Dml> statements) {
        return new Transaction(statements, Savepoint.NONE, List.of(), List.of(), End.HELD);
    }

    /** @return every statement, in execution order, whether its effect survives or not */
    public List<Dml> statements() {
        List<Dml> all = new ArrayList<>(before);
        all.addAll(inSavepoint);
        all.addAll(after);
        return all;
    }

    /** @return the transaction as an SQL script, one statement a line */
    public String sql() {
        StringBuilder sql = new StringBuilder("BEGIN;\n");
        before.forEach(s -> sql.append("  ").append(s.sql()).append(";\n"));
        if (savepoint != Savepoint.NONE) {
            sql.append("  SAVEPOINT s;\n");
            inSavepoint.forEach(s -> sql.append("    ").append(s.sql()).append(";\n"));
            sql.append(savepoint == Savepoint.ROLLED_BACK ? "  ROLLBACK TO SAVEPOINT s;\n" : "  RELEASE SAVEPOINT s;\n");
            after.forEach(s -> sql.append("  ").append(s.sql()).append(";\n"));
        }
        return sql.append(switch (end) {
            case COMMIT -> "COMMIT;";
            case ROLLBACK -> "ROLLBACK;";
            case HELD -> "-- held open across the next refresh, committed before the next write\nCOMMIT;";
        }).toString();
    }

    @Override
    public String toString() {
        return sql();
    }
}

package dev.trickle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Transaction shapes and batches as SQL scripts. */
class TransactionTest {
    static final TableSpec T = TableSpec.of("t").key("id", 5).intColumn("g", 0, 2);
    static final Dml DELETE_1 = new Dml.Delete(T, Dml.Where.key(T, 1));
    static final Dml DELETE_2 = new Dml.Delete(T, Dml.Where.key(T, 2));
    static final Dml DELETE_3 = new Dml.Delete(T, Dml.Where.key(T, 3));

    @Test
    void sql_savepointRolledBack_rendersTheWholeShape() {
        var tx = new Transaction(List.of(DELETE_1), Transaction.Savepoint.ROLLED_BACK, List.of(DELETE_2),
                List.of(DELETE_3), Transaction.End.COMMIT);

        assertThat(tx.sql()).isEqualTo("""
                BEGIN;
                  DELETE FROM t WHERE id = 1;
                  SAVEPOINT s;
                    DELETE FROM t WHERE id = 2;
                  ROLLBACK TO SAVEPOINT s;
                  DELETE FROM t WHERE id = 3;
                COMMIT;""");
        assertThat(tx.statements()).containsExactly(DELETE_1, DELETE_2, DELETE_3);
    }

    @Test
    void sql_releasedAndRolledBack_endWithReleaseAndRollback() {
        var tx = new Transaction(List.of(), Transaction.Savepoint.RELEASED, List.of(DELETE_2), List.of(),
                Transaction.End.ROLLBACK);

        assertThat(tx.sql()).contains("RELEASE SAVEPOINT s;").endsWith("ROLLBACK;");
    }

    @Test
    void sql_held_saysWhenItCommits() {
        assertThat(Transaction.held(List.of(DELETE_1)).sql()).contains("held open across the next refresh");
    }

    @Test
    void statementsAfterASavepoint_withoutOne_areRejected() {
        assertThatThrownBy(() -> new Transaction(List.of(), Transaction.Savepoint.NONE, List.of(DELETE_1), List.of(),
                Transaction.End.COMMIT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void held_withTruncate_isRejected() {
        assertThatThrownBy(() -> Transaction.held(List.of(new Dml.Truncate(T))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TRUNCATE");
    }

    @Test
    void batch_heldBeforeTheEnd_isRejected() {
        assertThatThrownBy(() -> DmlBatch.of(Transaction.held(List.of(DELETE_1)),
                Transaction.committed(List.of(DELETE_2)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batch_countsAndRendersItsTransactions() {
        var batch = DmlBatch.of(Transaction.committed(List.of(DELETE_1, DELETE_2)),
                Transaction.rolledBack(List.of(DELETE_3)));

        assertThat(batch.statementCount()).isEqualTo(3);
        assertThat(batch.sql()).isEqualTo("""
                BEGIN;
                  DELETE FROM t WHERE id = 1;
                  DELETE FROM t WHERE id = 2;
                COMMIT;
                BEGIN;
                  DELETE FROM t WHERE id = 3;
                ROLLBACK;""");
        assertThat(DmlBatch.of().sql()).isEqualTo("-- (no transactions)");
    }
}

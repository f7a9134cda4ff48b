package dev.trickle.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** What the generators produce: valid rows and statements, in the shapes asked for. No database. */
class DmlArbitrariesPropertyTest {
    static final TableSpec T = TableSpec.of("t").key("id", 8)
            .intColumn("g", 0, 3).nullable()
            .numericColumn("v", -2, 4)
            .textColumn("s", 2).nullable();
    static final TableSpec U = TableSpec.of("u").key("k", 4).intColumn("t_g", 0, 3);

    @Provide
    Arbitrary<List<Row>> contents() {
        return T.rows(8);
    }

    @Property(tries = 200, seed = "20240601")
    void rows_haveDistinctIdsAndValuesFromTheirDomains(@ForAll("contents") List<Row> rows) {
        Set<Object> ids = new HashSet<>();
        for (Row r : rows) {
            assertThat(ids.add(r.get("id"))).as("distinct ids in %s", rows).isTrue();
            assertThat((Integer) r.get("id")).isBetween(1, 8);
            assertThat((Integer) r.get("g")).satisfiesAnyOf(g -> assertThat(g).isNull(),
                    g -> assertThat(g).isBetween(0, 3));
            BigDecimal v = (BigDecimal) r.get("v");
            assertThat(v).isBetween(new BigDecimal("-2"), new BigDecimal("4.5"));
            assertThat(v.scale()).isBetween(0, 2);
            String s = (String) r.get("s");
            assertThat(s == null || s.matches("[abc]{0,2}")).as("text value %s", s).isTrue();
        }
    }

    @Provide
    Arbitrary<DmlBatch> anyBatch() {
        return DmlArbitraries.batches(T, U);
    }

    @Property(tries = 300, seed = "20240602")
    void batches_holdOnlyTheLastTransactionAndNeverTruncateByDefault(@ForAll("anyBatch") DmlBatch batch) {
        List<Transaction> txs = batch.transactions();
        assertThat(txs.size()).isLessThanOrEqualTo(BatchShape.DEFAULT.maxTransactions() + 1);
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            Statistics.label("shape").collect(tx.end() + "/" + tx.savepoint());
            assertThat(tx.end() != Transaction.End.HELD || i == txs.size() - 1).isTrue();
            assertThat(tx.statements()).noneMatch(s -> s instanceof Dml.Truncate);
            for (Dml s : tx.statements()) {
                Statistics.label("statement").collect(s.getClass().getSimpleName());
                String prefix = s instanceof Dml.Insert ? "INSERT INTO "
                        : s instanceof Dml.Delete ? "DELETE FROM " : "UPDATE ";
                assertThat(s.sql()).startsWith(prefix + s.table().name() + " ");
            }
        }
        Statistics.label("shape").coverage(c -> {
            c.check("COMMIT/NONE").percentage(p -> p > 30);
            c.check("ROLLBACK/NONE").count(n -> n > 0);
            c.check("COMMIT/ROLLED_BACK").count(n -> n > 0);
            c.check("COMMIT/RELEASED").count(n -> n > 0);
            c.check("HELD/NONE").count(n -> n > 0);
            c.check("HELD/ROLLED_BACK").count(n -> n > 0);
        });
        Statistics.label("statement").coverage(c -> {
            c.check("Insert").count(n -> n > 0);
            c.check("Update").count(n -> n > 0);
            c.check("UpdateKey").count(n -> n > 0);
            c.check("Delete").count(n -> n > 0);
        });
    }

    @Provide
    Arbitrary<DmlBatch> plainBigBatch() {
        return DmlArbitraries.batches(BatchShape.DEFAULT.withRollbacks(false).withSavepoints(false).withHeld(false)
                .withTruncates(true).withStatements(20).withInsertRows(5), T);
    }

    @Property(tries = 100, seed = "20240603")
    void batches_followTheirShape(@ForAll("plainBigBatch") DmlBatch batch) {
        for (Transaction tx : batch.transactions()) {
            assertThat(tx.end()).isEqualTo(Transaction.End.COMMIT);
            assertThat(tx.savepoint()).isEqualTo(Transaction.Savepoint.NONE);
            assertThat(tx.statements()).hasSizeBetween(1, 20);
            tx.statements().stream().filter(s -> s instanceof Dml.Insert)
                    .forEach(s -> assertThat(((Dml.Insert) s).rows()).hasSizeBetween(1, 5));
            tx.statements().forEach(s -> Statistics.collect(s instanceof Dml.Truncate));
        }
        Statistics.coverage(c -> c.check(true).count(n -> n > 0));
    }
}

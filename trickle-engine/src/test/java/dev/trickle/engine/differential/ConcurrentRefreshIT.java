package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.testkit.BatchShape;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.Dml;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.Transaction;
import dev.trickle.testkit.TrickleFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Invariant I2 under real concurrency: three writer threads commit and roll back random transactions on the sources
 * of two stream tables while two threads refresh them in a loop, so transactions commit before, during and after
 * each refresh's snapshot. When the writers stop, one more refresh of each stream table must leave it equal to its
 * query recomputed: no change lost, none applied twice. Timing decides the interleaving, so a failure here may not
 * repeat; the property ITs reproduce the serial cases deterministically.
 */
class ConcurrentRefreshIT {
    static final String JOIN = """
            SELECT o.id AS order_id, c.name, o.amount FROM orders o JOIN customers c ON o.customer_id = c.id""";
    static final String TOTALS = "SELECT status, count(*) AS cnt, sum(amount) AS total FROM orders GROUP BY status";
    static final long RUN_MILLIS = 4000;

    static TrickleFixture trickle;

    @BeforeAll
    static void start() {
        trickle = DifferentialRun.differentialOnly();
    }

    @AfterAll
    static void stop() {
        trickle.close();
    }

    @RepeatedTest(3)
    void refresh_whileWritersCommit_appliesEveryCommittedChangeOnce() throws InterruptedException {
        try (ChangeScenario join = ChangeScenario.of(trickle, "st_join", JOIN);
                ChangeScenario totals = ChangeScenario.of(trickle, "st_totals", TOTALS)) {
            join.load(ORDERS, ORDERS.rows(10).sample()).load(CUSTOMERS, CUSTOMERS.rows(5).sample())
                    .create(RefreshMode.DIFFERENTIAL);
            totals.create(RefreshMode.DIFFERENTIAL);
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> refreshErrors = new ConcurrentLinkedQueue<>();
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger applied = new AtomicInteger();
            Arbitrary<Transaction> transactions =
                    DmlArbitraries.transactions(BatchShape.DEFAULT.withHeld(false), ORDERS, CUSTOMERS);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        if (run(transactions.sample())) {
                            committed.incrementAndGet();
                        }
                    }
                }, "writer-" + i));
            }
            for (String streamTable : List.of("st_join", "st_totals")) {
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            if (trickle.trickle().refresh(streamTable).action() == RefreshAction.DIFFERENTIAL) {
                                applied.incrementAndGet();
                            }
                            Thread.sleep(ThreadLocalRandom.current().nextInt(15));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (RuntimeException e) {
                            refreshErrors.add(e);
                        }
                    }
                }, "refresh-" + streamTable));
            }
            threads.forEach(Thread::start);
            Thread.sleep(RUN_MILLIS);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }

            join.refresh().assertMatchesRecompute();
            totals.refresh().assertMatchesRecompute();
            assertThat(refreshErrors).as("refresh failures").isEmpty();
            assertThat(committed.get()).as("committed transactions").isPositive();
            assertThat(applied.get()).as("differential refreshes during the run").isPositive();
        }
    }

    /** Runs a transaction; writers deadlock on each other now and then, which rolls one back. */
    private static boolean run(Transaction tx) {
        try (Connection c = trickle.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                execute(st, tx.before());
                if (tx.savepoint() != Transaction.Savepoint.NONE) {
                    st.execute("SAVEPOINT s");
                    execute(st, tx.inSavepoint());
                    st.execute(tx.savepoint() == Transaction.Savepoint.ROLLED_BACK
                            ? "ROLLBACK TO SAVEPOINT s" : "RELEASE SAVEPOINT s");
                    execute(st, tx.after());
                }
                if (tx.end() == Transaction.End.COMMIT) {
                    c.commit();
                    return true;
                }
                c.rollback();
                return false;
            } catch (SQLException e) {
                c.rollback();
                return false;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Statement st, List<Dml> statements) throws SQLException {
        for (Dml s : statements) {
            st.execute(s.sql());
        }
    }
}

package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.testkit.BatchShape;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Two stream tables share a source's change buffer and are refreshed at different times: the second is created
 * while the first has changes pending (which widens the buffer and replaces the capture trigger), and is refreshed
 * after every other batch only. Buffer cleanup after one's refresh must keep the rows the other has not consumed.
 */
class MultipleStreamTablesPropertyIT extends ShopProperties {
    static final String JOIN = """
            SELECT o.id AS order_id, c.name, o.amount
              FROM orders o JOIN customers c ON o.customer_id = c.id""";
    static final String TOTALS = """
            SELECT status, count(*) AS cnt, sum(amount) AS total, count(customer_id) AS with_customer
              FROM orders GROUP BY status""";
    /** 30 tries of one batch before the second stream table and {@link #BATCHES} (8) after it: 270 batches. */
    static final int TWO_TABLE_TRIES = 30;

    /** Without a held transaction: creating a stream table waits for the writers of its sources. */
    @Provide
    Arbitrary<DmlBatch> firstBatch() {
        return DmlArbitraries.batches(BatchShape.DEFAULT.withHeld(false), ORDERS, CUSTOMERS);
    }

    @Property(tries = TWO_TABLE_TRIES, seed = "7501")
    void twoStreamTables_refreshedAtDifferentTimes_bothMatchRecompute(@ForAll("orders") List<Row> orders,
            @ForAll("customers") List<Row> customers, @ForAll("firstBatch") DmlBatch first,
            @ForAll("twoTables") List<DmlBatch> batches) {
        try (ChangeScenario join = ChangeScenario.of(trickle, "st_join", JOIN);
                ChangeScenario totals = ChangeScenario.of(trickle, "st_totals", TOTALS)) {
            join.load(ORDERS, orders).load(CUSTOMERS, customers).create(RefreshMode.DIFFERENTIAL).apply(first);
            totals.create(RefreshMode.DIFFERENTIAL);
            checked(join, totals, () -> totals.assertMatchesRecompute());
            join.refresh().assertDifferential().assertMatchesRecompute();
            for (int i = 0; i < batches.size(); i++) {
                join.apply(batches.get(i)).refresh().assertDifferential().assertMatchesRecompute();
                if (i % 2 == 1) {
                    checked(join, totals, () -> totals.refresh()
                            .assertLastAction(RefreshAction.DIFFERENTIAL, RefreshAction.NO_DATA)
                            .assertMatchesRecompute());
                }
            }
            checked(join, totals, () -> totals.refresh()
                    .assertLastAction(RefreshAction.DIFFERENTIAL, RefreshAction.NO_DATA).assertMatchesRecompute()
                    .refresh().assertLastAction(RefreshAction.NO_DATA));
            join.refresh().assertLastAction(RefreshAction.NO_DATA);
        }
    }

    /** Runs checks of the second stream table, whose own history lacks the batches: adds the first one's. */
    private static void checked(ChangeScenario join, ChangeScenario totals, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nhistory of the other stream table, with the batches:\n"
                    + join.history(), e);
        }
    }
}

package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.Sources.CUSTOMERS;
import static dev.trickle.engine.differential.Sources.ITEMS;
import static dev.trickle.engine.differential.Sources.ORDERS;

import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** Differential properties over {@link Sources}' orders, customers and items: their rows and batches of changes. */
abstract class ShopProperties extends DifferentialProperties {

    @Provide
    Arbitrary<List<Row>> orders() {
        return ORDERS.rows(10);
    }

    @Provide
    Arbitrary<List<Row>> customers() {
        return CUSTOMERS.rows(5);
    }

    @Provide
    Arbitrary<List<Row>> items() {
        return ITEMS.rows(10);
    }

    @Provide
    Arbitrary<List<DmlBatch>> oneTable() {
        return DmlArbitraries.batches(ORDERS).list().ofSize(BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> twoTables() {
        return DmlArbitraries.batches(ORDERS, CUSTOMERS).list().ofSize(BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> threeTables() {
        return DmlArbitraries.batches(ORDERS, CUSTOMERS, ITEMS).list().ofSize(BATCHES);
    }
}

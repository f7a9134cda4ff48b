package dev.trickle.engine.differential;

import dev.trickle.testkit.TableSpec;

/**
 * The source tables of the join properties. Small id ranges and join-key domains make rows meet, miss (dangling
 * {@code customer_id} 0 and NULL) and move between partners when a key or a join column is updated.
 */
final class Sources {
    /** Orders: {@code customer_id} joins {@link #CUSTOMERS}; 0 never matches, NULL never joins. */
    static final TableSpec ORDERS = TableSpec.of("orders").key("id", 12)
            .intColumn("customer_id", 0, 6).nullable()
            .numericColumn("amount", 0, 9)
            .textColumn("status", 1).nullable();
    /** Customers: few of them, so several orders share one. */
    static final TableSpec CUSTOMERS = TableSpec.of("customers").key("id", 6)
            .intColumn("region", 0, 2).nullable()
            .textColumn("name", 2);
    /** Order lines: {@code order_id} joins the key of {@link #ORDERS}. */
    static final TableSpec ITEMS = TableSpec.of("items").key("id", 12)
            .intColumn("order_id", 1, 12).nullable()
            .intColumn("qty", 0, 3);

    private Sources() {}
}

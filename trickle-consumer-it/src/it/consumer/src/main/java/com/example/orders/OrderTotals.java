package com.example.orders;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import java.math.BigDecimal;
import org.jooq.Field;
import org.jooq.Select;

/** The stream table {@code order_totals}: per customer, how many orders and their total. */
public final class OrderTotals {
    static final Field<Integer> CUSTOMER_ID = field(name("customer_id"), Integer.class);
    static final Field<BigDecimal> AMOUNT = field(name("amount"), BigDecimal.class);

    private OrderTotals() {}

    /** @return the defining query */
    public static Select<?> query() {
        return select(CUSTOMER_ID, count().as("orders"), sum(AMOUNT).as("total"))
                .from(table(name("orders")))
                .groupBy(CUSTOMER_ID);
    }

    /**
     * Makes the stream table exist with this definition (on every start of the application).
     *
     * @param trickle the engine
     */
    public static void define(Trickle trickle) {
        trickle.ensureStreamTable(spec());
    }

    /** @return the definition, for {@code ensureStreamTable} or as a Spring bean */
    public static StreamTableSpec spec() {
        return StreamTableSpec.builder("order_totals", query()).build();
    }
}

package com.example.app;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import dev.trickle.Trickle;
import org.jooq.impl.DSL;

/** Creates and refreshes a stream table from the module path. Arguments: JDBC URL, user, password or {@code -}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try (Trickle trickle = Trickle.builder(args[0], args[1], "-".equals(args[2]) ? null : args[2]).build()) {
            trickle.createStreamTable("module_totals", DSL.select(field("g"), sum(field("v", Integer.class)).as("total"))
                    .from(table("module_src")).groupBy(field("g")));
            System.out.println("refreshed: " + trickle.refresh("module_totals").action());
        }
    }
}

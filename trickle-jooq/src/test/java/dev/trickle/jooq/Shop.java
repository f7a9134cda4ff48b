package dev.trickle.jooq;

import static dev.trickle.jooq.Catalog.streamTable;
import static dev.trickle.jooq.Catalog.table;

import dev.trickle.jooq.model.SourceRelation;

/**
 * The catalog most compiler tests query: a small shop. OIDs follow declaration order ({@code orders} is 16401,
 * {@code customers} 16402, ...), so goldens name buffers such as {@code "pgtrickle_changes"."changes_16401"}.
 */
public final class Shop {
    /** The shop's relations. */
    public static final Catalog DB = Catalog.of(
            table("orders", "id int pk", "customer_id int", "amount numeric(12,2)", "status text", "note text"),
            table("customers", "id int pk", "name text", "region_id int", "active boolean"),
            table("order_lines", "order_id int pk", "line_no int pk", "product_id int", "qty int", "price numeric"),
            table("products", "id int pk", "name text", "category text"),
            table("sales.regions", "id int pk", "name text"),
            table("Sales.Targets", "\"Region Id\" int pk", "Amount numeric"),
            table("events", "at timestamptz", "payload json"),
            table("active_orders", "id int", "amount numeric").as(SourceRelation.Kind.VIEW),
            streamTable("order_totals", "customer_id int", "total numeric"));

    private Shop() {}

    /**
     * Starts a query over the shop.
     *
     * @param sql the defining query
     * @return the query
     */
    public static Catalog.Query query(String sql) {
        return DB.query(sql);
    }
}

package dev.trickle.bench;

/** The defining queries the refresh benchmark maintains, each with a short label for the results table. */
enum BenchQuery {
    /** Join and aggregate into few groups: 12 regions. */
    REGION_TOTALS("join+agg/region", "region",
            "SELECT c.region, count(*) AS n, sum(o.amount) AS total, avg(o.amount) AS avg_amount"
                    + " FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region",
            "region, n, total, avg_amount"),
    /** Join and aggregate into many groups: one per customer (N/10). */
    CUSTOMER_TOTALS("join+agg/customer", "customer",
            "SELECT o.customer_id, c.region, count(*) AS n, sum(o.amount) AS total"
                    + " FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY o.customer_id, c.region",
            "customer_id, region, n, total"),
    /** Filter and project: the open orders, about a quarter of them. */
    OPEN_ORDERS("filter+project", "open",
            "SELECT id, customer_id, amount * 1.2 AS gross FROM orders WHERE status = 'open'",
            "id, customer_id, gross");

    private final String label;
    private final String suffix;
    private final String sql;
    private final String columns;

    BenchQuery(String label, String suffix, String sql, String columns) {
        this.label = label;
        this.suffix = suffix;
        this.sql = sql;
        this.columns = columns;
    }

    /** @return the label for the results table */
    String label() {
        return label;
    }

    /** @return the defining query */
    String sql() {
        return sql;
    }

    /** @return the output columns, comma-separated */
    String columns() {
        return columns;
    }

    /**
     * Names a relation of this query.
     *
     * @param kind {@code diff}, {@code full} or {@code mv}
     * @return such as {@code bench_region_diff}
     */
    String relation(String kind) {
        return "bench_" + suffix + "_" + kind;
    }
}

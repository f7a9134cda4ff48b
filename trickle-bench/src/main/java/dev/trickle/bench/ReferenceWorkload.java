package dev.trickle.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * The reference workload on which Trickle's refresh is compared with {@code REFRESH MATERIALIZED VIEW} and with the
 * hand-written limit: {@code customers} (N/10 rows, at least 100, in 100 regions) and {@code orders} (N rows), from
 * a fixed seed; batches of k changed orders (40% UPDATE of amount, 20% of status, 20% INSERT, 10% DELETE, 10% UPDATE
 * of customer_id, which moves an order between groups), each with its delta: the old (-1) and new (+1) images of the
 * changed rows, which is what a change buffer holds; and the limit, one {@code MERGE} per query that reads only the
 * delta, probes {@code customers} by key and updates only the touched groups — what a perfect incremental engine
 * would spend on top of having captured the change.
 */
final class ReferenceWorkload {
    /** Table holding the delta of the last batch. */
    static final String DELTA = "ref_delta";

    private final Connection connection;
    private final int n;
    private final int customers;
    private int batches;

    private ReferenceWorkload(Connection connection, int n) {
        this.connection = connection;
        this.n = n;
        this.customers = Math.max(n / 10, 100);
    }

    /** The workload's queries, each with the limit that maintains its result from a delta, if there is one. */
    enum Query {
        /** Join and aggregate over 100 regions. */
        Q1("Q1 join+agg/100 regions", "ref_q1",
                "SELECT c.region, count(*) AS n, sum(o.amount) AS total, avg(o.amount) AS avg_amount"
                        + " FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region",
                "region, n, total, avg_amount",
                """
                MERGE INTO %s a
                USING (SELECT c.region, sum(d.sign)::bigint AS dn, sum(d.sign * d.amount) AS dtotal
                         FROM %s d JOIN customers c ON c.id = d.customer_id
                        GROUP BY c.region
                       HAVING sum(d.sign) <> 0 OR sum(d.sign * d.amount) <> 0) d
                ON a.region = d.region
                WHEN MATCHED AND a.n + d.dn = 0 THEN DELETE
                WHEN MATCHED THEN UPDATE SET n = a.n + d.dn, total = a.total + d.dtotal,
                                             avg_amount = (a.total + d.dtotal) / (a.n + d.dn)
                WHEN NOT MATCHED AND d.dn > 0 THEN INSERT (region, n, total, avg_amount)
                                                   VALUES (d.region, d.dn, d.dtotal, d.dtotal / d.dn)"""),
        /** Filter and project. */
        Q2("Q2 filter+project", "ref_q2",
                "SELECT o.id, o.customer_id, o.amount * 1.2 AS gross FROM orders o WHERE o.status = 1",
                "id, customer_id, gross", null),
        /** Left join and aggregate per customer, maintained differentially since outer joins are. */
        Q3("Q3 left join+agg/customer", "ref_q3",
                "SELECT c.id, c.name, count(o.id) AS n, coalesce(sum(o.amount), 0) AS total"
                        + " FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name",
                "id, name, n, total",
                """
                MERGE INTO %s a
                USING (SELECT c.id, c.name, sum(d.sign)::bigint AS dn, sum(d.sign * d.amount) AS dtotal
                         FROM %s d JOIN customers c ON c.id = d.customer_id
                        GROUP BY c.id, c.name
                       HAVING sum(d.sign) <> 0 OR sum(d.sign * d.amount) <> 0) d
                ON a.id = d.id
                WHEN MATCHED THEN UPDATE SET n = a.n + d.dn, total = a.total + d.dtotal
                WHEN NOT MATCHED THEN INSERT (id, name, n, total) VALUES (d.id, d.name, d.dn, d.dtotal)""");

        private final String label;
        private final String prefix;
        private final String sql;
        private final String columns;
        private final @Nullable String merge;

        Query(String label, String prefix, String sql, String columns, @Nullable String merge) {
            this.label = label;
            this.prefix = prefix;
            this.sql = sql;
            this.columns = columns;
            this.merge = merge;
        }

        String label() {
            return label;
        }

        String sql() {
            return sql;
        }

        String columns() {
            return columns;
        }

        /**
         * @param kind {@code diff}, {@code mv} or {@code limit}
         * @return the relation's name, such as {@code ref_q1_diff}
         */
        String relation(String kind) {
            return prefix + "_" + kind;
        }

        /** @return the limit's statement, which reads {@link #DELTA}, or {@code null} if it has none */
        @Nullable String limit() {
            return merge == null ? null : String.format(merge, relation("limit"), DELTA);
        }
    }

    /**
     * Creates and loads the tables ({@code setseed(0.42)}; the foreign key and the index on {@code customer_id}
     * after the load), then {@code VACUUM ANALYZE}s them.
     *
     * @param connection a connection in auto-commit mode, used for the batches later
     * @param n the number of orders
     * @return the workload
     * @throws SQLException if the server fails
     */
    static ReferenceWorkload load(Connection connection, int n) throws SQLException {
        ReferenceWorkload w = new ReferenceWorkload(connection, n);
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE customers (id int PRIMARY KEY, region int NOT NULL, name text NOT NULL)");
            st.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL,"
                    + " amount numeric(12,2) NOT NULL, status int NOT NULL)");
            st.execute("SELECT setseed(0.42)");
            st.execute("INSERT INTO customers SELECT g, 1 + floor(random() * 100)::int, 'customer_' || g"
                    + " FROM generate_series(1, " + w.customers + ") g");
            st.execute("INSERT INTO orders SELECT g, 1 + floor(random() * " + w.customers + ")::int,"
                    + " floor((1 + random() * 999) * 100) / 100, floor(random() * 3)::int"
                    + " FROM generate_series(1, " + n + ") g");
            st.execute("ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id)"
                    + " REFERENCES customers(id)");
            st.execute("CREATE INDEX ON orders(customer_id)");
            st.execute("VACUUM (ANALYZE) customers");
            st.execute("VACUUM (ANALYZE) orders");
        }
        return w;
    }

    /**
     * Creates the limit's table of a query, filled with the query's result.
     *
     * @param q the query
     * @throws SQLException if the server fails
     */
    void createLimit(Query q) throws SQLException {
        execute("CREATE TABLE " + q.relation("limit") + " AS " + q.sql());
        execute(q == Query.Q1 ? "ALTER TABLE " + q.relation("limit") + " ADD PRIMARY KEY (region)"
                : "ALTER TABLE " + q.relation("limit") + " ADD PRIMARY KEY (id)");
        execute("ANALYZE " + q.relation("limit"));
    }

    /**
     * Applies a batch of k changed orders in one committed transaction, after writing its delta into
     * {@link #DELTA}: the batch's targets are k distinct live orders drawn from a seed of their own, so that the
     * batches are the same from run to run. The plan and delta tables are created and analyzed with the first batch
     * and emptied for the next ones: DDL in every round would make every other backend process the catalog
     * invalidations it sends at its next transaction (about 0.3 ms for the engine's first statement, seen in the
     * server's log), a cost the limit's connection, which runs the DDL itself, does not pay, and which an
     * application does not pay between its refreshes.
     *
     * @param k the number of changed orders
     * @throws SQLException if the server fails
     */
    void applyBatch(int k) throws SQLException {
        int batch = ++batches;
        boolean first = batch == 1;
        if (first) {
            execute("DROP TABLE IF EXISTS ref_plan, " + DELTA);
            execute("CREATE TABLE ref_plan (seq int PRIMARY KEY, op text NOT NULL, id bigint NOT NULL,"
                    + " customer_id int NOT NULL, amount numeric(12,2) NOT NULL, status int NOT NULL)");
            execute("CREATE TABLE " + DELTA + " (id bigint, customer_id int, amount numeric(12,2), status int,"
                    + " sign int)");
        } else {
            execute("DELETE FROM ref_plan");
            execute("DELETE FROM " + DELTA);
        }
        execute("SELECT setseed(" + (batch % 1000) / 1000.0 + ")");
        String c = String.valueOf(customers);
        execute("""
                WITH pick AS (
                  SELECT row_number() OVER (ORDER BY s.r, s.id) AS rn, s.id
                    FROM (SELECT DISTINCT ON (o.id) o.id, random() AS r
                            FROM (SELECT 1 + floor(random() * %1$d)::bigint AS id FROM generate_series(1, %2$d * 4)) g
                            JOIN orders o ON o.id = g.id) s
                   ORDER BY s.r, s.id LIMIT %2$d),
                rnd AS (SELECT s AS seq, random() AS r1, random() AS r2, random() AS r3 FROM generate_series(1, %2$d) s)
                INSERT INTO ref_plan
                SELECT r.seq, x.op,
                  CASE WHEN x.op = 'insert' THEN 2000000000 + %3$d::bigint * %2$d + r.seq ELSE p.id END,
                  CASE x.op WHEN 'insert' THEN 1 + floor(r.r1 * %4$s)::int
                            WHEN 'move' THEN ((o.customer_id - 1 + 1 + floor(r.r1 * (%4$s - 1))::int) %% %4$s) + 1
                            ELSE o.customer_id END,
                  CASE x.op WHEN 'amount' THEN floor((1 + r.r2 * 999) * 100) / 100
                            WHEN 'insert' THEN floor((1 + r.r2 * 999) * 100) / 100
                            ELSE o.amount END,
                  CASE x.op WHEN 'status' THEN (o.status + 1 + floor(r.r3 * 2)::int) %% 3
                            WHEN 'insert' THEN floor(r.r3 * 3)::int
                            ELSE o.status END
                FROM rnd r
                CROSS JOIN LATERAL (SELECT CASE WHEN r.seq <= %2$d * 4 / 10 THEN 'amount'
                                                WHEN r.seq <= %2$d * 6 / 10 THEN 'status'
                                                WHEN r.seq <= %2$d * 8 / 10 THEN 'insert'
                                                WHEN r.seq <= %2$d * 9 / 10 THEN 'delete'
                                                ELSE 'move' END AS op) x
                JOIN pick p ON p.rn = r.seq
                LEFT JOIN orders o ON o.id = p.id""".formatted(n, k, batch, c));
        execute("INSERT INTO " + DELTA
                + " SELECT o.id, o.customer_id, o.amount, o.status, -1 AS sign"
                + " FROM ref_plan p JOIN orders o ON o.id = p.id WHERE p.op <> 'insert'"
                + " UNION ALL SELECT p.id, p.customer_id, p.amount, p.status, 1 FROM ref_plan p WHERE p.op <> 'delete'");
        if (first) {
            execute("ANALYZE ref_plan");
            execute("ANALYZE " + DELTA);
        }
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("UPDATE orders o SET customer_id = p.customer_id, amount = p.amount, status = p.status"
                    + " FROM ref_plan p WHERE p.id = o.id AND p.op IN ('amount', 'status', 'move')");
            st.execute("INSERT INTO orders SELECT id, customer_id, amount, status FROM ref_plan WHERE op = 'insert'");
            st.execute("DELETE FROM orders o USING ref_plan p WHERE p.id = o.id AND p.op = 'delete'");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}

package dev.trickle.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark's data: {@code customers} (N/10 rows, 12 regions) and {@code orders} (N rows, about a quarter
 * {@code 'open'}), with an index on {@code orders(customer_id)}, loaded with {@code INSERT ... SELECT
 * generate_series} from a fixed seed; and batches of random changes to {@code orders}.
 *
 * <p>A batch of k changes touches k distinct orders in one committed transaction: a fifth each are UPDATEs of
 * {@code amount}, of {@code status} (flipping {@code 'open'}, so rows cross the filter of the filter+project query),
 * and of {@code customer_id} (moving rows between groups), INSERTs and DELETEs (the remainder goes to the amount
 * updates). The live order ids are tracked here so every statement hits existing rows.
 */
final class OrdersSchema {
    private static final String AMOUNT = "round((1 + random() * 999)::numeric, 2)";
    private static final String STATUS =
            "(ARRAY['open','paid','shipped','closed'])[1 + floor(random() * 4)::int]";

    private final Connection connection;
    private final int customers;
    private final Random random = new Random(42);
    /** The live order ids, in no order, and each id's index in it (-1 when deleted). */
    private int[] live;
    private int[] position;
    private int liveCount;
    private int nextId;

    private OrdersSchema(Connection connection, int orders) {
        this.connection = connection;
        this.customers = Math.max(1, orders / 10);
        this.live = new int[orders + 1024];
        this.position = new int[orders + 1024];
        for (int i = 0; i < orders; i++) {
            live[i] = i + 1;
            position[i + 1] = i;
        }
        this.liveCount = orders;
        this.nextId = orders + 1;
    }

    /**
     * Creates and loads the tables, then {@code VACUUM ANALYZE}s them.
     *
     * @param connection a connection in auto-commit mode, used for the changes later
     * @param orders N, the number of orders
     * @return the loaded schema
     * @throws SQLException if the server fails
     */
    static OrdersSchema load(Connection connection, int orders) throws SQLException {
        OrdersSchema schema = new OrdersSchema(connection, orders);
        int customers = schema.customers;
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT setseed(0.42)");
            st.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, region text NOT NULL,"
                    + " segment text NOT NULL, created date NOT NULL)");
            st.execute("INSERT INTO customers SELECT g, 'customer ' || g, 'region_' || lpad((g % 12)::text, 2, '0'),"
                    + " (ARRAY['retail','smb','enterprise'])[1 + g % 3], DATE '2020-01-01' + g % 1500"
                    + " FROM generate_series(1, " + customers + ") g");
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT"
                    + " NULL, status text NOT NULL, created date NOT NULL)");
            st.execute("INSERT INTO orders SELECT g, " + customerExpr(customers) + ", " + AMOUNT + ", " + STATUS
                    + ", DATE '2024-01-01' + (random() * 365)::int FROM generate_series(1, " + orders + ") g");
            st.execute("CREATE INDEX orders_customer_id_idx ON orders (customer_id)");
            st.execute("VACUUM ANALYZE customers, orders");
        }
        return schema;
    }

    private static String customerExpr(int customers) {
        return "1 + floor(random() * " + customers + ")::int";
    }

    /** @return the number of customers */
    int customers() {
        return customers;
    }

    /** @return the number of orders now */
    int orders() {
        return liveCount;
    }

    /**
     * Applies k changes to {@code orders} in one transaction and commits it.
     *
     * @param k the number of orders to change
     * @throws SQLException if the server fails
     */
    void applyChanges(int k) throws SQLException {
        int fifth = k / 5;
        int amountUpdates = k - 4 * fifth;
        Set<Integer> touched = new HashSet<>();
        Integer[] amountIds = pick(amountUpdates, touched);
        Integer[] statusIds = pick(fifth, touched);
        Integer[] customerIds = pick(fifth, touched);
        Integer[] deleteIds = pick(fifth, touched);
        connection.setAutoCommit(false);
        try {
            update("UPDATE orders SET amount = amount + 1.00 WHERE id = ANY(?)", amountIds);
            update("UPDATE orders SET status = CASE WHEN status = 'open' THEN 'shipped' ELSE 'open' END"
                    + " WHERE id = ANY(?)", statusIds);
            update("UPDATE orders SET customer_id = " + customerExpr(customers) + " WHERE id = ANY(?)", customerIds);
            if (fifth > 0) {
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO orders SELECT g, "
                        + customerExpr(customers) + ", " + AMOUNT + ", " + STATUS
                        + ", DATE '2025-01-01' + (random() * 30)::int FROM generate_series(?, ?) g")) {
                    ps.setInt(1, nextId);
                    ps.setInt(2, nextId + fifth - 1);
                    ps.executeUpdate();
                }
            }
            update("DELETE FROM orders WHERE id = ANY(?)", deleteIds);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        for (int i = 0; i < fifth; i++) {
            add(nextId++);
        }
        for (Integer id : deleteIds) {
            remove(id);
        }
    }

    private void update(String sql, Integer[] ids) throws SQLException {
        if (ids.length == 0) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("integer", ids);
            ps.setArray(1, array);
            int n = ps.executeUpdate();
            if (n != ids.length) {
                throw new IllegalStateException("internal error: changed " + n + " of " + ids.length + " orders");
            }
        }
    }

    /** Picks distinct live ids not yet in {@code touched}, and adds them to it. */
    private Integer[] pick(int count, Set<Integer> touched) {
        if (touched.size() + count > liveCount) {
            throw new IllegalStateException("cannot change " + count + " more of " + liveCount + " orders");
        }
        Integer[] ids = new Integer[count];
        for (int i = 0; i < count; ) {
            int id = live[random.nextInt(liveCount)];
            if (touched.add(id)) {
                ids[i++] = id;
            }
        }
        return ids;
    }

    private void add(int id) {
        if (liveCount == live.length) {
            live = Arrays.copyOf(live, live.length * 2);
        }
        if (id >= position.length) {
            position = Arrays.copyOf(position, Math.max(id + 1, position.length * 2));
        }
        position[id] = liveCount;
        live[liveCount++] = id;
    }

    private void remove(int id) {
        int i = position[id];
        if (i < 0 || live[i] != id) {
            throw new IllegalStateException("internal error: order " + id + " is not live");
        }
        int last = live[--liveCount];
        live[i] = last;
        position[last] = i;
        position[id] = -1;
    }
}

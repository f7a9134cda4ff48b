package dev.trickle.engine.logging;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import dev.trickle.Trickle;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.impl.DSL;

/**
 * A separate JVM, so that jOOQ initialises in it for the first time: it creates a stream table from a jOOQ
 * {@code Select}, refreshes it after each of a number of inserts, and drops it, writing a marker line to the log's
 * stream (standard error) between the phases. It sets up its tables with plain JDBC, so that only Trickle uses
 * jOOQ. Arguments: JDBC URL, user, password (or {@code -}), number of refreshes.
 */
public final class QuietChild {
    /** Written once the stream table is created. */
    static final String CREATED = "== created";
    /** Written once the refreshes are done. */
    static final String REFRESHED = "== refreshed";

    private QuietChild() {}

    /**
     * Runs the phases and exits.
     *
     * @param args JDBC URL, user, password or {@code -}, number of refreshes
     * @throws SQLException if setting up or inserting fails
     */
    public static void main(String[] args) throws SQLException {
        String password = "-".equals(args[2]) ? null : args[2];
        int refreshes = Integer.parseInt(args[3]);
        try (Connection c = DriverManager.getConnection(args[0], args[1], password);
                Statement st = c.createStatement();
                Trickle engine = Trickle.builder(args[0], args[1], password).build()) {
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int NOT NULL, amount int NOT NULL)");
            engine.createStreamTable("totals", DSL.select(field("customer"), sum(field("amount", Integer.class))
                    .as("total")).from(table("orders")).groupBy(field("customer")));
            System.err.println(CREATED);
            for (int i = 0; i < refreshes; i++) {
                st.execute("INSERT INTO orders VALUES (" + i + ", " + i % 3 + ", " + i + ")");
                engine.refresh("totals");
            }
            System.err.println(REFRESHED);
            engine.drop("totals");
        }
    }
}

package dev.trickle.bench;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Small tables under the server's JIT compiler: a differential refresh of a 3-table join over 3-row tables that were
 * never analyzed (autovacuum off for them), with the server's JIT settings as they are (PostgreSQL's default is
 * {@code jit = on}). The planner's estimates for such tables are inflated, and a statement whose cost passes
 * {@code jit_above_cost} is JIT-compiled, which took seconds before refreshes turned JIT off. For scale, the line also
 * gives the time of the defining query itself with JIT forced for every plan ({@code jit_above_cost = 0}).
 */
final class JitCase {
    private static final int RUNS = 7;
    private static final String QUERY = "SELECT a.id, a.x, b.y, c.z FROM jit_a a JOIN jit_b b ON b.id = a.b_id"
            + " JOIN jit_c c ON c.id = b.c_id";

    private JitCase() {}

    /**
     * Runs the case in a database of its own.
     *
     * @return a paragraph for the results
     * @throws SQLException if the server fails
     */
    static String run() throws SQLException {
        try (TestDatabase db = TestPostgres.createDatabase();
                Connection c = db.newConnection();
                Trickle trickle = Trickle.builder(db.dataSource()).build()) {
            execute(c, "CREATE TABLE jit_c (id int PRIMARY KEY, z int NOT NULL) WITH (autovacuum_enabled = false)");
            execute(c, "CREATE TABLE jit_b (id int PRIMARY KEY, c_id int NOT NULL, y int NOT NULL)"
                    + " WITH (autovacuum_enabled = false)");
            execute(c, "CREATE TABLE jit_a (id int PRIMARY KEY, b_id int NOT NULL, x int NOT NULL)"
                    + " WITH (autovacuum_enabled = false)");
            execute(c, "INSERT INTO jit_c VALUES (1, 1), (2, 2), (3, 3)");
            execute(c, "INSERT INTO jit_b VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3)");
            execute(c, "INSERT INTO jit_a VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3)");
            String settings = text(c, "SELECT current_setting('jit') || ', jit_above_cost ' || current_setting("
                    + "'jit_above_cost') || ', JIT ' || CASE WHEN pg_jit_available() THEN 'available'"
                    + " ELSE 'not available (no LLVM in this server build: the case cannot show JIT costs)' END");
            trickle.createStreamTable(StreamTableSpec.builder("jit_abc", QUERY).mode(RefreshMode.DIFFERENTIAL).build());
            long[] nanos = new long[RUNS];
            Set<RefreshAction> actions = new TreeSet<>();
            for (int r = 0; r < RUNS; r++) {
                execute(c, "UPDATE jit_a SET x = x + 1 WHERE id = " + (1 + r % 3));
                long t = System.nanoTime();
                actions.add(trickle.refresh("jit_abc").action());
                nanos[r] = System.nanoTime() - t;
            }
            long[] forced = new long[RUNS];
            execute(c, "SET jit_above_cost = 0");
            for (int r = 0; r < RUNS; r++) {
                long t = System.nanoTime();
                text(c, "SELECT count(*)::text FROM (" + QUERY + ") q");
                forced[r] = System.nanoTime() - t;
            }
            execute(c, "RESET jit_above_cost");
            Samples refresh = new Samples(nanos);
            Samples query = new Samples(forced);
            Progress.log("JIT case: refresh %s ms, the query with JIT forced %s ms", refresh.millisWithRange(),
                    query.millisWithRange());
            return String.format(Locale.ROOT, "Small tables under JIT (%s): a %s refresh of a 3-table join over"
                    + " 3-row, never-analyzed tables takes %s ms (median [min–max] of %d); the defining query alone"
                    + " with JIT forced for every plan takes %s ms.%n%n", settings, actions, refresh.millisWithRange(),
                    RUNS, query.millisWithRange());
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

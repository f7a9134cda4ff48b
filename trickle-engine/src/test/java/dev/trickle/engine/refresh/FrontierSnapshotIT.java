package dev.trickle.engine.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The frontier a refresh records ({@code pgtrickle.frontier_snapshot()}): its transaction's snapshot with its own id
 * counted as visible, and every other id that was running when the snapshot was taken, or was assigned between the
 * snapshot and its own id, counted as not visible. A refresh assigns its own id after its snapshot.
 */
class FrontierSnapshotIT {
    @Test
    void idsAssignedBetweenSnapshotAndOwnId_stayInvisible_ownIdVisible() throws SQLException {
        try (TestDatabase database = TestPostgres.createDatabase();
                Connection refresh = database.newConnection();
                Connection running = database.newConnection();
                Connection between = database.newConnection()) {
            try (Trickle engine = Trickle.builder(database.dataSource()).build()) {
                engine.start();
            }
            long runningId = begin(running);
            try (Statement st = refresh.createStatement()) {
                st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
                st.execute("SELECT 1");
                long betweenId = begin(between);
                long own = longValue(refresh, "SELECT pg_current_xact_id()::text::bigint");
                String frontier = text(refresh, "SELECT pgtrickle.frontier_snapshot()::text");

                assertThat(own).isGreaterThan(betweenId).isGreaterThan(runningId);
                assertThat(visible(refresh, own, frontier)).as("own id %s in %s", own, frontier).isTrue();
                assertThat(visible(refresh, runningId, frontier)).as("running id %s in %s", runningId, frontier)
                        .isFalse();
                assertThat(visible(refresh, betweenId, frontier)).as("id %s assigned between, in %s", betweenId,
                        frontier).isFalse();
                assertThat(visible(refresh, own + 1, frontier)).as("an id after the own id").isFalse();
                assertThat(frontier).as("the frontier").isEqualTo(expected(refresh, own));
                st.execute("COMMIT");
            }
            running.createStatement().execute("COMMIT");
            between.createStatement().execute("COMMIT");
        }
    }

    @Test
    void noOwnId_isTheSnapshot() throws SQLException {
        try (TestDatabase database = TestPostgres.createDatabase(); Connection refresh = database.newConnection()) {
            try (Trickle engine = Trickle.builder(database.dataSource()).build()) {
                engine.start();
            }
            try (Statement st = refresh.createStatement()) {
                st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
                assertThat(text(refresh, "SELECT pgtrickle.frontier_snapshot()::text"))
                        .isEqualTo(text(refresh, "SELECT pg_current_snapshot()::text"));
                st.execute("COMMIT");
            }
        }
    }

    /** Opens a transaction with an id, and returns it. */
    private static long begin(Connection c) throws SQLException {
        c.createStatement().execute("BEGIN");
        return longValue(c, "SELECT pg_current_xact_id()::text::bigint");
    }

    private static boolean visible(Connection c, long id, String snapshot) throws SQLException {
        return text(c, "SELECT pg_visible_in_snapshot('" + id + "'::xid8, '" + snapshot + "'::pg_snapshot)::text")
                .equals("true");
    }

    /** The snapshot's own rendering of {@code xmin:own+1:xip}, with the ids from xmax to own - 1 in xip. */
    private static String expected(Connection c, long own) throws SQLException {
        return text(c, "SELECT pg_snapshot_xmin(s)::text || ':' || (" + own + " + 1) || ':' || coalesce((SELECT"
                + " string_agg(x, ',' ORDER BY x::bigint) FROM (SELECT x::text AS x FROM pg_snapshot_xip(s) x UNION"
                + " SELECT g::text FROM generate_series(pg_snapshot_xmax(s)::text::bigint, " + own + " - 1) g) i), '')"
                + " FROM (SELECT pg_current_snapshot() AS s) q");
    }

    private static long longValue(Connection c, String sql) throws SQLException {
        return Long.parseLong(text(c, sql));
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean rs = st.execute(sql);
            while (!rs) {
                rs = st.getMoreResults();
            }
            try (ResultSet r = st.getResultSet()) {
                r.next();
                return r.getString(1);
            }
        }
    }
}

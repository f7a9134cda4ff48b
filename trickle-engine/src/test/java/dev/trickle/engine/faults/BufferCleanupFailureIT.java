package dev.trickle.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import org.junit.jupiter.api.Test;

/**
 * The buffer cleanup runs after a refresh's {@code COMMIT}, in the same round trip. When it fails, the refresh has
 * committed all the same: it is reported as done, with its counts, and recorded as such; the rows it consumed stay in
 * the buffer until a later refresh's cleanup deletes them. Here the cleanup fails as it does in production when the
 * application's {@code statement_timeout} ends its wait for buffer rows that another session holds.
 */
class BufferCleanupFailureIT {
    @Test
    void cleanupTimesOutAfterCommit_refreshReportedDone_rowsCleanedLater() {
        try (AppDatabase db = AppDatabase.create()) {
            db.admin().execute("ALTER ROLE " + db.app().name() + " SET statement_timeout = '3s'");
            Trickle engine = db.engine(b -> b.fullRefreshThreshold(1e9));
            db.createShop(engine);
            db.insertOrder(101);
            db.insertOrder(102);
            String buffer = db.buffer("public.orders");

            RefreshResult result;
            try (AppDatabase.Holder cleaner = db.hold("SELECT * FROM " + buffer + " FOR UPDATE")) {
                result = assertTimeoutPreemptively(AppDatabase.DEADLINE, () -> engine.refresh("totals"));
                cleaner.commit();
            }

            assertThat(result.action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            assertThat(result.rowsUpdated()).as("regions whose totals changed").isEqualTo(2);
            StreamTableOracle.assertMatchesRecompute(db.admin(), "public.totals", AppDatabase.TOTALS);
            assertThat(engine.streamTable("totals").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
            assertThat(db.consecutiveErrors("totals")).isZero();
            assertThat(db.admin().fetchValue("SELECT count(*) FROM pgtrickle.pgt_refresh_history"
                    + " WHERE status <> 'COMPLETED'")).as("failed refreshes recorded").isEqualTo(0L);
            assertThat(db.admin().fetchValue("SELECT rows_updated FROM pgtrickle.pgt_refresh_history"
                    + " ORDER BY refresh_id DESC LIMIT 1")).as("the history's count").isEqualTo(2L);
            assertThat(bufferRows(db, buffer)).as("rows consumed, not cleaned").isEqualTo(2L);

            db.insertOrder(103);
            assertThat(engine.refresh("totals").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            assertThat(bufferRows(db, buffer)).as("rows after a refresh whose cleanup ran").isZero();
            StreamTableOracle.assertMatchesRecompute(db.admin(), "public.totals", AppDatabase.TOTALS);
        }
    }

    private static long bufferRows(AppDatabase db, String buffer) {
        return ((Number) db.admin().fetchValue("SELECT count(*) FROM " + buffer)).longValue();
    }
}

package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.testkit.ChangeScenario;
import dev.trickle.testkit.Dml;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import dev.trickle.testkit.Transaction;
import dev.trickle.testkit.TrickleFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.trickle.testkit.TrickleExtension;

/**
 * The scenario driver against a real engine: transaction shapes, a transaction held open across a refresh, the
 * history in failure messages, and that lost changes are caught.
 */
class ChangeScenarioIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(1e9));

    private static TableSpec table(String name) {
        return TableSpec.of(name).key("id", 9).intColumn("g", 0, 2).nullable();
    }

    private static Row row(int id, Integer g) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("g", g);
        return new Row(values);
    }

    private static Dml insert(TableSpec t, int id, Integer g) {
        return new Dml.Insert(t, List.of(row(id, g)), Dml.OnConflict.DO_NOTHING);
    }

    @Test
    void apply_transactionShapes_onlySurvivingChangesArrive(TrickleFixture fixture) {
        TableSpec t = table("shapes");
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_shapes", "SELECT id, g FROM shapes")) {
            s.load(t, List.of(row(1, 1))).create(RefreshMode.DIFFERENTIAL)
                    .apply(DmlBatch.of(
                            Transaction.rolledBack(List.of(insert(t, 2, 1))),
                            new Transaction(List.of(insert(t, 3, 1)), Transaction.Savepoint.ROLLED_BACK,
                                    List.of(insert(t, 4, 1)), List.of(insert(t, 5, NULL_G)), Transaction.End.COMMIT),
                            new Transaction(List.of(), Transaction.Savepoint.RELEASED, List.of(insert(t, 6, 2)),
                                    List.of(), Transaction.End.COMMIT)))
                    .refresh().assertDifferential().assertMatchesRecompute();

            assertThat(fixture.dsl().fetch("SELECT id FROM st_shapes ORDER BY id").getValues(0, Integer.class))
                    .containsExactly(1, 3, 5, 6);
        }
    }

    private static final Integer NULL_G = null;

    @Test
    void apply_heldTransaction_isAppliedByTheRefreshAfterItCommits(TrickleFixture fixture) {
        TableSpec t = table("held");
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_held", "SELECT g, count(*) AS n FROM held GROUP BY g")) {
            s.load(t, List.of(row(1, 1))).create(RefreshMode.DIFFERENTIAL)
                    .apply(DmlBatch.of(Transaction.held(List.of(insert(t, 2, 1), insert(t, 3, 2)))))
                    .refresh().assertLastAction(RefreshAction.NO_DATA).assertMatchesRecompute()
                    .refresh().assertLastAction(RefreshAction.NO_DATA)
                    .apply(DmlBatch.of())
                    .refresh().assertLastAction(RefreshAction.DIFFERENTIAL).assertMatchesRecompute();

            assertThat(s.history()).contains("[a held transaction is open]", "commit of the held transaction");
            assertThat(fixture.dsl().fetchOne("SELECT count(*) FROM st_held").get(0, Long.class)).isEqualTo(2);
        }
    }

    @Test
    void apply_failingStatement_rollsBackItsTransactionAndSaysSo(TrickleFixture fixture) {
        TableSpec t = table("failing");
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_failing", "SELECT id, g FROM failing")) {
            s.load(t, List.of()).create(RefreshMode.DIFFERENTIAL)
                    .step("ALTER TABLE failing ADD CHECK (g <> 2)")
                    .apply(DmlBatch.of(Transaction.committed(List.of(insert(t, 1, 1), insert(t, 2, 2)))))
                    .refresh().assertMatchesRecompute();

            assertThat(s.history()).contains("-- failed and rolled back:", "violates check constraint");
            assertThat(fixture.dsl().fetchOne("SELECT count(*) FROM failing").get(0, Long.class)).isZero();
        }
    }

    private static final String LOSE_BUFFERED_CHANGES = "DO $$ BEGIN EXECUTE format('DELETE FROM pgtrickle_changes.%I',"
            + " 'changes_' || 'lost'::regclass::oid); END $$";

    @Test
    void assertions_changesTheEngineNeverSaw_failWithTheHistory(TrickleFixture fixture) {
        TableSpec t = table("lost");
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_lost", "SELECT id, g FROM lost")) {
            // the captured change is deleted from the change buffer: the refresh cannot know it happened
            s.load(t, List.of(row(1, 1))).create(RefreshMode.DIFFERENTIAL)
                    .apply(DmlBatch.of(Transaction.committed(List.of(insert(t, 2, 0)))))
                    .step(LOSE_BUFFERED_CHANGES)
                    .refresh();

            assertThatThrownBy(s::assertDifferential)
                    .hasMessageContaining("was NO_DATA, expected one of [DIFFERENTIAL]");
            assertThatThrownBy(s::assertMatchesRecompute)
                    .hasMessageContaining("1 rows missing")
                    .hasMessageContaining("INSERT INTO lost (id, g) VALUES (2, 0) ON CONFLICT (id) DO NOTHING;")
                    .hasMessageContaining("#4 step:\n    " + LOSE_BUFFERED_CHANGES + ";")
                    .hasMessageContaining("refresh -> NO_DATA");
        }
    }

    @Test
    void of_jooqSelect_createsAndChecksWithTheRenderedQuery(TrickleFixture fixture) {
        TableSpec t = table("jooq_src");
        var g = DSL.field(DSL.name("g"), Integer.class);
        var query = DSL.select(g, DSL.count().as("n")).from(DSL.table(DSL.name("jooq_src"))).where(g.ne(2)).groupBy(g);
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_jooq_src", query)) {
            s.load(t, List.of(row(1, 0), row(2, 1), row(3, 2))).create(RefreshMode.DIFFERENTIAL)
                    .apply(DmlBatch.of(Transaction.committed(List.of(insert(t, 4, 1), insert(t, 5, 2)))))
                    .refresh().assertDifferential().assertMatchesRecompute();

            assertThat(fixture.trickle().streamTable("st_jooq_src").orElseThrow().query()).contains("<> 2");
            assertThat(fixture.dsl().fetch("SELECT g || ':' || n FROM st_jooq_src ORDER BY g").getValues(0, String.class))
                    .containsExactly("0:1", "1:2");
            assertThat(s.history()).contains("<> 2");
        }
    }

    @Test
    void close_dropsTheStreamTableItCreated(TrickleFixture fixture) {
        TableSpec t = table("closing");
        try (ChangeScenario s = ChangeScenario.of(fixture, "st_closing", "SELECT id FROM closing")) {
            s.load(t, List.of()).create(RefreshMode.DIFFERENTIAL);
        }
        assertThat(fixture.trickle().streamTable("st_closing")).isEmpty();
    }
}

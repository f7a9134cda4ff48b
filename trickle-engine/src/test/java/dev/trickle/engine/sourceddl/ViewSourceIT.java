package dev.trickle.engine.sourceddl;

import static dev.trickle.engine.sourceddl.SourceChangeIT.assertRefusedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An ordinary view read by a DIFFERENTIAL stream table is expanded: its changes are captured on its base tables. The
 * stream table was compiled from the view's definition as it was, so when the view is replaced ({@code CREATE OR
 * REPLACE VIEW}) or dropped, its next refresh fails for good with the reason (status ERROR), never keeping the old
 * definition silently; {@code reinitialize} compiles the new one.
 */
class ViewSourceIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(2));

    /** Tables {@code <name>_o(id pk, cid, v)} and {@code <name>_c(id pk, region)}, a view over their join. */
    private static String setUp(Trickle engine, DSLContext dsl, String name) {
        dsl.execute("CREATE TABLE " + name + "_o (id int PRIMARY KEY, cid int, v int)");
        dsl.execute("CREATE TABLE " + name + "_c (id int PRIMARY KEY, region text)");
        dsl.execute("INSERT INTO " + name + "_c VALUES (1, 'n'), (2, 's')");
        dsl.execute("INSERT INTO " + name + "_o VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40)");
        dsl.execute("CREATE VIEW " + name + "_v AS SELECT o.id, c.region, o.v FROM " + name + "_o o JOIN " + name
                + "_c c ON c.id = o.cid WHERE o.v > 10");
        String query = "SELECT region, sum(v) AS total FROM " + name + "_v GROUP BY region";
        engine.createStreamTable(StreamTableSpec.builder(name + "_st", query).mode(RefreshMode.DIFFERENTIAL).build());
        return query;
    }

    @Test
    void refresh_viewOverJoin_isDifferentialOverItsTables(Trickle engine, DSLContext dsl) {
        String query = setUp(engine, dsl, "expanded");
        dsl.execute("INSERT INTO expanded_o VALUES (5, 2, 50)");
        dsl.execute("UPDATE expanded_c SET region = 'w' WHERE id = 1");

        assertThat(engine.refresh("expanded_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.expanded_st", query);
        assertThat(((Number) dsl.fetchValue("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'expanded_o'::regclass"
                + " AND tgname LIKE '__pgt_capture_%'")).longValue()).isGreaterThan(0L);
    }

    @Test
    void refresh_viewReplaced_errorUntilReinitializedWithTheNewDefinition(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "replaced");
        dsl.execute("CREATE OR REPLACE VIEW replaced_v AS SELECT o.id, c.region, o.v FROM replaced_o o"
                + " JOIN replaced_c c ON c.id = o.cid WHERE o.v > 25");

        assertRefusedFor(engine, "replaced_st", "view 'public.replaced_v' was replaced");

        assertThat(engine.reinitialize("replaced_st").action()).isEqualTo(RefreshAction.FULL);
        assertThat(engine.streamTable("replaced_st").orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
        dsl.execute("INSERT INTO replaced_o VALUES (5, 2, 26), (6, 2, 24)");
        assertThat(engine.refresh("replaced_st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.replaced_st",
                "SELECT region, sum(v) AS total FROM replaced_v GROUP BY region");
        assertThat(((Number) dsl.fetchValue("SELECT total FROM replaced_st WHERE region = 's'")).longValue())
                .isEqualTo(56L);
    }

    @Test
    void refresh_viewDropped_errorNamesTheView(Trickle engine, DSLContext dsl) {
        setUp(engine, dsl, "gone");
        dsl.execute("DROP VIEW gone_v");

        assertRefusedFor(engine, "gone_st", "'public.gone_v'");
        assertThatThrownBy(() -> engine.refresh("gone_st")).hasMessageContaining("was dropped");
    }

    @Test
    void create_materializedView_staysRefusedAsASourceKind(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE mat_t (id int PRIMARY KEY, v int)");
        dsl.execute("CREATE MATERIALIZED VIEW mat_v AS SELECT id, v FROM mat_t");

        assertThatThrownBy(() -> engine.createStreamTable(StreamTableSpec.builder("mat_st", "SELECT id, v FROM mat_v")
                .mode(RefreshMode.DIFFERENTIAL).build()))
                .isInstanceOfSatisfying(UnsupportedQueryException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnsupportedQueryException.Reason.SOURCE_KIND));
    }
}

package dev.trickle.samples;

import static dev.trickle.samples.TutorialSample.STATS_DEPARTMENT_ID;
import static dev.trickle.samples.TutorialSample.STATS_DEPARTMENT_NAME;
import static dev.trickle.samples.TutorialSample.STATS_HEADCOUNT;
import static dev.trickle.samples.TutorialSample.STATS_TOTAL_SALARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.select;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.Select;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the tutorial sample's steps against a test database and checks what they print and leave behind. */
class TutorialSampleIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @AfterEach
    void dropAll(Trickle engine, DSLContext dsl) {
        TutorialSample.dropAll(engine, dsl);
    }

    @Test
    void createStreamTable_tutorialRows_aggregatesEachDepartmentWithEmployees(Trickle engine, DSLContext dsl) {
        TutorialSample.createBaseTables(dsl);

        StreamTable stats = TutorialSample.createStreamTable(engine);

        assertThat(stats.name().name()).isEqualTo("department_stats");
        assertThat(stats.refreshMode()).isEqualTo(RefreshMode.AUTO);
        assertThat(rows(dsl)).containsExactly(
                "3 Sales 2 185000.00",
                "4 Operations 1 100000.00",
                "5 Backend 2 235000.00",
                "6 Frontend 1 110000.00",
                "7 Platform 1 130000.00");
        assertMatchesRecompute(dsl);
    }

    @Test
    void refresh_afterInsertUpdateDelete_showsHeidiAndEveAndRemovesBob(Trickle engine, DSLContext dsl) {
        TutorialSample.createBaseTables(dsl);
        TutorialSample.createStreamTable(engine);
        TutorialSample.changeData(dsl);
        assertThat(rows(dsl)).as("unchanged until refreshed").contains("6 Frontend 1 110000.00");

        RefreshResult result = TutorialSample.refresh(engine);

        assertThat(result.action()).isNotEqualTo(RefreshAction.NO_DATA);
        assertThat(result.rowsChanged()).isPositive();
        assertThat(rows(dsl)).containsExactly(
                "3 Sales 2 188000.00",
                "4 Operations 1 100000.00",
                "5 Backend 1 120000.00",
                "6 Frontend 2 215000.00",
                "7 Platform 1 130000.00");
        assertMatchesRecompute(dsl);
    }

    @Test
    void run_printsStreamTableBeforeAndAfterRefresh_andDropsEverything(Trickle engine, DSLContext dsl) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        TutorialSample.run(engine, dsl, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("1. Base tables: 7 departments, 7 employees")
                .contains("|department_id|department_name|headcount|total_salary|")
                .containsPattern("\\|\\s+6\\|Frontend\\s+\\|\\s+1\\|\\s+110000\\.00\\|")
                .containsPattern("\\|\\s+6\\|Frontend\\s+\\|\\s+2\\|\\s+215000\\.00\\|")
                .containsPattern("\\|\\s+5\\|Backend\\s+\\|\\s+1\\|\\s+120000\\.00\\|")
                .contains("still says Frontend has 1 employee(s)")
                .contains("4. refresh(\"public.department_stats\")")
                .contains("stream tables left: []");
        assertThat(engine.streamTables()).isEmpty();
        assertThat(dsl.meta().getTables()).noneMatch(t -> t.getName().equals("employees"));
    }

    /** The stream table's rows as {@code "id name headcount total_salary"}, ordered by id. */
    private static List<String> rows(DSLContext dsl) {
        return TutorialSample.readStats(dsl).map(r -> r.get(STATS_DEPARTMENT_ID) + " " + r.get(STATS_DEPARTMENT_NAME)
                + " " + r.get(STATS_HEADCOUNT) + " " + r.get(STATS_TOTAL_SALARY).toPlainString());
    }

    /** The stream table equals its query recomputed, as a multiset ({@code EXCEPT ALL} both ways). */
    private static void assertMatchesRecompute(DSLContext dsl) {
        // fresh query objects for each set operation: jOOQ's set operations may modify their operands
        assertThat(dsl.fetch(stored().exceptAll(TutorialSample.departmentStatsQuery())))
                .as("stored, not computed")
                .isEmpty();
        assertThat(dsl.fetch(TutorialSample.departmentStatsQuery().exceptAll(stored())))
                .as("computed, not stored")
                .isEmpty();
    }

    private static Select<Record4<Integer, String, Integer, BigDecimal>> stored() {
        return select(STATS_DEPARTMENT_ID, STATS_DEPARTMENT_NAME, STATS_HEADCOUNT, STATS_TOTAL_SALARY)
                .from(TutorialSample.DEPARTMENT_STATS);
    }
}

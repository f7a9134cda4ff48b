package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.Trickle;
import dev.trickle.samples.TutorialSample;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs every snippet of {@code docs/getting-started.md} against a test database. */
class GettingStartedIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @BeforeEach
    void createTables(DSLContext dsl) {
        TutorialSample.createBaseTables(dsl);
    }

    @AfterEach
    void dropEverything(Trickle engine, DSLContext dsl) {
        engine.streamTables().forEach(st -> engine.drop(st.name().toString()));
        TutorialSample.dropAll(engine, dsl);
    }

    @Test
    void buildEngine_onDataSource_seesStreamTablesOfOtherEngines(Trickle engine, TestDatabase database) {
        GettingStarted.createFromSql(engine);

        try (Trickle second = GettingStarted.buildEngine(database.dataSource())) {
            assertThat(second.streamTable("well_paid")).isPresent();
        }
    }

    @Test
    void buildEngineFromUrl_ownPool_refreshes(Trickle engine, TestDatabase database) {
        GettingStarted.createFromSql(engine);
        String user = database.server().user();
        String password = database.server().password();

        try (Trickle owned = GettingStarted.buildEngineFromUrl(database.jdbcUrl(), user, password)) {
            assertThat(owned.refresh("well_paid").action()).isEqualTo(RefreshAction.NO_DATA);
        }
    }

    @Test
    void createFromSelect_groupsByDepartment(Trickle engine, DSLContext dsl) {
        GettingStarted.createFromSelect(engine);

        assertThat(dsl.fetchValue("SELECT payroll FROM payroll_by_department WHERE department_id = 5"))
                .hasToString("235000.00");
        assertThat(dsl.fetchValue("SELECT headcount FROM payroll_by_department WHERE department_id = 3"))
                .isEqualTo(2L);
    }

    @Test
    void createFromSpec_keepsModeAndSchedule(Trickle engine, DSLContext dsl) {
        var salesTeam = GettingStarted.createFromSpec(engine);

        assertThat(salesTeam.refreshMode()).isEqualTo(RefreshMode.FULL);
        assertThat(salesTeam.schedule()).isEqualTo("1m");
        assertThat(dsl.fetch("SELECT name FROM sales_team ORDER BY name").getValues(0, String.class))
                .containsExactly("Eve", "Frank");
    }

    @Test
    void refresh_afterRaise_addsRow(Trickle engine, DSLContext dsl) {
        GettingStarted.createFromSql(engine);
        dsl.execute("UPDATE employees SET salary = 111000 WHERE name = 'Grace'");

        var result = GettingStarted.refresh(engine);

        assertThat(result.rowsInserted()).isEqualTo(1);
        assertThat(dsl.fetch("SELECT * FROM well_paid WHERE name = 'Grace'")).hasSize(1);
        assertThat(GettingStarted.refreshWithRetry(engine, "well_paid").rowsChanged()).isZero();
    }

    @Test
    void inspect_listsEveryStreamTable(Trickle engine) {
        GettingStarted.createFromSql(engine);
        GettingStarted.createFromSelect(engine);

        assertThat(GettingStarted.inspect(engine)).containsExactly("payroll_by_department", "well_paid");
    }

    @Test
    void drop_removesStreamTable(Trickle engine) {
        GettingStarted.createFromSql(engine);

        GettingStarted.drop(engine);

        assertThat(engine.streamTable("well_paid")).isEmpty();
        assertThatThrownBy(() -> engine.refresh("well_paid")).isInstanceOf(StreamTableNotFoundException.class);
    }

    @Test
    void createWithMistakes_unknownTable_namesItAndCreatesNothing(Trickle engine) {
        assertThat(GettingStarted.createWithMistakes(engine)).isEqualTo("no such table: employes");
        assertThat(engine.streamTables()).isEmpty();

        GettingStarted.createFromSql(engine);
        assertThat(GettingStarted.createWithMistakes(engine)).isEqualTo("already there: public.well_paid");
    }
}

package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.trickle.EnsureResult;
import dev.trickle.RefreshAction;
import dev.trickle.StreamTableSpec;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.Trickle;
import dev.trickle.samples.TutorialSample;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.util.List;
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
        // readers first: a stream table others read cannot be dropped
        List<StreamTable> left = engine.streamTables();
        while (!left.isEmpty()) {
            List<StreamTable> all = left;
            all.stream().filter(st -> all.stream().noneMatch(reader -> reader.sources().contains(st.name())))
                    .forEach(st -> engine.drop(st.name().toString()));
            left = engine.streamTables();
        }
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
    void buildEngineWithWalCapture_capturesFromTheWal(Trickle engine, TestDatabase database, DSLContext dsl) {
        try (Trickle wal = GettingStarted.buildEngineWithWalCapture(database.dataSource())) {
            wal.createStreamTable(StreamTableSpec.builder("wal_payroll",
                    "SELECT department_id, sum(salary) AS payroll FROM employees GROUP BY department_id").build());
            dsl.execute("UPDATE employees SET salary = salary + 1");
            assertThat(wal.refresh("wal_payroll").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
            assertThat(dsl.fetchValue("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'employees'::regclass"
                    + " AND NOT tgisinternal")).isEqualTo(0L);
            wal.drop("wal_payroll");
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
    void ensureAtStart_twice_createsThenLeavesIt(Trickle engine, TestDatabase database) {
        assertThat(GettingStarted.ensureAtStart(engine).action()).isEqualTo(EnsureResult.Action.CREATED);

        try (Trickle restarted = GettingStarted.buildEngine(database.dataSource())) {
            assertThat(GettingStarted.ensureAtStart(restarted).action()).isEqualTo(EnsureResult.Action.UNCHANGED);
        }
    }

    @Test
    void ensureSet_readerListedFirst_ensuresWhatItReadsFirst(Trickle engine, DSLContext dsl) {
        List<EnsureResult> done = GettingStarted.ensureSet(engine);

        assertThat(done).extracting(r -> r.streamTable().name().name(), EnsureResult::action).containsExactly(
                tuple("department_payroll", EnsureResult.Action.CREATED),
                tuple("large_departments", EnsureResult.Action.CREATED));
        assertThat(GettingStarted.ensureSet(engine)).extracting(EnsureResult::action)
                .containsOnly(EnsureResult.Action.UNCHANGED);
        assertThat(dsl.fetchCount(dsl.selectFrom("large_departments"))).isPositive();
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

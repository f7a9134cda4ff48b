package dev.trickle.samples.docs;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import dev.trickle.CaptureMode;
import dev.trickle.EnsureResult;
import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableExistsException;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.TrickleException;
import dev.trickle.UnknownTableException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The snippets of {@code docs/getting-started.md}, one method each, on the tutorial's tables {@code departments}
 * and {@code employees}. {@code GettingStartedIT} runs every one of them.
 */
public final class GettingStarted {
    private GettingStarted() {}

    /**
     * Builds an engine on the application's data source.
     *
     * @param dataSource the application's data source
     * @return the engine
     */
    public static Trickle buildEngine(DataSource dataSource) {
        // tag::build[]
        Trickle trickle = Trickle.builder(dataSource).build();
        // end::build[]
        return trickle;
    }

    /**
     * Builds an engine that captures new sources from the WAL instead of with triggers.
     *
     * @param dataSource the application's data source (a role with {@code REPLICATION} that owns the sources)
     * @return the engine
     */
    public static Trickle buildEngineWithWalCapture(DataSource dataSource) {
        // tag::build-wal[]
        Trickle trickle = Trickle.builder(dataSource)
                .changeCapture(CaptureMode.WAL)
                .build();
        // end::build-wal[]
        return trickle;
    }

    /**
     * Builds an engine that owns a connection pool.
     *
     * @param jdbcUrl a PostgreSQL JDBC URL
     * @param user the user
     * @param password the password
     * @return the engine
     */
    public static Trickle buildEngineFromUrl(String jdbcUrl, String user, String password) {
        // tag::build-url[]
        Trickle trickle = Trickle.builder(jdbcUrl, user, password)
                .maxPoolSize(4)
                .build();
        // end::build-url[]
        return trickle;
    }

    /**
     * Creates a stream table from a jOOQ {@code Select}.
     *
     * @param trickle the engine
     * @return the stream table
     */
    public static StreamTable createFromSelect(Trickle trickle) {
        // tag::create-select[]
        Table<Record> employees = table(name("employees"));
        Field<Integer> departmentId = field(name("employees", "department_id"), SQLDataType.INTEGER);
        Field<BigDecimal> salary = field(name("employees", "salary"), SQLDataType.NUMERIC(10, 2));

        StreamTable payroll = trickle.createStreamTable("payroll_by_department",
                select(departmentId, count().as("headcount"), sum(salary).as("payroll"))
                        .from(employees)
                        .groupBy(departmentId));
        // end::create-select[]
        return payroll;
    }

    /**
     * Creates a stream table from SQL text.
     *
     * @param trickle the engine
     * @return the stream table
     */
    public static StreamTable createFromSql(Trickle trickle) {
        // tag::create-sql[]
        StreamTable wellPaid = trickle.createStreamTable("well_paid",
                "SELECT id, name, salary FROM employees WHERE salary >= 110000");
        // end::create-sql[]
        return wellPaid;
    }

    /**
     * Creates a stream table from a spec with a refresh mode and a schedule.
     *
     * @param trickle the engine
     * @return the stream table
     */
    public static StreamTable createFromSpec(Trickle trickle) {
        // tag::create-spec[]
        StreamTableSpec spec = StreamTableSpec.builder("sales_team", """
                        SELECT e.id, e.name, e.salary
                          FROM employees e
                          JOIN departments d ON d.id = e.department_id
                         WHERE d.name = 'Sales'""")
                .mode(RefreshMode.FULL)
                .schedule("1m")
                .build();
        StreamTable salesTeam = trickle.createStreamTable(spec);
        // end::create-spec[]
        return salesTeam;
    }

    /**
     * Declares a stream table on every start: created the first time, left alone after.
     *
     * @param trickle the engine
     * @return what was done
     */
    public static EnsureResult ensureAtStart(Trickle trickle) {
        // tag::ensure[]
        EnsureResult payroll = trickle.ensureStreamTable(StreamTableSpec.builder("department_payroll", """
                        SELECT department_id, count(*) AS headcount, sum(salary) AS payroll
                          FROM employees
                         GROUP BY department_id""")
                .schedule("30s")
                .build());
        System.out.println(payroll.streamTable().name() + ": " + payroll.action()); // CREATED, then UNCHANGED
        // end::ensure[]
        return payroll;
    }

    /**
     * Declares stream tables that read each other, in any order.
     *
     * @param trickle the engine
     * @return what was done to each, readers last
     */
    public static List<EnsureResult> ensureSet(Trickle trickle) {
        // tag::ensure-set[]
        List<EnsureResult> done = trickle.ensureStreamTables(List.of(
                StreamTableSpec.builder("large_departments",
                        "SELECT department_id, payroll FROM department_payroll WHERE headcount >= 2").build(),
                StreamTableSpec.builder("department_payroll", """
                                SELECT department_id, count(*) AS headcount, sum(salary) AS payroll
                                  FROM employees
                                 GROUP BY department_id""")
                        .schedule("30s")
                        .build()));
        // end::ensure-set[]
        return done;
    }

    /**
     * Refreshes a stream table.
     *
     * @param trickle the engine
     * @return what the refresh did
     */
    public static RefreshResult refresh(Trickle trickle) {
        // tag::refresh[]
        RefreshResult result = trickle.refresh("well_paid");
        System.out.printf("%s: %s, +%d ~%d -%d rows in %d ms%n", result.streamTable(), result.action(),
                result.rowsInserted(), result.rowsUpdated(), result.rowsDeleted(), result.duration().toMillis());
        // end::refresh[]
        return result;
    }

    /**
     * Looks stream tables up.
     *
     * @param trickle the engine
     * @return the names of all stream tables
     */
    public static List<String> inspect(Trickle trickle) {
        // tag::inspect[]
        Optional<StreamTable> wellPaid = trickle.streamTable("well_paid");
        wellPaid.ifPresent(st -> System.out.println(st.name() + " is refreshed as " + st.effectiveMode()
                + ", last data from " + st.dataTimestamp() + ", reads " + st.sources()));

        for (StreamTable st : trickle.streamTables()) {
            System.out.println(st.name() + ": " + st.status());
        }
        // end::inspect[]
        return trickle.streamTables().stream().map(st -> st.name().name()).toList();
    }

    /**
     * Drops a stream table.
     *
     * @param trickle the engine
     */
    public static void drop(Trickle trickle) {
        // tag::drop[]
        trickle.drop("well_paid");
        // end::drop[]
    }

    /**
     * Shows how the exceptions name what went wrong.
     *
     * @param trickle the engine
     * @return what happened
     */
    public static String createWithMistakes(Trickle trickle) {
        // tag::errors[]
        try {
            trickle.createStreamTable("well_paid", "SELECT id, name FROM employes WHERE salary >= 110000");
        } catch (UnknownTableException e) {
            return "no such table: " + e.table(); // "employes"; nothing was created
        } catch (StreamTableExistsException e) {
            return "already there: " + e.name();
        } catch (TrickleException e) {
            return e.getMessage(); // every Trickle exception is unchecked and names the object concerned
        }
        // end::errors[]
        return "created";
    }

    /**
     * Refreshes, trying again when the failure is transient.
     *
     * @param trickle the engine
     * @param name the stream table
     * @return what the refresh did
     */
    public static RefreshResult refreshWithRetry(Trickle trickle, String name) {
        // tag::retry[]
        for (int attempt = 1; ; attempt++) {
            try {
                return trickle.refresh(name);
            } catch (RefreshException e) {
                if (!e.isTransient() || attempt == 3) {
                    throw e; // nothing of the failed refresh was applied
                }
            }
        }
        // end::retry[]
    }
}

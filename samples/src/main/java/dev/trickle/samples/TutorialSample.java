package dev.trickle.samples;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.io.PrintStream;
import java.math.BigDecimal;
import org.jooq.CloseableDSLContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

/**
 * The getting-started tutorial as a program: two base tables, a stream table defined by a jOOQ {@code Select} that
 * joins and aggregates them, some changes, and a refresh that brings the stream table up to date.
 *
 * <p>Run it with {@code mvn -B -q -pl samples -am package -DskipTests exec:java}. It starts an embedded
 * PostgreSQL (the test kit's) unless a JDBC URL is given as the first argument or in {@code TRICKLE_JDBC_URL}, with
 * the user and password in {@code TRICKLE_JDBC_USER} and {@code TRICKLE_JDBC_PASSWORD}. On such a server it creates
 * the tables {@code departments} and {@code employees} and the stream table {@code department_stats} in the current
 * schema, and drops all three at the end.
 *
 * <p>Each step is a method of its own, so that {@code TutorialSampleIT} can run and check them one by one.
 */
public final class TutorialSample {
    /** The name of the stream table the sample maintains. */
    public static final String STREAM_TABLE = "department_stats";

    // tag::tables[]
    static final Table<Record> DEPARTMENTS = table(name("departments"));
    static final Field<Integer> DEPARTMENT_ID = field(name("departments", "id"), SQLDataType.INTEGER);
    static final Field<String> DEPARTMENT_NAME = field(name("departments", "name"), SQLDataType.VARCHAR);

    static final Table<Record> EMPLOYEES = table(name("employees"));
    static final Field<Integer> EMPLOYEE_ID = field(name("employees", "id"), SQLDataType.INTEGER);
    static final Field<String> EMPLOYEE_NAME = field(name("employees", "name"), SQLDataType.VARCHAR);
    static final Field<Integer> EMPLOYEE_DEPARTMENT = field(name("employees", "department_id"), SQLDataType.INTEGER);
    static final Field<BigDecimal> SALARY = field(name("employees", "salary"), SQLDataType.NUMERIC(10, 2));
    // end::tables[]

    /** The stream table and its columns, for reading it: it is an ordinary table. */
    static final Table<Record> DEPARTMENT_STATS = table(name(STREAM_TABLE));
    static final Field<Integer> STATS_DEPARTMENT_ID = field(name("department_id"), SQLDataType.INTEGER);
    static final Field<String> STATS_DEPARTMENT_NAME = field(name("department_name"), SQLDataType.VARCHAR);
    static final Field<Integer> STATS_HEADCOUNT = field(name("headcount"), SQLDataType.INTEGER);
    static final Field<BigDecimal> STATS_TOTAL_SALARY = field(name("total_salary"), SQLDataType.NUMERIC);

    private TutorialSample() {}

    /**
     * Runs the tutorial on the embedded PostgreSQL, or on the server of a JDBC URL.
     *
     * @param args optionally a PostgreSQL JDBC URL
     */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : System.getenv("TRICKLE_JDBC_URL");
        if (url == null || url.isBlank()) {
            runOnTestPostgres(System.out);
        } else {
            runOnServer(url, System.getenv("TRICKLE_JDBC_USER"), System.getenv("TRICKLE_JDBC_PASSWORD"), System.out);
        }
    }

    /**
     * Runs the tutorial in a new database on the test kit's PostgreSQL (embedded unless {@code TRICKLE_TEST_JDBC_URL}
     * names a server), and drops that database afterwards.
     *
     * @param out where to print
     */
    public static void runOnTestPostgres(PrintStream out) {
        // tag::engine[]
        try (TestDatabase database = TestPostgres.createDatabase();
                Trickle trickle = Trickle.builder(database.dataSource()).build()) {
            out.println("Trickle tutorial on " + database.server().description() + ", database " + database.name());
            run(trickle, database.dsl(), out);
        }
        // end::engine[]
    }

    /**
     * Runs the tutorial on a server of the caller's, with an engine that owns its connection pool.
     *
     * @param url a PostgreSQL JDBC URL
     * @param user the user, or {@code null} to take it from the URL
     * @param password the password, or {@code null}
     * @param out where to print
     */
    public static void runOnServer(String url, @Nullable String user, @Nullable String password, PrintStream out) {
        try (Trickle trickle = Trickle.builder(url, user, password).build();
                CloseableDSLContext dsl = DSL.using(url, user, password)) {
            out.println("Trickle tutorial on " + url);
            run(trickle, dsl, out);
        }
    }

    /**
     * Runs every step of the tutorial, then drops what it created.
     *
     * @param trickle the engine
     * @param dsl a jOOQ context on the same database
     * @param out where to print
     */
    public static void run(Trickle trickle, DSLContext dsl, PrintStream out) {
        createBaseTables(dsl);
        out.println();
        out.println("1. Base tables: " + dsl.fetchCount(DEPARTMENTS) + " departments, "
                + dsl.fetchCount(EMPLOYEES) + " employees");
        try {
            StreamTable stats = createStreamTable(trickle);
            out.println();
            out.println("2. Created stream table " + stats.name() + ": refresh mode " + stats.refreshMode()
                    + ", refreshed as " + stats.effectiveMode()
                    + (stats.fallbackReason() == null ? "" : " (" + stats.fallbackReason() + ")"));
            out.print(readStats(dsl).format());
            changeData(dsl);
            out.println();
            out.println("3. Changed the employees: Heidi joins Frontend, Eve earns 98000, Bob leaves.");
            out.println("   Until it is refreshed, " + STREAM_TABLE + " still says Frontend has "
                    + headcount(dsl, "Frontend") + " employee(s).");
            RefreshResult result = refresh(trickle);
            out.println();
            out.println("4. " + describe(result));
            out.print(readStats(dsl).format());
        } finally {
            dropAll(trickle, dsl);
        }
        out.println();
        out.println("5. Dropped " + STREAM_TABLE + " and the base tables; stream tables left: "
                + trickle.streamTables());
    }

    /**
     * Step 1: creates the tables {@code departments} and {@code employees} with the tutorial's rows, in one
     * transaction.
     *
     * @param dsl the database
     */
    public static void createBaseTables(DSLContext dsl) {
        dsl.transaction(tx -> tx.dsl().execute("""
                CREATE TABLE departments (
                    id        SERIAL PRIMARY KEY,
                    name      TEXT NOT NULL,
                    parent_id INT REFERENCES departments(id)
                );
                CREATE TABLE employees (
                    id            SERIAL PRIMARY KEY,
                    name          TEXT NOT NULL,
                    department_id INT NOT NULL REFERENCES departments(id),
                    salary        NUMERIC(10,2) NOT NULL
                );
                INSERT INTO departments (id, name, parent_id) VALUES
                    (1, 'Company', NULL),
                    (2, 'Engineering', 1), (3, 'Sales', 1), (4, 'Operations', 1),
                    (5, 'Backend', 2), (6, 'Frontend', 2), (7, 'Platform', 2);
                INSERT INTO employees (name, department_id, salary) VALUES
                    ('Alice', 5, 120000), ('Bob', 5, 115000), ('Charlie', 6, 110000), ('Diana', 7, 130000),
                    ('Eve', 3, 95000), ('Frank', 3, 90000), ('Grace', 4, 100000)
                """));
    }

    /**
     * The defining query of {@code department_stats}: headcount and payroll of each department that has employees.
     *
     * @return a new query object
     */
    // tag::query[]
    public static Select<Record4<Integer, String, Integer, BigDecimal>> departmentStatsQuery() {
        return select(DEPARTMENT_ID.as("department_id"), DEPARTMENT_NAME.as("department_name"),
                        count(EMPLOYEE_ID).as("headcount"),
                        coalesce(sum(SALARY), inline(BigDecimal.ZERO)).as("total_salary"))
                .from(DEPARTMENTS)
                .join(EMPLOYEES).on(EMPLOYEE_DEPARTMENT.eq(DEPARTMENT_ID))
                .groupBy(DEPARTMENT_ID, DEPARTMENT_NAME);
    }
    // end::query[]

    /**
     * Step 2: creates the stream table {@code department_stats} in the default mode, AUTO.
     *
     * @param trickle the engine
     * @return the new stream table
     */
    public static StreamTable createStreamTable(Trickle trickle) {
        // tag::create[]
        StreamTable stats = trickle.createStreamTable("department_stats", departmentStatsQuery());
        // end::create[]
        return stats;
    }

    /**
     * Step 3: Heidi joins Frontend, Eve's salary becomes 98000, and Bob leaves.
     *
     * @param dsl the database
     */
    public static void changeData(DSLContext dsl) {
        // tag::change[]
        dsl.insertInto(EMPLOYEES, EMPLOYEE_NAME, EMPLOYEE_DEPARTMENT, SALARY)
                .values("Heidi", 6, new BigDecimal("105000"))
                .execute();
        dsl.update(EMPLOYEES).set(SALARY, new BigDecimal("98000")).where(EMPLOYEE_NAME.eq("Eve")).execute();
        dsl.deleteFrom(EMPLOYEES).where(EMPLOYEE_NAME.eq("Bob")).execute();
        // end::change[]
    }

    /**
     * Step 4: brings {@code department_stats} up to date.
     *
     * @param trickle the engine
     * @return what the refresh did
     */
    public static RefreshResult refresh(Trickle trickle) {
        // tag::refresh[]
        RefreshResult result = trickle.refresh("department_stats");
        // end::refresh[]
        return result;
    }

    /**
     * Reads the stream table, as any table is read.
     *
     * @param dsl the database
     * @return its rows, ordered by department id
     */
    public static Result<Record4<Integer, String, Integer, BigDecimal>> readStats(DSLContext dsl) {
        return dsl.select(STATS_DEPARTMENT_ID, STATS_DEPARTMENT_NAME, STATS_HEADCOUNT, STATS_TOTAL_SALARY)
                .from(DEPARTMENT_STATS)
                .orderBy(STATS_DEPARTMENT_ID)
                .fetch();
    }

    /**
     * Step 5: drops the stream table and the base tables, those that exist.
     *
     * @param trickle the engine
     * @param dsl the database
     */
    public static void dropAll(Trickle trickle, DSLContext dsl) {
        if (trickle.streamTable(STREAM_TABLE).isPresent()) {
            trickle.drop(STREAM_TABLE);
        }
        dsl.dropTableIfExists(EMPLOYEES).execute();
        dsl.dropTableIfExists(DEPARTMENTS).execute();
    }

    private static int headcount(DSLContext dsl, String department) {
        Integer n = dsl.select(STATS_HEADCOUNT)
                .from(DEPARTMENT_STATS)
                .where(STATS_DEPARTMENT_NAME.eq(department))
                .fetchOne(STATS_HEADCOUNT);
        return n == null ? 0 : n;
    }

    private static String describe(RefreshResult r) {
        return String.format("refresh(\"%s\"): %s, %d row(s) inserted, %d updated, %d deleted, in %d ms",
                r.streamTable(), r.action(), r.rowsInserted(), r.rowsUpdated(), r.rowsDeleted(),
                r.duration().toMillis());
    }
}

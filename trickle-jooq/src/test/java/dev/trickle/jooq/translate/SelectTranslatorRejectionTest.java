package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trickle.RefreshMode;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.Catalog;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.Shop;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SelectTranslator}: every construct outside the differential set is rejected with its {@link Reason}, the
 * offending fragment, and a message {@code "<construct> cannot be maintained differentially: <fragment>"}.
 */
class SelectTranslatorRejectionTest {
    private static final String WORDING = " cannot be maintained differentially: ";

    /** A rejected query: what the translator must say about it. */
    record Case(String sql, List<String> outputs, Reason reason, String construct, String fragment) {
        @Override
        public String toString() {
            return reason + ": " + sql;
        }
    }

    private static Case reject(String sql, String outputs, Reason reason, String construct, String fragment) {
        return new Case(sql, Arrays.asList(outputs.split(",\\s*")), reason, construct, fragment);
    }

    static Stream<Case> cases() {
        return Stream.of(
                reject("with recursive x as (select id from orders) select id from x", "id",
                        Reason.COMMON_TABLE_EXPRESSION, "WITH RECURSIVE", "with recursive x as"),
                reject("with a as (select id from orders) select id from (with a as (select id from customers)"
                        + " select id from a) s", "id", Reason.COMMON_TABLE_EXPRESSION,
                        "a CTE name defined again in a nested WITH", "a"),
                reject("with d as (delete from orders returning id) select id from d", "id",
                        Reason.COMMON_TABLE_EXPRESSION, "a data-modifying statement in WITH", "delete from orders"),
                reject("select status from (select distinct status from orders) s", "status",
                        Reason.SUBQUERY, "a subquery in FROM with DISTINCT", "select distinct status"),
                reject("select c.name, s.one from customers c left join (select customer_id, 1 as one from orders) s"
                        + " on s.customer_id = c.id", "name, one", Reason.SUBQUERY, "a subquery in FROM on the"
                        + " nullable side of an outer join whose columns are not all plain column references",
                        "select customer_id, 1 as one"),
                reject("select c.name, s.id from customers c full join (select id, customer_id from orders"
                        + " where amount > 1) s on s.customer_id = c.id", "name, id", Reason.SUBQUERY,
                        "a subquery in FROM with WHERE under a FULL JOIN", "full outer join"),
                reject("select id from orders where (customer_id in (select id from customers)) is not true", "id",
                        Reason.SUBQUERY, "IN (subquery) inside an expression",
                        "customer_id in (select id from customers)"),
                reject("select id from orders o where exists (select 1 from customers c where c.id = o.customer_id"
                        + " group by c.id)", "id", Reason.SUBQUERY,
                        "a correlated EXISTS or IN subquery with GROUP BY, aggregates or HAVING", "customer_id"),
                reject("select customer_id from orders group by customer_id having count(*) > 1 union select id from"
                        + " customers", "id",
                        Reason.SET_OPERATION, "an aggregate or GROUP BY inside a branch of UNION, INTERSECT or EXCEPT",
                        "group by customer_id"),
                reject("select id, (select name from customers c where c.id = o.customer_id) as n from orders o",
                        "id, n", Reason.SUBQUERY, "a scalar subquery without an aggregate",
                        "select name from customers"),
                reject("select id from orders o where amount > (select max(amount) from orders o2"
                        + " where o2.amount > o.amount)", "id", Reason.SUBQUERY, "a correlated subquery whose"
                        + " correlation is not an equality of an inner and an outer expression", "o2.amount > o.amount"),
                reject("select id from orders where amount > (select max(o2.amount) from orders o2 where"
                        + " o2.amount < (select avg(amount) from orders))", "id", Reason.SUBQUERY,
                        "a subquery inside a subquery", "select max(o2.amount)"),
                reject("select id from orders where amount > (select max(x.amount) from (select amount from orders)"
                        + " x)", "id", Reason.SUBQUERY, "a subquery in FROM without GROUP BY or aggregates inside a"
                        + " subquery", "(select amount from orders) as x"),
                reject("select id from orders o where amount > (select max(t.n) from (select count(*) as n from"
                        + " orders o2 where o2.customer_id = o.customer_id) t)", "id", Reason.SUBQUERY,
                        "a subquery in FROM that reads a column of the outer query", "o2.customer_id = o.customer_id"),
                reject("select id from orders where amount > (select max(t.n) from (select customer_id, count(*) as n"
                        + " from orders where amount > (select avg(amount) from orders) group by customer_id) t)",
                        "id", Reason.SUBQUERY, "a subquery in FROM with a subquery inside", "group by customer_id"),
                reject("select s.n from (select customer_id, count(*) as n from orders where amount > (select"
                        + " avg(amount) from orders) group by customer_id) s", "n", Reason.SUBQUERY,
                        "a subquery in FROM with a subquery inside", "group by customer_id"),
                reject("select id from orders o where amount > (select max(amount) from orders o2"
                        + " group by o2.status)", "id", Reason.SUBQUERY,
                        "a scalar subquery with GROUP BY, HAVING or DISTINCT", "group by"),
                reject("select at from events where at > (select max(e.at) from events e where e.payload is not null)",
                        "at", Reason.SUBQUERY, "a grouped subquery that reads a column without an equality operator"
                        + " (e.payload)", "select max(e.at)"),
                reject("select count(*) as n from orders having count(*) > (select count(*) from customers)", "n",
                        Reason.SUBQUERY, "a scalar subquery in the select list or HAVING of an aggregate without"
                        + " GROUP BY", "select count(*) from customers"),
                reject("select 1 as one from (orders a cross join orders b) join customers c using (status)", "one",
                        Reason.JOIN_CONDITION, "a join column that the left side has 2 times", "using (status)"),
                reject("select 1 as one from orders o join customers c using (nothing)", "one",
                        Reason.JOIN_CONDITION, "a join column that the left side has not", "using (nothing)"),
                reject("select o.id from orders o straight_join customers c on c.id = o.customer_id", "id",
                        Reason.JOIN_TYPE, "a STRAIGHT JOIN", "straight_join"),
                reject("select s.id from (select id from orders natural full join customers) s", "id",
                        Reason.SUBQUERY, "a subquery in FROM with RIGHT or FULL JOIN ... USING or NATURAL RIGHT or"
                        + " FULL JOIN", "orders natural full outer join customers"),
                // flattened, the subquery's renamed column joined on its table's own id (a wrong result before)
                reject("select s.id, c.name from (select customer_id as id from orders) s join customers c using (id)",
                        "id", Reason.SUBQUERY, "a subquery in FROM joined with JOIN ... USING", "using (id)"),
                reject("select c.name from customers c left join (select customer_id as id from orders) s using (id)",
                        "name", Reason.SUBQUERY, "a subquery in FROM joined with JOIN ... USING", "using (id)"),
                reject("select g from generate_series(1, 3) g", "g", Reason.TABLE_EXPRESSION,
                        "the set-returning function generate_series in FROM", "generate_series(1, 3) as g"),
                reject("select g from generate_series(1, 3)", "generate_series", Reason.TABLE_EXPRESSION,
                        "the set-returning function generate_series in FROM", "generate_series(1, 3)"),
                reject("select x from unnest(array[1, 2]) x", "x", Reason.TABLE_EXPRESSION,
                        "the set-returning function unnest in FROM", "unnest(array[1, 2]) as x"),
                reject("select x from (values (1), (2)) v(x)", "x",
                        Reason.TABLE_EXPRESSION, "VALUES in FROM", "(values (1), (2)) as v"),
                reject("select o.id, g from orders o, lateral generate_series(1, o.customer_id) g", "id, g",
                        Reason.TABLE_EXPRESSION, "LATERAL", "lateral generate_series(1, o.customer_id) as g"),
                reject("select 1 as one", "one",
                        Reason.TABLE_EXPRESSION, "a query without FROM", "select 1 as one"),
                reject("select distinct status, count(*) as n from orders group by status", "status, n",
                        Reason.DISTINCT, "SELECT DISTINCT over grouped rows", "select distinct status, count(*)"),
                reject("select distinct on (status) status, id from orders", "status, id",
                        Reason.DISTINCT, "SELECT DISTINCT ON", "distinct on (status)"),
                reject("select status, count(*) as n from orders group by status having sum(id) > 1 or note > 'a'",
                        "status, n", Reason.GROUPING, "a HAVING condition that is neither grouped nor aggregated (note)",
                        "note > 'a'"),
                reject("select id, row_number() over (order by id) as rn from orders", "id, rn",
                        Reason.WINDOW_FUNCTION, "a window function", "row_number() over (order by id)"),
                reject("select id, sum(amount) over (partition by customer_id) as s from orders", "id, s",
                        Reason.WINDOW_FUNCTION, "a window function", "sum(amount) over (partition by customer_id)"),
                reject("select id, count(*) over () as n from orders", "id, n",
                        Reason.WINDOW_FUNCTION, "a window function", "count(*) over ()"),
                reject("select id from orders limit 10", "id", Reason.LIMIT_OFFSET,
                        "LIMIT without ORDER BY (which rows it keeps is not determined)", "fetch next 10 rows only"),
                reject("select id from orders order by id offset 5", "id",
                        Reason.LIMIT_OFFSET, "OFFSET without LIMIT", "offset 5"),
                reject("select id from orders order by amount fetch first 3 rows with ties", "id",
                        Reason.LIMIT_OFFSET, "FETCH ... WITH TIES", "with ties"),
                reject("select id from orders order by amount fetch first 10 percent rows only", "id",
                        Reason.LIMIT_OFFSET, "FETCH ... PERCENT", "percent"),
                reject("select id from orders order by id limit ?", "id", Reason.LIMIT_OFFSET,
                        "a LIMIT given by a parameter", "limit ?"),
                reject("select id from orders order by id limit 3 offset :skip", "id", Reason.LIMIT_OFFSET,
                        "an OFFSET given by a parameter", "offset :skip"),
                reject("select id from orders order by id limit null", "id", Reason.LIMIT_OFFSET,
                        "a LIMIT NULL (no LIMIT: write none)", "null"),
                reject("select id from orders order by id limit 2 + 1", "id", Reason.LIMIT_OFFSET,
                        "a LIMIT that is not a non-negative integer literal", "2 + 1"),
                reject("select id from orders order by amount limit 3", "id", Reason.LIMIT_OFFSET,
                        "an ORDER BY item that is not an output column (add it to the select list)", "amount"),
                reject("select id, amount from orders order by 3 limit 3", "id, amount", Reason.LIMIT_OFFSET,
                        "an ORDER BY position outside the select list", "3"),
                reject("select at from events order by at limit 3", "at", Reason.LIMIT_OFFSET,
                        "ORDER BY ... LIMIT of the rows of a table without a key", "3"),
                reject("select status, count(*) as n from orders group by grouping sets ((status), ())", "status, n",
                        Reason.GROUPING_SETS, "GROUPING SETS, ROLLUP or CUBE", "grouping sets ((status), ())"),
                reject("select status, count(*) as n from orders group by rollup (status)", "status, n",
                        Reason.GROUPING_SETS, "GROUPING SETS, ROLLUP or CUBE", "rollup (status)"),
                reject("select status, count(*) as n from orders group by cube (status)", "status, n",
                        Reason.GROUPING_SETS, "GROUPING SETS, ROLLUP or CUBE", "cube (status)"),
                reject("select status, count(*) as n from orders group by distinct status", "status, n",
                        Reason.GROUPING_SETS, "GROUP BY DISTINCT", "group by distinct status"),
                reject("select corr(amount, id) as n from orders", "n", Reason.AGGREGATE_FUNCTION,
                        "an aggregate function other than " + AggregateTranslator.SUPPORTED, "corr(amount, id)"),
                reject("select customer_id, percentile_cont(0.5) within group (order by amount) as n from orders"
                        + " group by customer_id", "customer_id, n", Reason.AGGREGATE_FUNCTION,
                        "an aggregate function other than " + AggregateTranslator.SUPPORTED,
                        "percentile_cont(0.5) within group (order by amount)"),
                reject("select sum(count(*)) as x from orders", "x",
                        Reason.AGGREGATE_EXPRESSION, "a nested aggregate", "count(*)"),
                reject("select status, id, count(*) as n from orders group by status", "status, id, n",
                        Reason.GROUPING, "a select item that is neither grouped nor aggregated (id)", "id"),
                reject("select upper(status) as st, count(*) as n from orders group by st || 'x'", "st, n",
                        Reason.GROUPING, "an output column name inside a GROUP BY expression", "|| 'x'"),
                reject("select id, amount from orders where amount > random()", "id, amount",
                        Reason.VOLATILE_FUNCTION, "a volatile function", "random()"),
                reject("select id, now() as t from orders", "id, t",
                        Reason.VOLATILE_FUNCTION, "a time-dependent function", "current_timestamp"),
                reject("select id, current_timestamp as t from orders", "id, t",
                        Reason.VOLATILE_FUNCTION, "a time-dependent function", "current_timestamp"),
                reject("select id, current_date as t from orders", "id, t",
                        Reason.VOLATILE_FUNCTION, "a time-dependent function", "current_date"),
                reject("select id from active_orders", "id",
                        Reason.SOURCE_KIND, "reading a view", "active_orders"),
                reject("select status, count(*) as n from orders group by 3", "status, n",
                        Reason.OTHER, "a GROUP BY position outside the select list", "3"),
                reject("select id from orders o join customers c on c.id = o.customer_id", "id",
                        Reason.OTHER, "an ambiguous column reference", "id"),
                reject("select id from orders, orders", "id",
                        Reason.OTHER, "a table name used twice without distinct aliases", "orders"),
                reject("select nosuch from orders", "nosuch",
                        Reason.OTHER, "a reference to a column outside the FROM clause", "nosuch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translate_unsupportedConstruct_throwsWithReasonFragmentAndMessage(Case c) {
        UnsupportedQueryException e = rejection(Shop.query(c.sql()).outputs(c.outputs().toArray(String[]::new)));

        assertThat(e.reason()).isEqualTo(c.reason());
        assertThat(e.fragment()).isNotBlank().contains(c.fragment());
        assertThat(e.getMessage())
                .isEqualTo(c.construct() + WORDING + e.fragment())
                .doesNotEndWith(".");
        // lower case, except for SQL keywords
        assertThat(c.construct()).matches("[a-z].*|[A-Z]+\\b.*");
    }

    @Test
    void translate_selectWithoutColumns_isNamedNotMistakenForNoFrom() {
        Catalog.Query q = Shop.query("select from orders");
        UnsupportedQueryException e = catchThrowableOfType(() -> SelectTranslator.translate(new SelectTranslator.Input(
                q.parsed().select(), q.relations(), List.of(), Set.of(), Set.of())), UnsupportedQueryException.class);

        assertThat(e.reason()).isEqualTo(Reason.OTHER);
        assertThat(e.getMessage()).startsWith("a select list without columns" + WORDING);
    }

    @Test
    void translate_setReturningFunctionInSelectList_isNamed() {
        Catalog.Query q = Shop.query("select id, unnest(array[id, amount]) as x from orders").outputs("id", "x");
        UnsupportedQueryException e = catchThrowableOfType(() -> SelectTranslator.translate(new SelectTranslator.Input(
                q.parsed().select(), q.relations(), List.of("id", "x"), Set.of(), Set.of(), Set.of("unnest"))),
                UnsupportedQueryException.class);

        assertThat(e.reason()).isEqualTo(Reason.TABLE_EXPRESSION);
        assertThat(e.getMessage()).startsWith("a set-returning function in the select list" + WORDING + "unnest");
    }

    @Test
    void translate_keylessTableWithoutColumns_isRefusedAsWithoutKey() {
        Catalog db = Catalog.of(Catalog.table("nothing"));
        UnsupportedQueryException e = rejection(db.query("select 1 as one from nothing").outputs("one"));

        assertThat(e.reason()).isEqualTo(Reason.NO_PRIMARY_KEY);
        assertThat(e.getMessage()).startsWith("a table without a key and without columns" + WORDING);
    }

    @Test
    void translate_joinOfThirtyThreeTables_isRefusedNamingTheLimit() {
        String sql = "select t1.id from " + java.util.stream.IntStream.rangeClosed(1, 33)
                .mapToObj(i -> "orders t" + i).collect(Collectors.joining(", "));

        UnsupportedQueryException e = rejection(Shop.query(sql).outputs("id"));

        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_JOINS);
        assertThat(e.fragment()).endsWith("orders as t33");
        assertThat(e.getMessage()).startsWith("a join of more than 32 tables" + WORDING);
    }

    @Test
    void cases_coverEveryReasonTheTranslatorProduces() {
        Set<Reason> covered = cases().map(Case::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(
                Reason.class)));
        // the compiler's own, a keyless table without columns (a catalog of its own), a join of more tables than a
        // message shows: tested below
        covered.addAll(Set.of(Reason.UNPARSEABLE, Reason.REFRESH_MODE, Reason.NO_PRIMARY_KEY, Reason.TOO_MANY_JOINS));
        covered.add(Reason.HAVING); // no longer thrown: HAVING is maintained

        assertThat(covered).containsExactlyInAnyOrder(Reason.values());
    }

    @Test
    void translate_volatileFunctionNamedByEngine_throwsVolatileFunction() {
        UnsupportedQueryException e = rejection(Shop.query("select id, clock_timestamp() as t from orders")
                .outputs("id", "t").volatileFunctions("clock_timestamp"));

        assertThat(e.reason()).isEqualTo(Reason.VOLATILE_FUNCTION);
        assertThat(e.fragment()).isEqualTo("clock_timestamp");
        assertThat(e.getMessage()).isEqualTo("a volatile function" + WORDING + "clock_timestamp");
    }

    @Test
    void translate_otherAggregateNamedByEngine_throwsAggregateFunction() {
        UnsupportedQueryException e = rejection(Shop.query("select corr(amount, id) as s, max(id) as m from orders")
                .outputs("s double precision", "m integer").otherAggregates("corr", "max"));

        assertThat(e.reason()).isEqualTo(Reason.AGGREGATE_FUNCTION);
        assertThat(e.fragment()).isEqualTo("corr");
    }

    @Test
    void translate_eightTables_isAccepted() {
        String sql = "select a.id from orders a, orders b, orders c, orders d, orders e, orders f, orders g, orders h";

        assertThat(Shop.query(sql).outputs("id").plan().scans()).hasSize(8);
    }

    @Test
    void translate_longFragment_isAbbreviatedInMessageButKeptWhole() {
        String sql = "select id from orders where (exists (select 1 from customers where "
                + "id > 1 or ".repeat(30) + "id < 0)) is not true";
        UnsupportedQueryException e = rejection(Shop.query(sql).outputs("id"));

        assertThat(e.reason()).isEqualTo(Reason.SUBQUERY);
        assertThat(e.fragment()).hasSizeGreaterThan(200).endsWith("id < 0))");
        assertThat(e.getMessage()).isEqualTo("EXISTS inside an expression" + WORDING + e.fragment().substring(0, 197) + "...");
    }

    @Test
    void compile_immediateMode_throwsRefreshMode() {
        Catalog.Query q = Shop.query("select id from orders").outputs("id").mode(RefreshMode.IMMEDIATE);

        assertThatThrownBy(q::compile)
                .isInstanceOfSatisfying(UnsupportedQueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REFRESH_MODE);
                    assertThat(e.fragment()).isEqualTo("IMMEDIATE");
                    assertThat(e.getMessage()).contains("'public.st'");
                });
    }

    @Test
    void compile_unparseableQueryInDifferentialMode_throwsUnparseable() {
        Catalog.Query q = Shop.query("select status ~* 'x' as m from orders").outputs("m boolean");

        assertThatThrownBy(q::compile).isInstanceOfSatisfying(UnsupportedQueryException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNPARSEABLE);
            assertThat(e.fragment()).isEqualTo("select status ~* 'x' as m from orders");
            assertThat(e.getMessage()).contains("cannot be maintained differentially: select status ~* 'x'");
        });
    }

    @Test
    void compile_autoModeWithUnsupportedConstruct_fallsBackToFullWithTheMessage() {
        CompiledStreamTable c = Shop.query("select distinct on (status) status from orders").outputs("status")
                .mode(RefreshMode.AUTO).compile();

        assertThat(c.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(c.plan()).isNull();
        assertThat(c.fallbackReason())
                .isEqualTo("SELECT DISTINCT ON" + WORDING + "select distinct on (status) status from orders");
    }

    private static UnsupportedQueryException rejection(Catalog.Query query) {
        UnsupportedQueryException e = catchThrowableOfType(UnsupportedQueryException.class, query::plan);
        assertThat(e).as("rejection of %s", query.parsed().text()).isNotNull();
        return e;
    }
}

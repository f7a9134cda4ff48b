package dev.trickle.engine.lifecycle;

import static dev.trickle.engine.lifecycle.StorageContents.assertMatchesQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trickle.DependencyCycleException;
import dev.trickle.EnsureResult;
import dev.trickle.EnsureResult.Action;
import dev.trickle.RefreshMode;
import dev.trickle.RelationExistsException;
import dev.trickle.StreamTableInUseException;
import dev.trickle.StreamTableSpec;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Select;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ensureStreamTable}: creates what is absent, leaves what has the definition (compared as the server reads
 * the query, not as text), changes options in place, replaces what has another query or mode; the same on every
 * start and in every engine at once.
 */
class EnsureStreamTableIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    static final String BY_REGION = "select region, count(*) as n, sum(amount) as total from orders group by region";

    @BeforeAll
    static void sources(DSLContext dsl) {
        dsl.execute("""
                CREATE TABLE orders (id int PRIMARY KEY, region text, amount int);
                INSERT INTO orders SELECT g, 'r' || (g % 5), g FROM generate_series(1, 200) g;
                CREATE TABLE not_a_stream_table (id int);
                """);
    }

    private static long storageOid(DSLContext dsl, String name) {
        return dsl.fetchValue("SELECT to_regclass({0})::oid::bigint", name) instanceof Number n ? n.longValue() : -1;
    }

    @Test
    void ensure_absent_createsAndLoadsIt(Trickle engine, DSLContext dsl) {
        EnsureResult result = engine.ensureStreamTable(StreamTableSpec.builder("ens_created", BY_REGION).build());

        assertThat(result.action()).isEqualTo(Action.CREATED);
        assertThat(result.streamTable().name()).isEqualTo(new TableName("public", "ens_created"));
        assertMatchesQuery(dsl, "public.ens_created", BY_REGION);
    }

    @Test
    void ensure_sameQueryWrittenOtherwiseOrAsJooqSelect_isUnchanged(Trickle engine, DSLContext dsl) {
        engine.createStreamTable(StreamTableSpec.builder("ens_same", BY_REGION).schedule("5m").build());
        long oid = storageOid(dsl, "ens_same");
        Select<?> jooq = dsl.select(field(name("region")), count().as("n"),
                        org.jooq.impl.DSL.sum(field(name("amount"), Integer.class)).as("total"))
                .from(table(name("public", "orders"))).groupBy(field(name("region")));

        EnsureResult respelled = engine.ensureStreamTable(StreamTableSpec.builder("public.ens_same", """
                SELECT  region , COUNT(*) AS "n", SUM(orders.amount) total
                  FROM public.orders
                 GROUP BY 1""").schedule("5m").build());
        EnsureResult rendered = engine.ensureStreamTable(StreamTableSpec.builder("ens_same", jooq).schedule("5m")
                .build());

        assertThat(respelled.action()).isEqualTo(Action.UNCHANGED);
        assertThat(rendered.action()).isEqualTo(Action.UNCHANGED);
        assertThat(storageOid(dsl, "ens_same")).isEqualTo(oid);
        assertThat(rendered.streamTable().query()).isEqualTo(BY_REGION);
    }

    @Test
    void ensure_otherScheduleOnly_altersInPlaceKeepingTheData(Trickle engine, DSLContext dsl) {
        engine.createStreamTable(StreamTableSpec.builder("ens_altered", BY_REGION).schedule("5m").build());
        long oid = storageOid(dsl, "ens_altered");

        EnsureResult result = engine.ensureStreamTable(StreamTableSpec.builder("ens_altered", BY_REGION)
                .schedule("30s").build());

        assertThat(result.action()).isEqualTo(Action.ALTERED);
        assertThat(result.streamTable().schedule()).isEqualTo("30s");
        assertThat(storageOid(dsl, "ens_altered")).isEqualTo(oid);
        assertThat(engine.ensureStreamTable(StreamTableSpec.builder("ens_altered", BY_REGION).schedule("30s").build())
                .action()).isEqualTo(Action.UNCHANGED);
    }

    @Test
    void ensure_otherQuery_replacesIt(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("ens_query", BY_REGION);
        String wider = "select region, count(*) as n, sum(amount) as total, max(amount) as top from orders"
                + " group by region";

        EnsureResult result = engine.ensureStreamTable(StreamTableSpec.builder("ens_query", wider).build());

        assertThat(result.action()).isEqualTo(Action.REPLACED);
        assertThat(result.streamTable().query()).isEqualTo(wider);
        assertMatchesQuery(dsl, "public.ens_query", wider);
    }

    @Test
    void ensure_otherRefreshMode_replacesIt(Trickle engine, DSLContext dsl) {
        engine.createStreamTable(StreamTableSpec.builder("ens_mode", BY_REGION).mode(RefreshMode.DIFFERENTIAL)
                .build());

        EnsureResult result = engine.ensureStreamTable(StreamTableSpec.builder("ens_mode", BY_REGION)
                .mode(RefreshMode.FULL).build());

        assertThat(result.action()).isEqualTo(Action.REPLACED);
        assertThat(result.streamTable().refreshMode()).isEqualTo(RefreshMode.FULL);
        assertMatchesQuery(dsl, "public.ens_mode", BY_REGION);
    }

    @Test
    void ensure_sameNameOnTheSearchPathUnderAnotherSchema_isAnotherQuery(Trickle engine, DSLContext dsl) {
        dsl.execute("""
                CREATE SCHEMA ens_other;
                CREATE TABLE ens_other.orders (id int PRIMARY KEY, region text, amount int);
                INSERT INTO ens_other.orders VALUES (1, 'elsewhere', 7);
                """);
        engine.createStreamTable("ens_path", BY_REGION);

        EnsureResult result = engine.ensureStreamTable(StreamTableSpec.builder("ens_path",
                BY_REGION.replace("from orders", "from ens_other.orders")).build());

        assertThat(result.action()).isEqualTo(Action.REPLACED);
        assertThat(dsl.fetchValue("SELECT string_agg(region, ',') FROM ens_path")).isEqualTo("elsewhere");
    }

    @Test
    void ensure_newQueryOfAStreamTableOthersRead_isRefusedAndChangesNothing(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("ens_read", BY_REGION);
        engine.createStreamTable("ens_reader", "select region, n from ens_read where n > 1");

        assertThatThrownBy(() -> engine.ensureStreamTable(StreamTableSpec.builder("ens_read",
                "select region, count(*) as n from orders group by region").build()))
                .isInstanceOf(StreamTableInUseException.class)
                .hasMessageContaining("ens_reader");

        assertThat(engine.streamTable("ens_read").orElseThrow().query()).isEqualTo(BY_REGION);
        assertMatchesQuery(dsl, "public.ens_reader", "select region, n from ens_read where n > 1");
    }

    @Test
    void ensure_nameOfATableThatIsNoStreamTable_throwsRelationExists(Trickle engine) {
        assertThatThrownBy(() -> engine.ensureStreamTable(StreamTableSpec.builder("not_a_stream_table", BY_REGION)
                .build()))
                .isInstanceOf(RelationExistsException.class);
    }

    @Test
    void ensure_onEveryStartOfNewEngines_createsOnceThenLeavesIt(DataSource dataSource, DSLContext dsl) {
        StreamTableSpec spec = StreamTableSpec.builder("ens_restart", BY_REGION).schedule("1m").build();
        List<Action> actions = new ArrayList<>();
        for (int start = 0; start < 3; start++) {
            try (Trickle engine = Trickle.builder(dataSource).build()) {
                engine.start();
                actions.add(engine.ensureStreamTable(spec).action());
            }
        }

        assertThat(actions).containsExactly(Action.CREATED, Action.UNCHANGED, Action.UNCHANGED);
        assertMatchesQuery(dsl, "public.ens_restart", BY_REGION);
    }

    @Test
    void ensure_byEnginesStartingAtOnce_oneCreatesThenOneReplacesTheRestFindItDone(TestDatabase db, DSLContext dsl)
            throws Exception {
        StreamTableSpec first = StreamTableSpec.builder("ens_race", BY_REGION).schedule("1s").build();
        String wider = "select region, count(*) as n, max(amount) as top from orders group by region";
        StreamTableSpec second = StreamTableSpec.builder("ens_race", wider).schedule("1s").build();

        List<Action> created = atOnce(db, 3, engine -> engine.ensureStreamTable(first).action());
        List<Action> replaced = atOnce(db, 3, engine -> engine.ensureStreamTable(second).action());

        assertThat(created).containsExactlyInAnyOrder(Action.CREATED, Action.UNCHANGED, Action.UNCHANGED);
        assertThat(replaced).containsExactlyInAnyOrder(Action.REPLACED, Action.UNCHANGED, Action.UNCHANGED);
        assertMatchesQuery(dsl, "public.ens_race", wider);
        assertThat(dsl.fetchValue("SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE pgt_name = 'ens_race'"))
                .isEqualTo(1L);
    }

    @Test
    void ensureSet_givenReadersFirst_createsWhatTheyReadFirst(Trickle engine, DSLContext dsl) {
        StreamTableSpec reader = StreamTableSpec.builder("set_reader", "select region, total from set_base").build();
        StreamTableSpec base = StreamTableSpec.builder("set_base", BY_REGION).build();

        List<EnsureResult> results = engine.ensureStreamTables(List.of(reader, base));

        assertThat(results).extracting(r -> r.streamTable().name().name(), EnsureResult::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("set_base", Action.CREATED),
                        org.assertj.core.groups.Tuple.tuple("set_reader", Action.CREATED));
        assertMatchesQuery(dsl, "public.set_reader", "select region, total from set_base");
        assertThat(engine.ensureStreamTables(List.of(base, reader))).extracting(EnsureResult::action)
                .containsExactly(Action.UNCHANGED, Action.UNCHANGED);
    }

    @Test
    void ensureSet_newQueryOfAMemberOthersOfTheSetRead_rebuildsThemAfterIt(Trickle engine, DSLContext dsl) {
        String readerQuery = "select region, n from chg_base where n > 10";
        engine.ensureStreamTables(List.of(StreamTableSpec.builder("chg_base", BY_REGION).build(),
                StreamTableSpec.builder("chg_reader", readerQuery).build()));
        String narrower = "select region, count(*) as n from orders where amount > 100 group by region";

        List<EnsureResult> results = engine.ensureStreamTables(List.of(
                StreamTableSpec.builder("chg_reader", readerQuery).build(),
                StreamTableSpec.builder("chg_base", narrower).build()));

        assertThat(results).extracting(EnsureResult::action).containsExactly(Action.REPLACED, Action.REPLACED);
        assertMatchesQuery(dsl, "public.chg_base", narrower);
        assertMatchesQuery(dsl, "public.chg_reader", readerQuery);
    }

    @Test
    void ensureSet_membersReadingEachOther_throwsDependencyCycleAndCreatesNothing(Trickle engine) {
        List<StreamTableSpec> cycle = List.of(
                StreamTableSpec.builder("cyc_a", "select region from cyc_b").build(),
                StreamTableSpec.builder("cyc_b", "select region from cyc_a").build());

        assertThatThrownBy(() -> engine.ensureStreamTables(cycle))
                .isInstanceOf(DependencyCycleException.class)
                .hasMessageContaining("cyc_a").hasMessageContaining("cyc_b");
        assertThat(engine.streamTable("cyc_a")).isEmpty();
        assertThat(engine.streamTable("cyc_b")).isEmpty();
    }

    @Test
    void ensureSet_sameNameTwice_throwsIllegalArgument(Trickle engine) {
        assertThatThrownBy(() -> engine.ensureStreamTables(List.of(
                StreamTableSpec.builder("dup_st", BY_REGION).build(),
                StreamTableSpec.builder("public.dup_st", BY_REGION).build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public.dup_st");
    }

    @Test
    void ensureSet_byEnginesStartingAtOnce_allEndWithTheSet(TestDatabase db, DSLContext dsl) throws Exception {
        List<StreamTableSpec> set = List.of(
                StreamTableSpec.builder("race_reader", "select region, total from race_base where total > 0").build(),
                StreamTableSpec.builder("race_base", BY_REGION).build());

        List<List<Action>> results = atOnce(db, 3,
                engine -> engine.ensureStreamTables(set).stream().map(EnsureResult::action).toList());

        assertThat(results.stream().flatMap(List::stream).filter(a -> a == Action.CREATED)).hasSize(2);
        assertMatchesQuery(dsl, "public.race_base", BY_REGION);
        assertMatchesQuery(dsl, "public.race_reader", "select region, total from race_base where total > 0");
    }

    // races are found by trying them: each repetition starts from a source without capture
    @RepeatedTest(5)
    void ensure_differentStreamTablesOverANewSourceInThreeEnginesAtOnce_installsItsCaptureOnce(Trickle engine,
            TestDatabase db, DSLContext dsl) throws Exception {
        for (int i = 1; i <= 3; i++) {
            if (engine.streamTable("fresh_" + i).isPresent()) {
                engine.drop("fresh_" + i);
            }
        }
        dsl.execute("DROP TABLE IF EXISTS fresh_src");
        dsl.execute("CREATE TABLE fresh_src (id int PRIMARY KEY, v int)");
        dsl.execute("INSERT INTO fresh_src SELECT g, g % 7 FROM generate_series(1, 100) g");
        AtomicInteger next = new AtomicInteger();

        List<Action> created = atOnce(db, 3, each -> each.ensureStreamTable(StreamTableSpec.builder(
                "fresh_" + next.incrementAndGet(), "select v, count(*) as n from fresh_src group by v").build())
                .action());

        assertThat(created).containsOnly(Action.CREATED).hasSize(3);
        dsl.execute("UPDATE fresh_src SET v = v + 1 WHERE id <= 50");
        for (int i = 1; i <= 3; i++) {
            engine.refresh("fresh_" + i);
            assertMatchesQuery(dsl, "public.fresh_" + i, "select v, count(*) as n from fresh_src group by v");
        }
    }

    /** Runs {@code work} in {@code engines} new engines at once, each started, and returns what each returned. */
    private static <T> List<T> atOnce(TestDatabase db, int engines, Function<Trickle, T> work) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(engines);
        ExecutorService pool = Executors.newFixedThreadPool(engines);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < engines; i++) {
                futures.add(pool.submit(() -> {
                    try (Trickle engine = Trickle.builder(db.dataSource()).build()) {
                        engine.start();
                        barrier.await(30, TimeUnit.SECONDS);
                        return work.apply(engine);
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

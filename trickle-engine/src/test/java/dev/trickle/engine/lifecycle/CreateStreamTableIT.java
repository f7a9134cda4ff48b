package dev.trickle.engine.lifecycle;

import static dev.trickle.engine.lifecycle.StorageContents.ROW_ID;
import static dev.trickle.engine.lifecycle.StorageContents.assertMatchesQuery;
import static dev.trickle.engine.lifecycle.StorageContents.columns;
import static dev.trickle.engine.lifecycle.StorageContents.userColumns;
import static dev.trickle.engine.lifecycle.StorageContents.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Creating stream tables: storage, initial contents, and the catalog record. */
class CreateStreamTableIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @BeforeAll
    static void sources(DSLContext dsl) {
        dsl.execute("""
                CREATE SCHEMA sales;
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, region text);
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, amount numeric(10,2),
                                     status text NOT NULL);
                CREATE TABLE "Order Lines" (order_id int REFERENCES orders, line int, "Product" text, qty int,
                                            PRIMARY KEY (order_id, line));
                INSERT INTO customers VALUES (1, 'ann', 'north'), (2, 'bob', 'south'), (3, 'cy', NULL);
                INSERT INTO orders VALUES (10, 1, 25.50, 'open'), (11, 1, 100.00, 'shipped'), (12, 2, 7.25, 'open'),
                                          (13, 3, NULL, 'open'), (14, 2, 60.00, 'open');
                INSERT INTO "Order Lines" VALUES (10, 1, 'apple', 3), (10, 2, 'pear', 1), (11, 1, 'apple', 10),
                                                 (12, 1, 'Plum', 2), (14, 1, 'pear', 4), (14, 2, 'pear', 4);
                """);
    }

    @Test
    void create_sqlText_storageHasQueryColumnsAndRowIdAndMatchesQuery(Trickle engine, DSLContext dsl) {
        String query = "select customer_id, sum(amount) as total, count(*) as n from orders group by customer_id";

        StreamTable st = engine.createStreamTable("order_totals", query);

        assertThat(st.name()).isEqualTo(new TableName("public", "order_totals"));
        assertThat(st.query()).isEqualTo(query);
        assertThat(st.refreshMode()).isEqualTo(RefreshMode.AUTO);
        assertThat(st.effectiveMode()).isIn(RefreshMode.FULL, RefreshMode.DIFFERENTIAL);
        assertThat(st.status()).isEqualTo(StreamTableStatus.ACTIVE);
        assertThat(st.sources()).containsExactly(new TableName("public", "orders"));
        assertThat(st.schedule()).isNull();
        assertThat(st.lastError()).isNull();
        assertThat(st.dataTimestamp()).isNotNull();
        assertThat(st.createdAt()).isBefore(Instant.now().plusSeconds(60));
        assertThat(userColumns(dsl, "public.order_totals")).containsExactly("customer_id", "total", "n");
        assertThat(columns(dsl, "public.order_totals")).contains(ROW_ID);
        assertThat(count(dsl, "public.order_totals")).isEqualTo(3);
        assertMatchesQuery(dsl, "public.order_totals", query);
    }

    @Test
    void create_sqlText_storageIsAnOrdinaryTableWithUniqueRowIdIndex(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("open_orders", "select id, amount from orders where status = 'open'");

        assertThat(dsl.fetchOne("SELECT relkind FROM pg_class WHERE oid = 'public.open_orders'::regclass")
                        .get(0, String.class))
                .isEqualTo("r");
        assertThat(dsl.fetchOne("""
                        SELECT count(*) FROM pg_index i JOIN pg_attribute a
                            ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                         WHERE i.indrelid = 'public.open_orders'::regclass AND i.indisunique AND i.indnatts = 1
                           AND a.attname = '__pgt_row_id'""").get(0, Long.class))
                .isEqualTo(1);
        dsl.execute("CREATE INDEX open_orders_amount ON open_orders (amount)");
        assertThat(dsl.fetchOne("SELECT count(*) FROM open_orders o JOIN orders USING (id)").get(0, Long.class))
                .isEqualTo(4);
    }

    @Test
    void create_sqlTextTypes_storageColumnsHaveTheQueryTypes(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("typed", "select id, amount, status, amount * 2 as doubled from orders");

        assertThat(dsl.fetch("""
                        SELECT format_type(atttypid, atttypmod) FROM pg_attribute
                         WHERE attrelid = 'public.typed'::regclass AND attnum > 0 ORDER BY attnum""")
                .getValues(0, String.class))
                .containsExactly("integer", "numeric(10,2)", "text", "numeric", "bigint");
    }

    @Test
    void create_jooqSelect_storageMatchesRenderedQuery(Trickle engine, DSLContext dsl) {
        Select<?> select = DSL.select(
                        field(name("customer_id"), Integer.class),
                        sum(field(name("amount"), BigDecimal.class)).as("total"),
                        count().as("n"))
                .from(table(name("orders")))
                .where(field(name("status"), String.class).eq("open"))
                .groupBy(field(name("customer_id")));

        StreamTable st = engine.createStreamTable("open_totals", select);

        assertThat(st.query()).isEqualTo(DSL.using(org.jooq.SQLDialect.POSTGRES).renderInlined(select));
        assertThat(st.sources()).containsExactly(new TableName("public", "orders"));
        assertThat(userColumns(dsl, "public.open_totals")).containsExactly("customer_id", "total", "n");
        assertThat(columns(dsl, "public.open_totals")).contains(ROW_ID);
        assertMatchesQuery(dsl, "public.open_totals", st.query());
        assertThat(dsl.fetchOne("SELECT total FROM open_totals WHERE customer_id = 2").get(0, BigDecimal.class))
                .isEqualByComparingTo("67.25");
    }

    @Test
    void create_specWithFullMode_isRecordedAsFullWithoutFallback(Trickle engine) {
        StreamTable st = engine.createStreamTable(StreamTableSpec.builder("full_orders", "select id from orders")
                .mode(RefreshMode.FULL)
                .schedule("1m")
                .build());

        assertThat(st.refreshMode()).isEqualTo(RefreshMode.FULL);
        assertThat(st.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(st.fallbackReason()).isNull();
        assertThat(st.schedule()).isEqualTo("1m");
    }

    @Test
    void create_schemaQualifiedName_storageIsInThatSchema(Trickle engine, DSLContext dsl) {
        String query = "select id, amount from public.orders where amount > 50";

        StreamTable st = engine.createStreamTable("Sales.Big_Orders", query);

        assertThat(st.name()).isEqualTo(new TableName("sales", "big_orders"));
        assertThat(dsl.fetchOne("SELECT to_regclass('sales.big_orders') IS NOT NULL").get(0, Boolean.class)).isTrue();
        assertThat(dsl.fetchOne("SELECT to_regclass('public.big_orders') IS NULL").get(0, Boolean.class)).isTrue();
        assertMatchesQuery(dsl, "sales.big_orders", query);
        assertThat(engine.streamTable("sales.big_orders")).map(StreamTable::name).contains(st.name());
        assertThat(engine.streamTable("big_orders")).isEmpty();
    }

    @Test
    void create_quotedMixedCaseNames_keepSpellingForStreamTableAndSource(Trickle engine, DSLContext dsl) {
        String query = "select l.\"Product\", sum(l.qty) as \"Total Qty\" from \"Order Lines\" l group by l.\"Product\"";

        StreamTable st = engine.createStreamTable("\"Line Totals\"", query);

        assertThat(st.name()).isEqualTo(new TableName("public", "Line Totals"));
        assertThat(st.sources()).containsExactly(new TableName("public", "Order Lines"));
        assertThat(userColumns(dsl, "public.\"Line Totals\"")).containsExactly("Product", "Total Qty");
        assertThat(columns(dsl, "public.\"Line Totals\"")).contains(ROW_ID);
        assertMatchesQuery(dsl, "public.\"Line Totals\"", query);
        assertThat(engine.streamTable("\"Line Totals\"")).isPresent();
        assertThat(engine.streamTable("public.\"Line Totals\"")).isPresent();
        assertThat(engine.streamTable("\"line totals\"")).isEmpty();
    }

    @Test
    void create_joinAndAggregate_recordsEverySourceAndMatchesQuery(Trickle engine, DSLContext dsl) {
        String query = """
                select c.region, count(distinct o.id) as orders, sum(l.qty) as items
                  from customers c
                  join orders o on o.customer_id = c.id
                  join "Order Lines" l on l.order_id = o.id
                 group by c.region""";

        StreamTable st = engine.createStreamTable("region_items", query);

        assertThat(st.sources()).containsExactlyInAnyOrder(
                new TableName("public", "customers"),
                new TableName("public", "orders"),
                new TableName("public", "Order Lines"));
        assertThat(userColumns(dsl, "public.region_items")).containsExactly("region", "orders", "items");
        assertThat(columns(dsl, "public.region_items")).contains(ROW_ID);
        assertMatchesQuery(dsl, "public.region_items", query);
    }

    @Test
    void create_queryWithDuplicateRowsAndNulls_keepsEveryOccurrence(Trickle engine, DSLContext dsl) {
        String query = "select \"Product\", qty from \"Order Lines\" union all select null, null";

        engine.createStreamTable("line_bag", query);

        assertThat(count(dsl, "line_bag")).isEqualTo(7);
        assertMatchesQuery(dsl, "public.line_bag", query);
    }

    @Test
    void create_queryWithSubqueryCteAndTrailingComment_isAccepted(Trickle engine, DSLContext dsl) {
        String query = """
                with big as (select * from orders where amount > 20)
                select b.id, (select count(*) from "Order Lines" l where l.order_id = b.id) as lines
                  from big b
                 where exists (select 1 from customers c where c.id = b.customer_id) -- trailing comment""";

        StreamTable st = engine.createStreamTable("big_lines", query + ";");

        assertThat(st.sources()).containsExactlyInAnyOrder(
                new TableName("public", "orders"),
                new TableName("public", "Order Lines"),
                new TableName("public", "customers"));
        assertMatchesQuery(dsl, "public.big_lines", query);
    }

    @Test
    void create_noRows_createsEmptyStorage(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("nothing", "select id from orders where false");

        assertThat(count(dsl, "nothing")).isZero();
        assertThat(userColumns(dsl, "public.nothing")).containsExactly("id");
        assertThat(columns(dsl, "public.nothing")).contains(ROW_ID);
    }

    @Test
    void create_recordsInitialLoadInHistory(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("history_check", "select id from orders");

        assertThat(dsl.fetch("""
                        SELECT h.action, h.status, h.initiated_by, h.rows_inserted
                          FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
                         WHERE s.pgt_schema = 'public' AND s.pgt_name = 'history_check'""")
                .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3)))
                .containsExactly("FULL COMPLETED CREATE 5");
    }

    @Test
    void create_namesSharingA40BytePrefix_bothSucceed(Trickle engine, DSLContext dsl) {
        String prefix = "a_rather_long_stream_table_name_prefix_0"; // 40 bytes

        engine.createStreamTable(prefix + "_first", "select id from orders");
        engine.createStreamTable(prefix + "_second", "select id from customers");

        assertThat(count(dsl, prefix + "_first")).isEqualTo(5);
        assertThat(count(dsl, prefix + "_second")).isEqualTo(3);
    }

    @Test
    void create_userRelationNamedLikeTheStorageIndex_succeeds(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE idx_clash__pgt_row_id_idx (x int)");

        engine.createStreamTable("idx_clash", "select id from orders");

        assertThat(count(dsl, "idx_clash")).isEqualTo(5);
    }

    @Test
    void streamTables_afterCreates_listsEachOnceOrderedBySchemaAndName(Trickle engine) {
        engine.createStreamTable("sales.list_b", "select id from orders");
        engine.createStreamTable("list_b", "select id from orders");
        engine.createStreamTable("list_a", "select id from customers");

        List<StreamTable> listed = engine.streamTables().stream()
                .filter(st -> st.name().name().startsWith("list_"))
                .toList();

        assertThat(listed).extracting(StreamTable::name).containsExactly(
                new TableName("public", "list_a"), new TableName("public", "list_b"), new TableName("sales", "list_b"));
        assertThat(listed.get(0).sources()).containsExactly(new TableName("public", "customers"));
        assertThat(listed).allSatisfy(st -> assertThat(st.status()).isEqualTo(StreamTableStatus.ACTIVE));
        assertThat(engine.streamTable("list_a")).contains(listed.get(0));
    }

    @Test
    void streamTable_plainTableName_isEmpty(Trickle engine) {
        assertThat(engine.streamTable("orders")).isEmpty();
        assertThat(engine.streamTable("no_such_schema.orders")).isEmpty();
    }
}

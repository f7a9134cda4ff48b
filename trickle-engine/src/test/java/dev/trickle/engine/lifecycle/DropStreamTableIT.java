package dev.trickle.engine.lifecycle;

import static dev.trickle.engine.lifecycle.StorageContents.assertMatchesQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.StreamTable;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dropping stream tables: everything the create and the refreshes made goes, nothing else does. */
class DropStreamTableIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @BeforeAll
    static void sources(Trickle engine, DSLContext dsl) {
        dsl.execute("""
                CREATE SCHEMA "Drop Zone";
                CREATE TABLE items (id int PRIMARY KEY, grp text, v int);
                INSERT INTO items VALUES (1, 'a', 1), (2, 'a', 2), (3, 'b', 3);
                """);
        engine.start();
    }

    private static boolean exists(DSLContext dsl, String relation) {
        return dsl.fetchOne("SELECT to_regclass({0}) IS NOT NULL", relation).get(0, Boolean.class);
    }

    @Test
    void drop_afterCreateAndRefreshes_leavesDatabaseAsBefore(Trickle engine, DSLContext dsl) {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);
        engine.createStreamTable("grp_sums", "select grp, sum(v) as s from items group by grp");
        dsl.execute("INSERT INTO items VALUES (4, 'c', 4)");
        engine.refresh("grp_sums");
        engine.refresh("grp_sums");
        dsl.execute("DELETE FROM items WHERE id = 4");
        assertThat(DatabaseObjects.snapshot(dsl)).isNotEqualTo(before);

        engine.drop("grp_sums");

        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
        assertThat(exists(dsl, "public.grp_sums")).isFalse();
    }

    @Test
    void drop_quotedSchemaQualifiedName_leavesDatabaseAsBefore(Trickle engine, DSLContext dsl) {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);
        engine.createStreamTable("\"Drop Zone\".\"Big Items\"", "select id, v from items where v > 1");

        engine.drop("\"Drop Zone\".\"Big Items\"");

        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
    }

    @Test
    void drop_unqualifiedNameOfStreamTableInCurrentSchema_dropsIt(Trickle engine, DSLContext dsl) {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);
        engine.createStreamTable("public.by_plain_name", "select id from items");

        engine.drop("By_Plain_Name");

        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
    }

    @Test
    void drop_removesItFromTheCatalogView(Trickle engine) {
        engine.createStreamTable("listed_then_dropped", "select id from items");

        engine.drop("listed_then_dropped");

        assertThat(engine.streamTable("listed_then_dropped")).isEmpty();
        assertThat(engine.streamTables()).extracting(StreamTable::name)
                .doesNotContain(new TableName("public", "listed_then_dropped"));
        assertThatThrownBy(() -> engine.refresh("listed_then_dropped"))
                .isInstanceOf(StreamTableNotFoundException.class);
    }

    @Test
    void drop_thenCreateSameName_works(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("recreated", "select id from items");
        engine.drop("recreated");

        engine.createStreamTable("recreated", "select grp, count(*) as n from items group by grp");

        assertMatchesQuery(dsl, "public.recreated", "select grp, count(*) as n from items group by grp");
        engine.drop("recreated");
    }

    @Test
    void drop_oneOfTwoOnSameSource_leavesTheOtherWorking(Trickle engine, DSLContext dsl) {
        engine.createStreamTable("keep_me", "select grp, sum(v) as s from items group by grp");
        engine.createStreamTable("drop_me", "select id from items");

        engine.drop("drop_me");
        dsl.execute("UPDATE items SET v = v + 10 WHERE id = 1");
        engine.refresh("keep_me");

        assertMatchesQuery(dsl, "public.keep_me", "select grp, sum(v) as s from items group by grp");
        assertThat(engine.streamTable("keep_me")).map(StreamTable::sources)
                .contains(java.util.List.of(new TableName("public", "items")));
        dsl.execute("UPDATE items SET v = v - 10 WHERE id = 1");
        engine.drop("keep_me");
    }

    @Test
    void drop_unknownName_throwsStreamTableNotFoundExceptionAndChangesNothing(Trickle engine, DSLContext dsl) {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);

        assertThatThrownBy(() -> engine.drop("no_such_stream_table"))
                .isInstanceOf(StreamTableNotFoundException.class)
                .hasMessageContaining("'no_such_stream_table'")
                .satisfies(e -> assertThat(((StreamTableNotFoundException) e).name()).isEqualTo("no_such_stream_table"));
        assertThatThrownBy(() -> engine.drop("no_such_schema.t")).isInstanceOf(StreamTableNotFoundException.class);
        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
    }

    @Test
    void drop_plainTableName_throwsStreamTableNotFoundExceptionAndKeepsTable(Trickle engine, DSLContext dsl) {
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);

        assertThatThrownBy(() -> engine.drop("items"))
                .isInstanceOf(StreamTableNotFoundException.class)
                .hasMessageContaining("'items'");
        assertThat(exists(dsl, "public.items")).isTrue();
        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
    }

    @Test
    void drop_twice_secondThrowsStreamTableNotFoundException(Trickle engine) {
        engine.createStreamTable("dropped_twice", "select id from items");
        engine.drop("dropped_twice");

        assertThatThrownBy(() -> engine.drop("dropped_twice")).isInstanceOf(StreamTableNotFoundException.class);
    }
}

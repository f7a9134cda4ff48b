package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tables without a primary key, case by case: equal rows counted, NULLs in every column, a unique key standing for
 * the primary key, and the rows a refresh writes.
 */
class KeylessIT {
    @RegisterExtension
    static TrickleExtension trickle = TrickleExtension.postgres().withEngine(b -> b.fullRefreshThreshold(1e9));

    private static void create(Trickle engine, String name, String query) {
        engine.createStreamTable(StreamTableSpec.builder(name, query).mode(RefreshMode.DIFFERENTIAL).build());
    }

    private static RefreshResult refresh(Trickle engine, DSLContext dsl, String name, String query) {
        RefreshResult r = engine.refresh(name);
        assertThat(r.action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "public." + name, query);
        return r;
    }

    private static List<Integer> values(DSLContext dsl, String sql) {
        return dsl.fetch(sql).getValues(0, Integer.class);
    }

    @Test
    void refresh_deleteOneOfTwoEqualRows_leavesOne(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE twins (a int, b text)");
        dsl.execute("INSERT INTO twins VALUES (1, 'x'), (1, 'x'), (2, 'y')");
        String query = "SELECT a, b FROM twins";
        create(engine, "twins_st", query);

        dsl.execute("DELETE FROM twins WHERE ctid = (SELECT ctid FROM twins WHERE a = 1 LIMIT 1)");
        RefreshResult r = refresh(engine, dsl, "twins_st", query);

        assertThat(values(dsl, "SELECT a FROM twins_st ORDER BY a")).containsExactly(1, 2);
        // the second occurrence goes, the first one's count drops to 1
        assertThat(r.rowsDeleted()).isEqualTo(1);
        assertThat(r.rowsUpdated()).isEqualTo(1);
        assertThat(r.rowsInserted()).isZero();
    }

    @Test
    void refresh_rowUpdatedToEqualAnotherAndBack_countsThem(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE pairs (a int, b text)");
        dsl.execute("INSERT INTO pairs VALUES (1, 'x'), (2, 'y')");
        String query = "SELECT a, b FROM pairs";
        create(engine, "pairs_st", query);

        dsl.execute("UPDATE pairs SET a = 1, b = 'x' WHERE a = 2");
        refresh(engine, dsl, "pairs_st", query);
        assertThat(values(dsl, "SELECT __pgt_mult::int FROM pairs_st WHERE __pgt_mult IS NOT NULL")).containsExactly(2);

        dsl.execute("UPDATE pairs SET a = 3 WHERE ctid = (SELECT ctid FROM pairs LIMIT 1)");
        refresh(engine, dsl, "pairs_st", query);
        assertThat(values(dsl, "SELECT a FROM pairs_st ORDER BY a")).containsExactly(1, 3);
    }

    @Test
    void refresh_nullsInEveryColumn_areEqualRows(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE blanks (a int, b text, c numeric)");
        dsl.execute("INSERT INTO blanks VALUES (NULL, NULL, NULL), (NULL, NULL, NULL), (1, NULL, 1.0)");
        String query = "SELECT * FROM blanks";
        create(engine, "blanks_st", query);

        dsl.execute("INSERT INTO blanks VALUES (NULL, NULL, NULL), (1, NULL, 1.00)");
        dsl.execute("DELETE FROM blanks WHERE ctid IN (SELECT ctid FROM blanks WHERE a IS NULL LIMIT 2)");
        refresh(engine, dsl, "blanks_st", query);

        assertThat(dsl.fetchOne("SELECT count(*) FROM blanks_st WHERE a IS NULL").get(0, Integer.class)).isEqualTo(1);
        // 1.0 and 1.00 are equal numbers, but distinct rows of the stream table: each keeps its own digits
        assertThat(dsl.fetch("SELECT c::text FROM blanks_st WHERE a = 1 ORDER BY 1").getValues(0, String.class))
                .containsExactly("1.0", "1.00");
        dsl.execute("DELETE FROM blanks WHERE c::text = '1.0'");
        refresh(engine, dsl, "blanks_st", query);
        assertThat(dsl.fetch("SELECT c::text FROM blanks_st WHERE a = 1").getValues(0, String.class))
                .containsExactly("1.00");
    }

    @Test
    void refresh_updateOfKeyedRowJoinedToEqualRows_rewritesTheirValues(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE tags (item int, tag text)");
        dsl.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        dsl.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        dsl.execute("INSERT INTO tags VALUES (1, 'a'), (1, 'a'), (1, 'a'), (2, 'a')");
        String query = "SELECT i.name, t.tag FROM tags t JOIN items i ON i.id = t.item";
        create(engine, "tags_st", query);

        dsl.execute("UPDATE items SET name = 'uno' WHERE id = 1");
        dsl.execute("INSERT INTO tags VALUES (1, 'a')");
        RefreshResult r = refresh(engine, dsl, "tags_st", query);

        assertThat(r.rowsUpdated()).isEqualTo(3);
        assertThat(r.rowsInserted()).isEqualTo(1);
        assertThat(dsl.fetchOne("SELECT count(*) FROM tags_st WHERE name = 'uno'").get(0, Integer.class)).isEqualTo(4);
    }

    @Test
    void create_uniqueIndexOnNotNullColumns_isTheKey(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE coded (code text NOT NULL, region int, note text)");
        dsl.execute("CREATE UNIQUE INDEX coded_code ON coded (code)");
        dsl.execute("INSERT INTO coded VALUES ('a', 1, 'x'), ('b', 1, 'x')");
        String query = "SELECT region, note FROM coded";
        create(engine, "coded_st", query);

        dsl.execute("UPDATE coded SET note = 'y' WHERE code = 'a'");
        RefreshResult r = refresh(engine, dsl, "coded_st", query);

        // one row, identified by its code, updated in place: no hidden count, no delete and insert
        assertThat(r.rowsUpdated()).isEqualTo(1);
        assertThat(r.rowsDeleted()).isZero();
        assertThat(dsl.fetch("SELECT column_name FROM information_schema.columns WHERE table_name = 'coded_st'"
                + " AND column_name = '__pgt_mult'")).isEmpty();
    }

    @Test
    void create_replicaIdentityIndex_isPreferredToAnotherUniqueIndex(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE ident (a int NOT NULL, b int NOT NULL, v int)");
        dsl.execute("CREATE UNIQUE INDEX ident_ab ON ident (a, b)");
        dsl.execute("CREATE UNIQUE INDEX ident_b ON ident (b)");
        dsl.execute("ALTER TABLE ident REPLICA IDENTITY USING INDEX ident_ab");
        dsl.execute("INSERT INTO ident VALUES (1, 1, 10), (1, 2, 20)");
        String query = "SELECT v FROM ident";
        create(engine, "ident_st", query);

        // the key's columns are captured with the column read: (a, b), not b alone
        assertThat(dsl.fetch("SELECT attname::text FROM pg_attribute WHERE attnum > 0 AND NOT attisdropped"
                        + " AND attrelid = ('pgtrickle_changes.changes_' || 'ident'::regclass::oid)::regclass"
                        + " AND attname NOT LIKE '\\_\\_pgt%' ORDER BY attnum").getValues(0, String.class))
                .containsExactly("a", "b", "v");
        dsl.execute("UPDATE ident SET v = 11 WHERE b = 1");
        RefreshResult r = refresh(engine, dsl, "ident_st", query);
        assertThat(r.rowsUpdated()).isEqualTo(1);
    }

    @Test
    void refresh_uniqueKeyIndexDropped_errorNamesTheKeyThenReinitializeCountsRows(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE unkeyed (code text NOT NULL, v int)");
        dsl.execute("CREATE UNIQUE INDEX unkeyed_code ON unkeyed (code)");
        dsl.execute("INSERT INTO unkeyed VALUES ('a', 1), ('b', 1)");
        String query = "SELECT code, v FROM unkeyed";
        create(engine, "unkeyed_st", query);

        dsl.execute("DROP INDEX unkeyed_code");
        dsl.execute("INSERT INTO unkeyed VALUES ('a', 1)");

        assertThatThrownBy(() -> engine.refresh("unkeyed_st")).isInstanceOf(RefreshException.class)
                .hasMessageContaining("primary key of source 'public.unkeyed' changed from (code) to (none)");
        engine.reinitialize("unkeyed_st");
        StreamTableOracle.assertMatchesRecompute(dsl, "public.unkeyed_st", query);
        dsl.execute("DELETE FROM unkeyed WHERE ctid = (SELECT ctid FROM unkeyed WHERE code = 'a' LIMIT 1)");
        refresh(engine, dsl, "unkeyed_st", query);
    }

    @Test
    void create_uniqueIndexOnNullableColumn_isNoKey(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE loose (code text UNIQUE, v int)");
        dsl.execute("INSERT INTO loose VALUES (NULL, 1), (NULL, 1)");
        String query = "SELECT v FROM loose";
        create(engine, "loose_st", query);

        dsl.execute("DELETE FROM loose WHERE ctid = (SELECT ctid FROM loose LIMIT 1)");
        refresh(engine, dsl, "loose_st", query);
        assertThat(values(dsl, "SELECT v FROM loose_st")).containsExactly(1);
    }
}

package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * A catalog of version 2 is brought to the current version by the next engine that starts: stream tables created
 * before go on refreshing, now guarded, and the capture functions an earlier version wrote are written again (search
 * path pinned, not executable by {@code PUBLIC}).
 */
class CatalogUpgradeIT {

    @Test
    void start_onVersionTwoCatalog_upgradesCaptureAndAdoptsStreamTables() {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            DSLContext dsl = database.dsl();
            dsl.execute("CREATE TABLE t (id int PRIMARY KEY, v int)");
            dsl.execute("INSERT INTO t VALUES (1, 1)");
            try (Trickle engine = Trickle.builder(database.dataSource()).build()) {
                engine.createStreamTable("st", "SELECT id, v FROM t");
            }
            long oid = ((Number) dsl.fetchValue("SELECT 't'::regclass::oid")).longValue();
            // what version 2 left: no states, no guard, a capture function anyone may run, no version 3 or later
            dsl.execute("DELETE FROM pgtrickle.pgt_schema_version WHERE version >= 3");
            dsl.execute("UPDATE pgtrickle.pgt_stream_tables SET storage_state = NULL");
            dsl.execute("UPDATE pgtrickle.pgt_dependencies SET source_state = NULL");
            dsl.execute("DROP TRIGGER __pgt_guard ON st");
            dsl.execute("ALTER FUNCTION pgtrickle_changes.capture_" + oid + "() RESET search_path");
            dsl.execute("GRANT EXECUTE ON FUNCTION pgtrickle_changes.capture_" + oid + "() TO PUBLIC");

            try (Trickle engine = Trickle.builder(database.dataSource()).build()) {
                engine.start();
                assertThat(dsl.fetchValue("SELECT max(version) FROM pgtrickle.pgt_schema_version")).isEqualTo(7);
                assertThat(dsl.fetchValue("SELECT proconfig::text FROM pg_proc WHERE oid ="
                        + " 'pgtrickle_changes.capture_" + oid + "()'::regprocedure"))
                        .isEqualTo("{\"search_path=pg_catalog, pg_temp\"}");
                assertThat(dsl.fetchValue("SELECT has_function_privilege('public', 'pgtrickle_changes.capture_"
                        + oid + "()', 'EXECUTE')")).isEqualTo(false);

                dsl.execute("INSERT INTO t VALUES (2, 2)");
                engine.refresh("st");
                StreamTableOracle.assertMatchesRecompute(dsl, "public.st", "SELECT id, v FROM t");
                assertThatThrownBy(() -> dsl.execute("DELETE FROM st")).hasMessageContaining("maintained by Trickle");
                dsl.execute("UPDATE t SET v = 20 WHERE id = 2");
                engine.refresh("st");
                StreamTableOracle.assertMatchesRecompute(dsl, "public.st", "SELECT id, v FROM t");
            }
        }
    }
}

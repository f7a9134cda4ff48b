package dev.trickle.engine.lifecycle;

import static dev.trickle.engine.lifecycle.StorageContents.assertMatchesQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TrickleExtension;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream tables outlive the engine that created them: a new engine on the same database, built on the caller's
 * data source or on its own pool, lists and refreshes them.
 */
class RestartIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @BeforeAll
    static void sources(DSLContext dsl) {
        dsl.execute("""
                CREATE TABLE readings (id int PRIMARY KEY, sensor text, value int);
                INSERT INTO readings VALUES (1, 's1', 10), (2, 's1', 20), (3, 's2', 5);
                """);
    }

    private static String ownPassword(TestDatabase db) {
        return db.server().password().isEmpty() ? null : db.server().password();
    }

    @Test
    void newEngineOnSameDataSource_listsAndRefreshesExistingStreamTable(DataSource dataSource, DSLContext dsl) {
        String query = "select sensor, max(value) as top from readings group by sensor";
        StreamTable created;
        try (Trickle first = Trickle.builder(dataSource).build()) {
            created = first.createStreamTable("sensor_tops", query);
        }
        dsl.execute("INSERT INTO readings VALUES (4, 's2', 50), (5, 's3', 1)");

        try (Trickle second = Trickle.builder(dataSource).build()) {
            assertThat(second.streamTables()).extracting(StreamTable::name)
                    .contains(new TableName("public", "sensor_tops"));
            StreamTable found = second.streamTable("sensor_tops").orElseThrow();
            assertThat(found.query()).isEqualTo(created.query());
            assertThat(found.sources()).isEqualTo(created.sources());
            assertThat(found.createdAt()).isEqualTo(created.createdAt());

            RefreshResult result = second.refresh("sensor_tops");

            assertThat(result.rowsChanged()).isPositive();
            assertMatchesQuery(dsl, "public.sensor_tops", query);
        }
        dsl.execute("DELETE FROM readings WHERE id > 3");
    }

    @Test
    void closedEngine_leavesDatabaseObjectsAndCallersDataSourceUsable(DataSource dataSource, DSLContext dsl) {
        Trickle engine = Trickle.builder(dataSource).build();
        engine.createStreamTable("kept_after_close", "select id from readings");
        DatabaseObjects before = DatabaseObjects.snapshot(dsl);

        engine.close();
        engine.close();

        assertThat(DatabaseObjects.snapshot(dsl)).isEqualTo(before);
        assertThat(dsl.fetchOne("SELECT count(*) FROM kept_after_close").get(0, Long.class)).isEqualTo(3);
    }

    @Test
    void closedEngine_rejectsOperations(DataSource dataSource) {
        Trickle engine = Trickle.builder(dataSource).build();
        engine.close();

        assertThatThrownBy(engine::streamTables)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> engine.createStreamTable("never", "select 1 as one"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.refresh("never")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.drop("never")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void engineWithOwnPool_fromJdbcUrl_createsListsRefreshesAndDrops(TestDatabase db, DSLContext dsl) {
        String query = "select sensor, count(*) as n from readings group by sensor";
        try (Trickle owned = Trickle.builder(db.jdbcUrl(), db.server().user(), ownPassword(db))
                .maxPoolSize(2)
                .build()) {
            owned.createStreamTable("sensor_counts", query);
            dsl.execute("INSERT INTO readings VALUES (6, 's9', 1)");

            owned.refresh("sensor_counts");

            assertMatchesQuery(dsl, "public.sensor_counts", query);
            assertThat(owned.streamTable("sensor_counts")).isPresent();
            owned.drop("sensor_counts");
            assertThat(owned.streamTable("sensor_counts")).isEmpty();
        }
        dsl.execute("DELETE FROM readings WHERE id = 6");
    }

    @Test
    void engineWithOwnPool_seesStreamTablesOfAnotherEngine(Trickle engine, TestDatabase db, DSLContext dsl) {
        String query = "select sensor, sum(value) as total from readings group by sensor";
        engine.createStreamTable("sensor_totals", query);
        dsl.execute("UPDATE readings SET value = value + 1 WHERE id = 1");

        try (Trickle owned = Trickle.builder(db.jdbcUrl(), db.server().user(), db.server().password()).build()) {
            assertThat(owned.streamTable("sensor_totals")).map(StreamTable::query).contains(query);
            owned.refresh("sensor_totals");
        }

        assertMatchesQuery(dsl, "public.sensor_totals", query);
        // the extension's engine is unaffected by the other engine's close
        assertThat(engine.refresh("sensor_totals").rowsChanged()).isZero();
        dsl.execute("UPDATE readings SET value = value - 1 WHERE id = 1");
    }

    @Test
    void engineWithOwnPool_closed_releasesItsConnections(TestDatabase db, DSLContext dsl) throws InterruptedException {
        long before = otherSessions(dsl);
        Trickle owned = Trickle.builder(db.jdbcUrl(), db.server().user(), ownPassword(db)).build();
        owned.streamTables();
        assertThat(otherSessions(dsl)).isGreaterThan(before);

        owned.close();

        long after = otherSessions(dsl);
        for (int i = 0; i < 50 && after > before; i++) {
            Thread.sleep(50); // a backend leaves pg_stat_activity shortly after its client disconnects
            after = otherSessions(dsl);
        }
        assertThat(after).isEqualTo(before);
        assertThatThrownBy(owned::streamTables).isInstanceOf(IllegalStateException.class);
    }

    private static long otherSessions(DSLContext dsl) {
        return dsl.fetchOne("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND backend_type = 'client backend'
                           AND pid <> pg_backend_pid()""").get(0, Long.class);
    }

    @Test
    void secondEngineStart_doesNotReinstallCatalog(DataSource dataSource, DSLContext dsl) {
        try (Trickle another = Trickle.builder(dataSource).build()) {
            another.start();
            another.start();
        }

        assertThat(dsl.fetch("SELECT version FROM pgtrickle.pgt_schema_version ORDER BY 1").getValues(0, Integer.class))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
    }
}

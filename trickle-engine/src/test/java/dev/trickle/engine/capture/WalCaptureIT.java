package dev.trickle.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.CaptureMode;
import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleFixture;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Change capture from the WAL, deterministic cases: exactly once, TRUNCATE, broken capture, slot's life. */
class WalCaptureIT {
    static final String TOTALS = "SELECT grp, count(*) AS cnt, sum(val) AS total FROM src GROUP BY grp";

    TrickleFixture fixture;
    Trickle trickle;
    DSLContext dsl;

    @BeforeEach
    void start() {
        fixture = TrickleFixture.postgres().withEngine(b -> b.changeCapture(CaptureMode.WAL)).start();
        trickle = fixture.trickle();
        dsl = fixture.dsl();
        fixture.execute("CREATE TABLE src (id int PRIMARY KEY, grp int, val numeric, note text)",
                "INSERT INTO src SELECT g, g % 3, g, 'n' || g FROM generate_series(1, 10) g");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void create(String name, String query) {
        trickle.createStreamTable(StreamTableSpec.builder(name, query).mode(RefreshMode.DIFFERENTIAL).build());
        trickle.refresh(name);
    }

    private void assertMatches(String name, String query) {
        String stored = "SELECT grp, cnt, total FROM " + name;
        assertThat(dsl.fetch(stored + " EXCEPT ALL (" + query + ")")).isEmpty();
        assertThat(dsl.fetch("(" + query + ") EXCEPT ALL " + stored)).isEmpty();
    }

    @Test
    void create_walMode_attachesSourceWithoutTriggers() {
        create("st", TOTALS);
        assertThat(dsl.fetchValue("SELECT relreplident::text FROM pg_class WHERE oid = 'src'::regclass"))
                .isEqualTo("f");
        assertThat(dsl.fetchValue("SELECT count(*) FROM pg_publication_tables WHERE pubname = 'pgtrickle'"
                + " AND tablename = 'src'", Long.class)).isEqualTo(1L);
        assertThat(dsl.fetchValue("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'src'::regclass"
                + " AND NOT tgisinternal", Long.class)).isEqualTo(0L);
        fixture.execute("INSERT INTO src VALUES (11, 1, 11, 'x')", "UPDATE src SET grp = 2 WHERE id = 1",
                "DELETE FROM src WHERE id = 2", "UPDATE src SET val = NULL WHERE id = 3");
        assertThat(trickle.refresh("st").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        assertMatches("st", TOTALS);
    }
}

package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.EnsureResult;
import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.Trickle;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import java.util.Locale;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A definition is valid if it is valid SQL; a refresh that fails on the data reports the data error. The same in
 * every mode: {@code 87 / count(*)} over an empty table is created (not loaded, in ERROR with the server's message),
 * its refreshes fail with the data error while the table is empty, and load it once it is not.
 */
class DataErrorIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    private static final String QUERY = "SELECT 87 / count(*) AS x FROM %s";

    private static String table(DSLContext dsl, RefreshMode mode, String what) {
        String t = what + "_" + mode.name().toLowerCase(Locale.ROOT);
        dsl.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v int)");
        return t;
    }

    @ParameterizedTest
    @EnumSource(value = RefreshMode.class, names = {"AUTO", "DIFFERENTIAL", "FULL"})
    void create_queryFailingOnEmptyTable_isCreatedInErrorAndLoadedOnceDataAllows(RefreshMode mode, Trickle engine,
            DSLContext dsl) {
        String t = table(dsl, mode, "empty");
        String query = String.format(QUERY, t);

        StreamTable st = engine.createStreamTable(StreamTableSpec.builder("st_" + t, query).mode(mode).build());

        assertThat(st.status()).isEqualTo(StreamTableStatus.ERROR);
        assertThat(st.lastError()).contains("division by zero");
        assertThat(st.effectiveMode()).isEqualTo(mode == RefreshMode.FULL ? RefreshMode.FULL : RefreshMode.DIFFERENTIAL);
        assertThatThrownBy(() -> engine.refresh("st_" + t)).isInstanceOf(RefreshException.class)
                .hasMessageContaining("division by zero")
                .satisfies(e -> assertThat(((RefreshException) e).sqlState()).isEqualTo("22012"));

        dsl.execute("INSERT INTO " + t + " VALUES (1, 1)");
        engine.refresh("st_" + t);
        StreamTableOracle.assertMatchesRecompute(dsl, "public.st_" + t, query);
        assertThat(engine.streamTable("st_" + t).orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
    }

    @ParameterizedTest
    @EnumSource(value = RefreshMode.class, names = {"AUTO", "DIFFERENTIAL", "FULL"})
    void refresh_tableEmptiedUnderLoadedStreamTable_failsWithTheDataError(RefreshMode mode, Trickle engine,
            DSLContext dsl) {
        String t = table(dsl, mode, "emptied");
        dsl.execute("INSERT INTO " + t + " VALUES (1, 1)");
        StreamTable st = engine.createStreamTable(
                StreamTableSpec.builder("st_" + t, String.format(QUERY, t)).mode(mode).build());
        assertThat(st.status()).isEqualTo(StreamTableStatus.ACTIVE);

        dsl.execute("DELETE FROM " + t);

        assertThatThrownBy(() -> engine.refresh("st_" + t)).isInstanceOf(RefreshException.class)
                .hasMessageContaining("division by zero")
                .satisfies(e -> assertThat(((RefreshException) e).sqlState()).isEqualTo("22012"));
        assertThat(engine.streamTable("st_" + t).orElseThrow().status()).isEqualTo(StreamTableStatus.ERROR);
    }

    @ParameterizedTest
    @EnumSource(value = RefreshMode.class, names = {"AUTO", "DIFFERENTIAL", "FULL"})
    void ensure_replacementFailingOnData_isReplacedInError(RefreshMode mode, Trickle engine, DSLContext dsl) {
        String t = table(dsl, mode, "replaced");
        engine.createStreamTable(StreamTableSpec.builder("st_" + t, "SELECT count(*) AS x FROM " + t).mode(mode)
                .build());

        EnsureResult r = engine.ensureStreamTable(
                StreamTableSpec.builder("st_" + t, String.format(QUERY, t)).mode(mode).build());

        assertThat(r.action()).isEqualTo(EnsureResult.Action.REPLACED);
        assertThat(r.streamTable().status()).isEqualTo(StreamTableStatus.ERROR);
        assertThat(r.streamTable().lastError()).contains("division by zero");
        assertThat(r.streamTable().effectiveMode())
                .isEqualTo(mode == RefreshMode.FULL ? RefreshMode.FULL : RefreshMode.DIFFERENTIAL);
    }
}

package dev.trickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trickle.monitor.Monitoring;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * {@link Trickle.Builder} option checks, and the {@link Trickle} default methods that build a spec. Building an
 * engine needs {@code trickle-engine}, which this module does not depend on.
 */
class TrickleBuilderTest {
    private static final String URL = "jdbc:postgresql://localhost/app";
    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);
    private static final DataSource NO_DATABASE = (DataSource) Proxy.newProxyInstance(
            TrickleBuilderTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("the builder must not touch the data source: " + method);
            });

    @Test
    void builder_nullDataSource_throwsNullPointerException() {
        assertThatThrownBy(() -> Trickle.builder((DataSource) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataSource");
    }

    @Test
    void builder_nonPostgresUrl_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> Trickle.builder("jdbc:mysql://localhost/app", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://localhost/app");
    }

    @Test
    void builder_nullUrl_throwsNullPointerException() {
        assertThatThrownBy(() -> Trickle.builder(null, "u", "p")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void clock_setTwice_throwsIllegalStateException() {
        Trickle.Builder builder = Trickle.builder(NO_DATABASE).clock(Clock.systemUTC());

        assertThatThrownBy(() -> builder.clock(Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clock was already set");
    }

    @Test
    void clock_null_throwsNullPointerException() {
        assertThatThrownBy(() -> Trickle.builder(NO_DATABASE).clock(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void fullRefreshThreshold_setTwice_throwsIllegalStateException() {
        Trickle.Builder builder = Trickle.builder(NO_DATABASE).fullRefreshThreshold(0.3);

        assertThatThrownBy(() -> builder.fullRefreshThreshold(0.3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0.3");
    }

    @Test
    void fullRefreshThreshold_notPositive_throwsIllegalArgumentException() {
        Trickle.Builder builder = Trickle.builder(NO_DATABASE);

        assertThatThrownBy(() -> builder.fullRefreshThreshold(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.fullRefreshThreshold(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.fullRefreshThreshold(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fullRefreshThreshold_rejectedValue_doesNotCountAsSet() {
        Trickle.Builder builder = Trickle.builder(NO_DATABASE);
        assertThatThrownBy(() -> builder.fullRefreshThreshold(0)).isInstanceOf(IllegalArgumentException.class);

        assertThat(builder.fullRefreshThreshold(2)).isSameAs(builder);
    }

    @Test
    void maxPoolSize_setTwice_throwsIllegalStateException() {
        Trickle.Builder builder = Trickle.builder("jdbc:postgresql://localhost/app", null, null).maxPoolSize(2);

        assertThatThrownBy(() -> builder.maxPoolSize(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pool size was already set");
    }

    @Test
    void maxPoolSize_withCallersDataSource_throwsIllegalStateException() {
        assertThatThrownBy(() -> Trickle.builder(NO_DATABASE).maxPoolSize(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JDBC URL");
    }

    @Test
    void maxPoolSize_notPositive_throwsIllegalArgumentException() {
        Trickle.Builder builder = Trickle.builder("jdbc:postgresql://localhost/app", null, null);

        assertThatThrownBy(() -> builder.maxPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void build_noEngineOnClassPath_throwsIllegalStateExceptionWithoutTouchingTheDatabase() {
        // trickle-api's tests do not have trickle-engine on the class path
        assertThatThrownBy(() -> Trickle.builder(NO_DATABASE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trickle-engine");
    }

    @Test
    void config_bothOrNeitherConnectionSource_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> new TrickleConfig(NO_DATABASE, "jdbc:postgresql://h/d", null, null, 4, THIRTY_SECONDS,
                        Clock.systemUTC(), 0.5, THIRTY_SECONDS, SchedulingConfig.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrickleConfig(null, null, null, null, 4, THIRTY_SECONDS, Clock.systemUTC(), 0.5,
                        THIRTY_SECONDS, SchedulingConfig.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void config_timeoutsOutOfBounds_throwIllegalArgumentException() {
        assertThatThrownBy(() -> new TrickleConfig(null, "jdbc:postgresql://h/d", null, null, 4, Duration.ofMillis(249),
                        Clock.systemUTC(), 0.5, THIRTY_SECONDS, SchedulingConfig.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connection timeout");
        assertThatThrownBy(() -> new TrickleConfig(null, "jdbc:postgresql://h/d", null, null, 4, THIRTY_SECONDS,
                        Clock.systemUTC(), 0.5, Duration.ZERO, SchedulingConfig.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lock timeout");
    }

    @Test
    void configToString_password_isMasked() {
        TrickleConfig config = new TrickleConfig(null, "jdbc:postgresql://h/d", "app", "s3cret", 4, THIRTY_SECONDS,
                Clock.systemUTC(), 0.5, Duration.ofSeconds(5), SchedulingConfig.defaults(), null);

        assertThat(config.toString()).doesNotContain("s3cret").contains("****").contains("lockTimeout=PT5S");
    }

    @Test
    void connectionTimeout_notSet_isThirtySeconds() {
        assertThat(Trickle.builder(URL, null, null).config().connectionTimeout()).isEqualTo(THIRTY_SECONDS);
    }

    @Test
    void connectionTimeout_set_isInConfig() {
        Trickle.Builder builder = Trickle.builder(URL, null, null).connectionTimeout(Duration.ofMillis(250));

        assertThat(builder.config().connectionTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void connectionTimeout_outOfBounds_throwsIllegalArgumentExceptionAndDoesNotCountAsSet() {
        Trickle.Builder builder = Trickle.builder(URL, null, null);

        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(249)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0.249S");
        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofHours(24).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.connectionTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThat(builder.connectionTimeout(Duration.ofHours(24)).config().connectionTimeout())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void connectionTimeout_setTwice_throwsIllegalStateException() {
        Trickle.Builder builder = Trickle.builder(URL, null, null).connectionTimeout(Duration.ofSeconds(5));

        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connection timeout was already set to PT5S");
    }

    @Test
    void connectionTimeout_withCallersDataSource_throwsIllegalStateException() {
        assertThatThrownBy(() -> Trickle.builder(NO_DATABASE).connectionTimeout(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JDBC URL");
    }

    @Test
    void lockTimeout_notSet_isThirtySeconds() {
        assertThat(Trickle.builder(NO_DATABASE).config().lockTimeout()).isEqualTo(THIRTY_SECONDS);
        assertThat(Trickle.builder(URL, null, null).config().lockTimeout()).isEqualTo(THIRTY_SECONDS);
    }

    @Test
    void lockTimeout_set_isInConfigOfEitherKindOfEngine() {
        assertThat(Trickle.builder(NO_DATABASE).lockTimeout(Duration.ofMillis(1)).config().lockTimeout())
                .isEqualTo(Duration.ofMillis(1));
        assertThat(Trickle.builder(URL, null, null).lockTimeout(Duration.ofHours(24)).config().lockTimeout())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void lockTimeout_outOfBounds_throwsIllegalArgumentExceptionAndDoesNotCountAsSet() {
        Trickle.Builder builder = Trickle.builder(NO_DATABASE);

        assertThatThrownBy(() -> builder.lockTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> builder.lockTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.lockTimeout(Duration.ofHours(24).plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.lockTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThat(builder.lockTimeout(Duration.ofSeconds(2)).config().lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void lockTimeout_setTwice_throwsIllegalStateException() {
        Trickle.Builder builder = Trickle.builder(NO_DATABASE).lockTimeout(Duration.ofSeconds(5));

        assertThatThrownBy(() -> builder.lockTimeout(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lock timeout was already set to PT5S");
    }

    @Test
    void createStreamTable_sqlText_passesAutoSpecToEngine() {
        RecordingTrickle trickle = new RecordingTrickle();

        trickle.createStreamTable("Sales.Totals", "select 1 as one");

        assertThat(trickle.specs).containsExactly(
                new StreamTableSpec(new TableName("sales", "totals"), "select 1 as one", RefreshMode.AUTO, null));
    }

    @Test
    void createStreamTable_nullQuery_throwsInvalidQueryExceptionBeforeTheEngine() {
        RecordingTrickle trickle = new RecordingTrickle();

        assertThatThrownBy(() -> trickle.createStreamTable("totals", (String) null))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'totals'");
        assertThatThrownBy(() -> trickle.createStreamTable("totals", (Select<?>) null))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'totals'");
        assertThat(trickle.specs).isEmpty();
    }

    @Test
    void createStreamTable_emptyQuery_throwsInvalidQueryExceptionBeforeTheEngine() {
        RecordingTrickle trickle = new RecordingTrickle();

        assertThatThrownBy(() -> trickle.createStreamTable("totals", "  "))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'totals'");
        assertThat(trickle.specs).isEmpty();
    }

    @Test
    void createStreamTable_jooqSelect_passesRenderedSql() {
        RecordingTrickle trickle = new RecordingTrickle();

        trickle.createStreamTable("big_orders", DSL.select(field(name("id")))
                .from(table(name("public", "orders")))
                .where(field(name("amount"), Integer.class).ge(100)));

        assertThat(trickle.specs).singleElement().satisfies(spec -> {
            assertThat(spec.name()).isEqualTo(TableName.of("big_orders"));
            assertThat(spec.query()).isEqualTo("select \"id\" from \"public\".\"orders\" where \"amount\" >= 100");
        });
    }

    @Test
    void createStreamTable_invalidName_throwsInvalidNameExceptionBeforeTheEngine() {
        RecordingTrickle trickle = new RecordingTrickle();

        assertThatThrownBy(() -> trickle.createStreamTable("a.b.c", "select 1 as one"))
                .isInstanceOf(InvalidNameException.class);
        assertThat(trickle.specs).isEmpty();
    }

    /** Records the specs the default methods build; everything else is unused. */
    private static final class RecordingTrickle implements Trickle {
        final List<StreamTableSpec> specs = new ArrayList<>();

        @Override
        public StreamTable createStreamTable(StreamTableSpec spec) {
            specs.add(spec);
            return null;
        }

        @Override
        public void start() {}

        @Override
        public StreamTable alterStreamTable(String name, java.util.function.UnaryOperator<StreamTableSpec> change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resume(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RefreshResult refresh(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RefreshResult reinitialize(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EnsureResult ensureStreamTable(StreamTableSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<EnsureResult> ensureStreamTables(Collection<StreamTableSpec> specs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void drop(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StreamTable> streamTables() {
            return List.of();
        }

        @Override
        public Optional<StreamTable> streamTable(String name) {
            return Optional.empty();
        }

        @Override
        public void close() {}

        @Override
        public Monitoring monitoring() {
            throw new UnsupportedOperationException();
        }
    }
}

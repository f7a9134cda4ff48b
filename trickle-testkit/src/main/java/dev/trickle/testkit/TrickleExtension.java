package dev.trickle.testkit;

import dev.trickle.Trickle;
import dev.trickle.spi.JooqBanner;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.jspecify.annotations.Nullable;

/**
 * JUnit 5 extension that gives each test class a fresh database with a Trickle engine on it, and resolves
 * {@link Trickle}, {@link DSLContext}, {@link DataSource}, {@link TestDatabase} and {@link TrickleFixture}
 * parameters.
 *
 * <pre>{@code
 * @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();
 *
 * @Test void refresh_afterInsert_addsRow(Trickle engine, DSLContext dsl) { ... }
 * }</pre>
 *
 * <p>A thin wrapper over {@link TrickleFixture}; register it on a {@code static} field.
 */
public final class TrickleExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    static {
        JooqBanner.off();
    }

    private final UnaryOperator<Trickle.Builder> engineOptions;
    private @Nullable TrickleFixture fixture;

    private TrickleExtension(UnaryOperator<Trickle.Builder> engineOptions) {
        this.engineOptions = engineOptions;
    }

    /** @return an extension on the test PostgreSQL server ({@link TestPostgres}) */
    public static TrickleExtension postgres() {
        return new TrickleExtension(UnaryOperator.identity());
    }

    /**
     * Returns a copy that sets engine options before the engine is built.
     *
     * @param options applied to the engine's builder
     * @return a new extension
     */
    public TrickleExtension withEngine(UnaryOperator<Trickle.Builder> options) {
        Objects.requireNonNull(options, "options");
        return new TrickleExtension(b -> options.apply(engineOptions.apply(b)));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = TrickleFixture.postgres().withEngine(engineOptions).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    /** @return the fixture of the running test class */
    public TrickleFixture fixture() {
        return Objects.requireNonNull(fixture, "extension not active: register it on a static field");
    }

    /** @return the engine of the running test class */
    public Trickle trickle() {
        return fixture().trickle();
    }

    /** @return a jOOQ context on the running test class's database */
    public DSLContext dsl() {
        return fixture().dsl();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Trickle.class || type == DSLContext.class || type == DataSource.class
                || type == TestDatabase.class || type == TrickleFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        TrickleFixture f = fixture();
        if (type == Trickle.class) {
            return f.trickle();
        } else if (type == DSLContext.class) {
            return f.dsl();
        } else if (type == DataSource.class) {
            return f.dataSource();
        } else if (type == TestDatabase.class) {
            return f.database();
        } else if (type == TrickleFixture.class) {
            return f;
        }
        throw new ParameterResolutionException("cannot resolve " + type);
    }
}

package dev.trickle.testkit;

import dev.trickle.Trickle;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A fresh database with a Trickle engine on it, for any test framework. jqwik ignores JUnit extensions, so
 * property tests drive this class from {@code @BeforeContainer} and {@code @AfterContainer}:
 *
 * <pre>{@code
 * static TrickleFixture trickle;
 *
 * @BeforeContainer static void start() { trickle = TrickleFixture.postgres().start(); }
 * @AfterContainer static void stop() { trickle.close(); }
 * }</pre>
 */
public final class TrickleFixture implements AutoCloseable {
    private final UnaryOperator<Trickle.Builder> engineOptions;
    private @Nullable TestDatabase database;
    private @Nullable Trickle trickle;

    private TrickleFixture(UnaryOperator<Trickle.Builder> engineOptions) {
        this.engineOptions = engineOptions;
    }

    /** @return a fixture on the test PostgreSQL server ({@link TestPostgres}), not yet started */
    public static TrickleFixture postgres() {
        return new TrickleFixture(UnaryOperator.identity());
    }

    /**
     * Returns a copy that sets engine options before the engine is built.
     *
     * @param options applied to the engine's builder, for example {@code b -> b.fullRefreshThreshold(2)}
     * @return a new, unstarted fixture
     */
    public TrickleFixture withEngine(UnaryOperator<Trickle.Builder> options) {
        Objects.requireNonNull(options, "options");
        return new TrickleFixture(b -> options.apply(engineOptions.apply(b)));
    }

    /**
     * Creates the database and builds the engine on it.
     *
     * @return this fixture (for chaining)
     * @throws IllegalStateException if already started
     */
    public TrickleFixture start() {
        if (database != null) {
            throw new IllegalStateException("fixture already started");
        }
        database = TestPostgres.createDatabase();
        trickle = engineOptions.apply(Trickle.builder(database.dataSource())).build();
        return this;
    }

    /** @return the engine */
    public Trickle trickle() {
        return Objects.requireNonNull(trickle, "fixture not started");
    }

    /** @return the database */
    public TestDatabase database() {
        return Objects.requireNonNull(database, "fixture not started");
    }

    /** @return a pooled data source on the database */
    public DataSource dataSource() {
        return database().dataSource();
    }

    /** @return a jOOQ context on the database */
    public DSLContext dsl() {
        return database().dsl();
    }

    /**
     * Runs SQL statements, each in its own transaction.
     *
     * @param statements the statements
     */
    public void execute(String... statements) {
        DSLContext dsl = dsl();
        for (String s : statements) {
            dsl.execute(s);
        }
    }

    /** Closes the engine and drops the database. */
    @Override
    public void close() {
        try {
            if (trickle != null) {
                trickle.close();
            }
        } finally {
            trickle = null;
            if (database != null) {
                database.close();
                database = null;
            }
        }
    }
}

package dev.trickle.engine;

import dev.trickle.EnsureResult;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableSpec;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.TrickleConfig;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.CatalogSchema;
import dev.trickle.engine.catalog.DependencyRow;
import dev.trickle.engine.catalog.History;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.DefinitionCompiler;
import dev.trickle.engine.definition.Definitions;
import dev.trickle.engine.jdbc.Database;
import dev.trickle.engine.jdbc.Names;
import dev.trickle.engine.jdbc.OwnedPool;
import dev.trickle.engine.lifecycle.EnsureSet;
import dev.trickle.engine.lifecycle.Ensurer;
import dev.trickle.engine.lifecycle.Reinitializer;
import dev.trickle.engine.lifecycle.StreamTableCreator;
import dev.trickle.engine.lifecycle.StreamTableDropper;
import dev.trickle.engine.monitor.SqlMonitoring;
import dev.trickle.engine.refresh.Notifier;
import dev.trickle.engine.refresh.Refresher;
import dev.trickle.engine.scheduler.RefreshScheduler;
import dev.trickle.jooq.QueryCompiler;
import dev.trickle.monitor.Monitoring;
import dev.trickle.spi.JooqBanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine behind {@link Trickle}. Thread-safe; every operation borrows its own connection. */
final class TrickleEngine implements Trickle {
    static {
        JooqBanner.off();
    }

    private static final Logger LOG = LoggerFactory.getLogger(TrickleEngine.class);
    /** How often a long initial load logs its progress. */
    private static final Duration LOAD_PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private final TrickleConfig config;
    private final @Nullable OwnedPool ownedPool;
    private final Database database;
    private final String engineId = UUID.randomUUID().toString();
    private final StreamTableCreator creator;
    private final Reinitializer reinitializer;
    private final StreamTableDropper dropper;
    private final Ensurer ensurer;
    private final EnsureSet ensureSet;
    private final Refresher refresher;
    private final Notifier notifier;
    private final RefreshScheduler scheduler;
    private final Monitoring monitoring;
    private final Duration lockTimeout;
    private volatile String refreshToken = "";
    private volatile boolean started;
    private volatile boolean closed;

    TrickleEngine(TrickleConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        DataSource dataSource = config.dataSource();
        if (dataSource == null) {
            // created at first use, so that a refused first connection reports the server's reason at once
            OwnedPool pool = new OwnedPool(config);
            ownedPool = pool;
            this.database = new Database(pool::connection, pool::evict);
        } else {
            ownedPool = null;
            this.database = new Database(dataSource);
        }
        DefinitionCompiler compiler = new DefinitionCompiler(new QueryCompiler());
        Duration defaultSchedule = config.scheduling().defaultSchedule();
        Duration lockTimeout = config.lockTimeout();
        Definitions definitions = new Definitions(compiler);
        this.notifier = new Notifier(config.listener());
        this.refresher = new Refresher(config.clock(), engineId, config.fullRefreshThreshold(),
                config.scheduling().maxConsecutiveFailures(), lockTimeout, notifier, database, definitions,
                this::refreshToken, LOAD_PROGRESS_INTERVAL);
        this.dropper = new StreamTableDropper(defaultSchedule, lockTimeout);
        this.creator = new StreamTableCreator(compiler, definitions, engineId, defaultSchedule, lockTimeout,
                (c, name) -> refresher.refresh(c, name, History.Initiator.CREATE), dropper, config.changeCapture());
        this.reinitializer = new Reinitializer(compiler, creator, definitions, engineId, defaultSchedule, lockTimeout,
                this::refreshToken);
        this.ensurer = new Ensurer(compiler, creator, (c, name) -> refresher.refresh(c, name, History.Initiator.CREATE),
                defaultSchedule, lockTimeout);
        this.ensureSet = new EnsureSet(compiler, ensurer, dropper);
        this.scheduler = new RefreshScheduler(config.scheduling(), database, refresher, config.clock(), engineId,
                lockTimeout);
        this.lockTimeout = lockTimeout;
        this.monitoring = new SqlMonitoring(database, this::ensureStarted);
    }

    @Override
    public void start() {
        ensureStarted();
        scheduler.start();
    }

    @Override
    public void resume(String name) {
        TableName parsed = TableName.parse(name);
        ensureStarted();
        database.run("cannot resume stream table '" + name + "'", c -> {
            TableName target = Names.qualify(c, parsed);
            StreamTableStatus old = Catalog.resume(c, target)
                    .orElseThrow(() -> new StreamTableNotFoundException(name));
            notifier.statusChanged(target, old, StreamTableStatus.ACTIVE, "resumed");
            return null;
        });
    }

    private void ensureStarted() {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        if (started) {
            return;
        }
        synchronized (this) {
            if (!started) {
                refreshToken = database.run("cannot install the Trickle catalog", c -> {
                    CatalogSchema.install(c, lockTimeout);
                    return CatalogSchema.refreshToken(c);
                });
                started = true;
                LOG.info("Trickle engine {} started", engineId);
            }
        }
    }

    @Override
    public StreamTable createStreamTable(StreamTableSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ensureStarted();
        return database.run("cannot create stream table '" + spec.name() + "'", c -> {
            TableName created = creator.create(c, spec);
            return describe(c, Catalog.find(c, created, false).orElseThrow());
        });
    }

    @Override
    public StreamTable alterStreamTable(String name, UnaryOperator<StreamTableSpec> change) {
        Objects.requireNonNull(change, "change");
        TableName parsed = TableName.parse(name);
        ensureStarted();
        return database.run("cannot alter stream table '" + name + "'", c -> {
            TableName target = Names.qualify(c, parsed);
            StreamTableRow row = Catalog.find(c, target, false)
                    .orElseThrow(() -> new StreamTableNotFoundException(name));
            StreamTableSpec current = row.toSpec();
            StreamTableSpec next = Objects.requireNonNull(change.apply(current), "the change returned no spec");
            TableName nextName = next.name().isQualified() ? next.name() : next.name().withSchema(target.schema());
            if (!nextName.equals(target)) {
                throw new IllegalArgumentException("cannot rename stream table '" + target + "' to '" + nextName
                        + "': create a new one");
            }
            if (next.query().equals(current.query()) && next.mode() == current.mode()) {
                ensurer.alterOptions(c, row, next);
            } else {
                creator.replace(c, next, row);
                refresher.forgetNames();
            }
            return describe(c, Catalog.find(c, target, false).orElseThrow());
        });
    }

    @Override
    public EnsureResult ensureStreamTable(StreamTableSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ensureStarted();
        return database.run("cannot ensure stream table '" + spec.name() + "'", c -> {
            Ensurer.Outcome outcome = ensurer.ensure(c, spec);
            if (outcome.action() == EnsureResult.Action.REPLACED) {
                refresher.forgetNames();
            }
            return new EnsureResult(describe(c, Catalog.find(c, outcome.name(), false).orElseThrow(
                    () -> new StreamTableNotFoundException(outcome.name().toString()))), outcome.action());
        });
    }

    @Override
    public List<EnsureResult> ensureStreamTables(Collection<StreamTableSpec> specs) {
        List<StreamTableSpec> all = List.copyOf(Objects.requireNonNull(specs, "specs"));
        ensureStarted();
        return database.run("cannot ensure stream tables", c -> {
            List<EnsureResult> results = new ArrayList<>();
            for (Ensurer.Outcome outcome : ensureSet.ensure(c, all)) {
                results.add(new EnsureResult(describe(c, Catalog.find(c, outcome.name(), false).orElseThrow(
                        () -> new StreamTableNotFoundException(outcome.name().toString()))), outcome.action()));
            }
            refresher.forgetNames();
            return List.copyOf(results);
        });
    }

    @Override
    public RefreshResult refresh(String name) {
        long started = System.nanoTime();
        TableName parsed = TableName.parse(name);
        ensureStarted();
        return database.run("cannot refresh stream table '" + name + "'",
                c -> refresher.refresh(c, parsed, History.Initiator.MANUAL, started));
    }

    @Override
    public RefreshResult reinitialize(String name) {
        TableName parsed = TableName.parse(name);
        ensureStarted();
        return database.run("cannot reinitialize stream table '" + name + "'",
                c -> {
                    RefreshResult result = reinitializer.reinitialize(c, parsed);
                    refresher.forgetNames();
                    return result;
                });
    }

    /** @return the database's refresh token, read when the engine started */
    private String refreshToken() {
        return refreshToken;
    }

    @Override
    public void drop(String name) {
        TableName parsed = TableName.parse(name);
        ensureStarted();
        database.run("cannot drop stream table '" + name + "'", c -> {
            dropper.drop(c, parsed);
            refresher.forgetNames();
            return null;
        });
    }

    @Override
    public List<StreamTable> streamTables() {
        ensureStarted();
        return database.run("cannot list stream tables", c -> {
            List<StreamTable> all = new ArrayList<>();
            for (StreamTableRow row : Catalog.all(c)) {
                all.add(describe(c, row));
            }
            return List.copyOf(all);
        });
    }

    @Override
    public Optional<StreamTable> streamTable(String name) {
        TableName parsed = TableName.parse(name);
        ensureStarted();
        return database.run("cannot look up stream table '" + name + "'", c -> {
            Optional<StreamTableRow> row = Catalog.find(c, Names.qualify(c, parsed), false);
            return row.isEmpty() ? Optional.<StreamTable>empty() : Optional.of(describe(c, row.get()));
        });
    }

    private static StreamTable describe(Connection c, StreamTableRow row) throws SQLException {
        List<TableName> sources = new ArrayList<>();
        for (DependencyRow d : Catalog.dependencies(c, row.id())) {
            sources.add(d.source());
        }
        return row.toStreamTable(sources);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.close();
        if (ownedPool != null) {
            ownedPool.close();
        }
        LOG.info("Trickle engine {} closed", engineId);
    }

    @Override
    public Monitoring monitoring() {
        return monitoring;
    }

    @Override
    public String toString() {
        return "Trickle[" + engineId + ", " + config + "]";
    }
}

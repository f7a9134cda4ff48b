package dev.trickle.engine.lifecycle;

import dev.trickle.EnsureResult;
import dev.trickle.RelationExistsException;
import dev.trickle.StreamTableExistsException;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableSpec;
import dev.trickle.TableName;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.DefinitionCompiler;
import dev.trickle.engine.jdbc.Names;
import dev.trickle.engine.jdbc.SingleStatement;
import dev.trickle.engine.topology.Schedule;
import dev.trickle.engine.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a stream table match a definition ({@code Trickle.ensureStreamTable}): creates it, leaves it, changes its
 * options in place, or replaces it. Queries are compared as the server normalizes them ({@code pg_get_viewdef}, every
 * name qualified), so spelling, layout and search path do not count, only meaning.
 *
 * <p>Several engines may ensure one definition at once (every instance of an application at start-up): each decides
 * from the catalog, and one that loses a race (another created or replaced the stream table first, so its own create
 * finds the name taken) decides again and finds the definition in place. One that finds the stream table created
 * and not loaded yet waits for the load, so that none returns before the data is there.
 */
public final class Ensurer {
    private static final Logger LOG = LoggerFactory.getLogger(Ensurer.class);
    private static final int ATTEMPTS = 4;

    private final DefinitionCompiler compiler;
    private final StreamTableCreator creator;
    private final StreamTableCreator.Loader loader;
    private final Duration defaultSchedule;
    private final Duration lockTimeout;

    /**
     * Creates an ensurer.
     *
     * @param compiler normalizes queries
     * @param creator creates and replaces stream tables
     * @param loader refreshes a stream table, waiting for a refresh of it another session runs
     * @param defaultSchedule the schedule of calculated stream tables that nothing scheduled reads
     * @param lockTimeout how long to wait for other writers of the dependency graph's records
     */
    public Ensurer(DefinitionCompiler compiler, StreamTableCreator creator, StreamTableCreator.Loader loader,
            Duration defaultSchedule, Duration lockTimeout) {
        this.compiler = compiler;
        this.creator = creator;
        this.loader = loader;
        this.defaultSchedule = defaultSchedule;
        this.lockTimeout = lockTimeout;
    }

    /** A stream table's name and what was done to it. */
    public record Outcome(TableName name, EnsureResult.Action action) {}

    /**
     * Makes a stream table match a definition.
     *
     * @param c a connection in auto-commit mode
     * @param spec the definition
     * @return the qualified name and what was done
     * @throws SQLException if the server fails
     */
    public Outcome ensure(Connection c, StreamTableSpec spec) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(c, spec);
            } catch (StreamTableExistsException | StreamTableNotFoundException | RelationExistsException e) {
                // another engine created, replaced or dropped it meanwhile: decide again from the catalog; a relation
                // of that name that is no stream table is the caller's problem
                if (attempt == ATTEMPTS || e instanceof RelationExistsException && !isStreamTable(c, spec.name())) {
                    throw e;
                }
                LOG.debug("ensuring stream table '{}' raced with another engine, deciding again: {}", spec.name(),
                        e.getMessage());
            }
        }
    }

    /**
     * Decides what a definition needs, without doing it.
     *
     * @param c a connection in auto-commit mode
     * @param spec the definition
     * @return what {@link #ensure} would do now
     * @throws SQLException if the server fails
     */
    public EnsureResult.Action plan(Connection c, StreamTableSpec spec) throws SQLException {
        Optional<StreamTableRow> row = Catalog.find(c, Names.qualify(c, spec.name()), false);
        if (row.isEmpty()) {
            return EnsureResult.Action.CREATED;
        }
        if (!sameDefinition(c, row.get(), spec)) {
            return EnsureResult.Action.REPLACED;
        }
        return sameOptions(row.get(), spec) ? EnsureResult.Action.UNCHANGED : EnsureResult.Action.ALTERED;
    }

    /**
     * Changes a stream table's schedule and diamond options in place.
     *
     * @param c a connection in auto-commit mode
     * @param row the stream table
     * @param spec the definition with the options
     * @throws SQLException if the server fails
     */
    public void alterOptions(Connection c, StreamTableRow row, StreamTableSpec spec) throws SQLException {
        Catalog.updateOptions(c, row.id(), canonicalSchedule(spec),
                spec.diamondConsistency().name().toLowerCase(Locale.ROOT),
                spec.diamondSchedulePolicy().name().toLowerCase(Locale.ROOT));
        Topology.recordAfterCommit(c, defaultSchedule, lockTimeout);
    }

    private Outcome once(Connection c, StreamTableSpec spec) throws SQLException {
        TableName target = Names.qualify(c, spec.name());
        Optional<StreamTableRow> found = Catalog.find(c, target, false);
        if (found.isEmpty()) {
            return new Outcome(creator.create(c, spec), EnsureResult.Action.CREATED);
        }
        StreamTableRow row = found.get();
        if (!sameDefinition(c, row, spec)) {
            LOG.info("stream table '{}' has another {}: replacing it", target,
                    row.refreshMode() != spec.mode() ? "refresh mode" : "query");
            StreamTableSpec qualified = new StreamTableSpec(target, spec.query(), spec.mode(), spec.schedule(),
                    spec.diamondConsistency(), spec.diamondSchedulePolicy());
            return new Outcome(creator.replace(c, qualified, row), EnsureResult.Action.REPLACED);
        }
        if (!row.populated()) {
            // created by another engine a moment ago, or left unloaded by one that stopped: have the data first
            loader.refresh(c, target);
        }
        if (sameOptions(row, spec)) {
            return new Outcome(target, EnsureResult.Action.UNCHANGED);
        }
        alterOptions(c, row, spec);
        LOG.info("stream table '{}': schedule or diamond options changed in place", target);
        return new Outcome(target, EnsureResult.Action.ALTERED);
    }

    /** Same refresh mode, and the same query once the server normalized both. */
    private boolean sameDefinition(Connection c, StreamTableRow row, StreamTableSpec spec) throws SQLException {
        if (row.refreshMode() != spec.mode()) {
            return false;
        }
        Optional<String> wanted = compiler.normalize(c, spec.query(), null,
                SingleStatement.standardConformingStrings(c));
        if (wanted.isEmpty()) {
            // the server rejects it: creating it again reports why
            return false;
        }
        Optional<String> existing = compiler.normalize(c, row.query(), row.searchPath(), true);
        return wanted.equals(existing);
    }

    private static boolean sameOptions(StreamTableRow row, StreamTableSpec spec) {
        return Objects.equals(row.schedule(), canonicalSchedule(spec))
                && row.diamondConsistency().equals(spec.diamondConsistency().name().toLowerCase(Locale.ROOT))
                && row.diamondSchedulePolicy().equals(spec.diamondSchedulePolicy().name().toLowerCase(Locale.ROOT));
    }

    /** @return the schedule as the catalog records it: {@code null} for a calculated one */
    private static @Nullable String canonicalSchedule(StreamTableSpec spec) {
        Schedule schedule = Schedule.parse(spec.schedule());
        return schedule.kind() == Schedule.Kind.CALCULATED ? null : schedule.toString();
    }

    private static boolean isStreamTable(Connection c, TableName name) throws SQLException {
        return Catalog.find(c, Names.qualify(c, name), false).isPresent();
    }
}

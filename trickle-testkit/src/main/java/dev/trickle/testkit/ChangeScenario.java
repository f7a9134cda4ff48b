package dev.trickle.testkit;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Select;
import org.jspecify.annotations.Nullable;

/**
 * A stream table test told as steps (Feldera's style): load sources, create the stream table, apply changes,
 * refresh, and check it against its query recomputed after any step. Every step goes into a history that failure
 * messages print, so a failing property shows the whole script that led to it.
 *
 * <pre>{@code
 * try (ChangeScenario s = ChangeScenario.of(fixture, "totals", "SELECT g, count(*) AS n FROM t GROUP BY g")) {
 *     s.load(T, rows)
 *      .create(RefreshMode.DIFFERENTIAL)
 *      .apply(batch).refresh().assertDifferential().assertMatchesRecompute()
 *      .step("DELETE FROM t WHERE g IS NULL").refresh().assertMatchesRecompute();
 * }
 * }</pre>
 *
 * <p>A batch may end with a {@linkplain Transaction.End#HELD held} transaction: it stays open across the next
 * refresh and commits before the next write step ({@link #apply}, {@link #step}, {@link #load}). {@link #close()}
 * rolls an open one back and drops the stream table if {@link #create} made it. Not thread-safe.
 */
public final class ChangeScenario implements AutoCloseable {
    private final Trickle trickle;
    private final DSLContext dsl;
    private final String streamTable;
    private final String query;
    private final List<String> history = new ArrayList<>();
    private final List<RefreshResult> refreshes = new ArrayList<>();
    private final Set<TableSpec> sources = new LinkedHashSet<>();
    private TransactionRunner.@Nullable Held held;
    private @Nullable String fingerprint;
    private boolean sourcesChanged;
    private boolean created;

    private ChangeScenario(Trickle trickle, DSLContext dsl, String streamTable, String query) {
        this.trickle = Objects.requireNonNull(trickle, "trickle");
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.streamTable = Objects.requireNonNull(streamTable, "streamTable");
        this.query = Objects.requireNonNull(query, "query");
    }

    /**
     * Starts a scenario about a stream table on a fixture's engine and database.
     *
     * @param fixture a started fixture
     * @param streamTable the stream table's name ({@code name} or {@code schema.name}); it may not exist yet
     * @param definingQuery its defining query, also what it is checked against
     * @return the scenario
     */
    public static ChangeScenario of(TrickleFixture fixture, String streamTable, String definingQuery) {
        return new ChangeScenario(fixture.trickle(), fixture.dsl(), streamTable, definingQuery);
    }

    /**
     * Starts a scenario about a stream table.
     *
     * @param trickle the engine that refreshes it
     * @param dsl a context on the same database
     * @param streamTable the stream table's name ({@code name} or {@code schema.name}); it may not exist yet
     * @param definingQuery its defining query, also what it is checked against
     * @return the scenario
     */
    public static ChangeScenario of(Trickle trickle, DSLContext dsl, String streamTable, String definingQuery) {
        return new ChangeScenario(trickle, dsl, streamTable, definingQuery);
    }

    /**
     * Starts a scenario about a stream table defined by a jOOQ {@code Select}, rendered as a {@link StreamTableSpec}
     * renders it (PostgreSQL, bind values inlined); {@link #create} defines the stream table by that SQL.
     *
     * @param fixture a started fixture
     * @param streamTable the stream table's name ({@code name} or {@code schema.name}); it may not exist yet
     * @param definingQuery its defining query, also what it is checked against
     * @return the scenario
     */
    public static ChangeScenario of(TrickleFixture fixture, String streamTable, Select<?> definingQuery) {
        return of(fixture, streamTable, StreamTableOracle.sql(streamTable, definingQuery));
    }

    /**
     * Starts a scenario about a stream table defined by a jOOQ {@code Select}; see {@link #of(TrickleFixture,
     * String, Select)}.
     *
     * @param trickle the engine that refreshes it
     * @param dsl a context on the same database
     * @param streamTable the stream table's name ({@code name} or {@code schema.name}); it may not exist yet
     * @param definingQuery its defining query, also what it is checked against
     * @return the scenario
     */
    public static ChangeScenario of(Trickle trickle, DSLContext dsl, String streamTable, Select<?> definingQuery) {
        return of(trickle, dsl, streamTable, StreamTableOracle.sql(streamTable, definingQuery));
    }

    /**
     * (Re)creates a source table with the given rows: {@code DROP TABLE IF EXISTS}, {@code CREATE TABLE},
     * {@code INSERT}. Drop the stream tables that read the old table first.
     *
     * @param table the table
     * @param rows its rows, with distinct ids
     * @return this scenario (for chaining)
     */
    public ChangeScenario load(TableSpec table, List<Row> rows) {
        commitHeld();
        List<String> sql = new ArrayList<>(List.of("DROP TABLE IF EXISTS " + table.name(), table.createSql()));
        if (!rows.isEmpty()) {
            sql.add(table.insertSql(rows));
        }
        sql.forEach(dsl::execute);
        sources.add(table);
        record("load " + table.name() + " (" + rows.size() + " rows):\n" + indent(String.join(";\n", sql) + ";"));
        return this;
    }

    /**
     * Runs SQL statements, each in its own transaction.
     *
     * @param statements the statements
     * @return this scenario (for chaining)
     */
    public ChangeScenario step(String... statements) {
        commitHeld();
        Arrays.stream(statements).forEach(dsl::execute);
        record("step:\n" + indent(Arrays.stream(statements).map(s -> s + ";").collect(Collectors.joining("\n"))));
        return this;
    }

    /**
     * Creates the stream table from the scenario's name and query.
     *
     * @param mode the refresh mode
     * @return this scenario (for chaining)
     */
    public ChangeScenario create(RefreshMode mode) {
        commitHeld();
        trickle.createStreamTable(StreamTableSpec.builder(streamTable, query).mode(mode).build());
        created = true;
        fingerprint = fingerprint();
        sourcesChanged = false;
        record("create stream table " + streamTable + " (" + mode + ")");
        return this;
    }

    /**
     * Applies a batch: its transactions one after the other, each on a connection of its own. A statement that
     * fails rolls its transaction back and is noted in the history. A held last transaction stays open.
     *
     * @param batch the batch
     * @return this scenario (for chaining)
     */
    public ChangeScenario apply(DmlBatch batch) {
        commitHeld();
        StringBuilder log = new StringBuilder("batch (" + batch.transactions().size() + " transactions, "
                + batch.statementCount() + " statements):\n");
        for (Transaction tx : batch.transactions()) {
            tx.statements().forEach(s -> sources.add(s.table()));
            TransactionRunner.Outcome outcome = TransactionRunner.run(dsl, tx);
            log.append(indent(tx.sql())).append('\n');
            if (outcome.failure() != null) {
                log.append("  -- failed and rolled back: ").append(outcome.failure()).append('\n');
            }
            held = outcome.held();
        }
        record(log.toString().stripTrailing());
        return this;
    }

    /**
     * Refreshes the stream table now.
     *
     * @return this scenario (for chaining)
     */
    public ChangeScenario refresh() {
        String now = fingerprint();
        sourcesChanged = !now.equals(fingerprint);
        RefreshResult result;
        try {
            result = trickle.refresh(streamTable);
        } catch (RuntimeException e) {
            record("refresh -> failed: " + e);
            throw new AssertionError("refresh of '" + streamTable + "' failed: " + e.getMessage() + "\nhistory:\n"
                    + history(), e);
        }
        fingerprint = now;
        refreshes.add(result);
        record("refresh -> " + result.action() + " (+" + result.rowsInserted() + " ~" + result.rowsUpdated() + " -"
                + result.rowsDeleted() + ")" + (result.reason() == null ? "" : ": " + result.reason())
                + (held != null ? " [a held transaction is open]" : ""));
        return this;
    }

    /**
     * Asserts that the stream table equals its query recomputed; see {@link StreamTableOracle}.
     *
     * @return this scenario (for chaining)
     * @throws AssertionError with the differences and the history
     */
    public ChangeScenario assertMatchesRecompute() {
        StreamTableOracle.assertMatchesRecompute(dsl, streamTable, query, history());
        return this;
    }

    /**
     * Asserts that the last refresh did one of the given actions.
     *
     * @param allowed the allowed actions
     * @return this scenario (for chaining)
     * @throws AssertionError if it did another, or there was no refresh
     */
    public ChangeScenario assertLastAction(RefreshAction... allowed) {
        RefreshAction action = lastRefresh().action();
        if (!Arrays.asList(allowed).contains(action)) {
            throw new AssertionError("refresh of '" + streamTable + "' was " + action + ", expected one of "
                    + Arrays.toString(allowed) + "\nhistory:\n" + history());
        }
        return this;
    }

    /**
     * Asserts that the last refresh was incremental: {@link RefreshAction#DIFFERENTIAL} if the contents of the
     * sources this scenario loaded or changed differ from what the refresh before saw, otherwise DIFFERENTIAL or
     * {@link RefreshAction#NO_DATA} (changes that cancel out may still be captured). Meant for engines whose full
     * refresh threshold is disabled ({@code fullRefreshThreshold} above 1) and batches without {@code TRUNCATE}.
     *
     * @return this scenario (for chaining)
     * @throws AssertionError if the refresh was FULL, or NO_DATA although the sources changed
     */
    public ChangeScenario assertDifferential() {
        return sourcesChanged ? assertLastAction(RefreshAction.DIFFERENTIAL)
                : assertLastAction(RefreshAction.DIFFERENTIAL, RefreshAction.NO_DATA);
    }

    /**
     * Returns the last refresh's result.
     *
     * @return the result
     * @throws IllegalStateException if nothing was refreshed yet
     */
    public RefreshResult lastRefresh() {
        if (refreshes.isEmpty()) {
            throw new IllegalStateException("no refresh yet in this scenario");
        }
        return refreshes.get(refreshes.size() - 1);
    }

    /** @return every refresh's result, in order */
    public List<RefreshResult> refreshes() {
        return List.copyOf(refreshes);
    }

    /** @return whether the sources' contents changed between the last two refreshes (or creation and refresh) */
    public boolean sourcesChanged() {
        return sourcesChanged;
    }

    /** @return the steps so far, numbered, as printed in failure messages */
    public String history() {
        StringBuilder s = new StringBuilder("stream table ").append(streamTable).append(" defined by:\n")
                .append(indent(query.strip())).append('\n');
        for (int i = 0; i < history.size(); i++) {
            s.append('#').append(i + 1).append(' ').append(history.get(i)).append('\n');
        }
        return s.toString();
    }

    /** Rolls back a held transaction, and drops the stream table if this scenario created it. */
    @Override
    public void close() {
        if (held != null) {
            held.rollback();
            held = null;
        }
        if (created) {
            created = false;
            try {
                trickle.drop(streamTable);
            } catch (StreamTableNotFoundException e) {
                // dropped by the test already
            }
        }
    }

    private void commitHeld() {
        if (held != null) {
            TransactionRunner.Held h = held;
            held = null;
            try {
                h.commit();
                record("commit of the held transaction");
            } catch (SQLException e) {
                record("commit of the held transaction failed: " + e.getMessage());
            }
        }
    }

    /** A digest of every known source's contents. */
    private String fingerprint() {
        StringBuilder s = new StringBuilder();
        for (TableSpec t : sources) {
            s.append(dsl.fetchOne("SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), ''))"
                    + " FROM " + t.name() + " x").get(0, String.class)).append(';');
        }
        return s.toString();
    }

    private void record(String entry) {
        history.add(entry);
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }
}

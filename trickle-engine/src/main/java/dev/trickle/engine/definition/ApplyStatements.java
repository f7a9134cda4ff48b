package dev.trickle.engine.definition;

import dev.trickle.RefreshMode;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.QueryCompiler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A stream table's apply statements, compiled with the refresh's bookkeeping inside them: the full refresh
 * statement and, for a differential stream table, the differential one ({@link QueryCompiler#fullRefreshSql},
 * {@link QueryCompiler#differentialSql}). Each takes the bookkeeping as CTEs that run after the apply and may read
 * its counts; a text, once written for some bookkeeping, is kept, so that a refresh sends the same text each time
 * and the driver and server plan it once.
 */
public final class ApplyStatements {
    /** More distinct bookkeeping texts than this (reasons of full refreshes vary) start the memory afresh. */
    private static final int MAX_KEPT = 64;

    private final QueryCompiler compiler;
    private final CompiledStreamTable compiled;
    private final long id;
    private final Map<String, String> full = new ConcurrentHashMap<>();
    private final Map<String, String> differential = new ConcurrentHashMap<>();

    ApplyStatements(QueryCompiler compiler, CompiledStreamTable compiled, long id) {
        this.compiler = compiler;
        this.compiled = compiled;
        this.id = id;
    }

    /** @return whether the stream table refreshes differentially (else only in full) */
    public boolean hasDifferential() {
        return compiled.effectiveMode() == RefreshMode.DIFFERENTIAL;
    }

    /**
     * The full refresh statement.
     *
     * @param afterApply comma-separated {@code name AS (...)} CTEs of Trickle's that may read
     *     {@code "__pgt_counts"(inserted, updated, deleted)}
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public String full(String afterApply) {
        return kept(full, afterApply, a -> compiler.fullRefreshSql(compiled, a));
    }

    /**
     * The differential refresh statement.
     *
     * @param afterApply comma-separated {@code name AS (...)} CTEs of Trickle's that may read
     *     {@code "__pgt_counts"(inserted, updated, deleted)}
     * @return the statement; it returns one row: inserted, updated, deleted
     * @throws IllegalStateException if the stream table does not refresh differentially
     */
    public String differential(String afterApply) {
        if (!hasDifferential()) {
            throw new IllegalStateException("internal error: " + compiled.target() + " refreshes only in full");
        }
        return kept(differential, afterApply, a -> compiler.differentialSql(compiled, id, a));
    }

    private static String kept(Map<String, String> texts, String afterApply, Function<String, String> write) {
        if (texts.size() >= MAX_KEPT) {
            texts.clear();
        }
        return texts.computeIfAbsent(afterApply, write);
    }
}

/**
 * The in-process scheduler: every tick it reads the catalog, works out which stream tables are due (over the
 * dependency graph and effective schedules of {@code topology}), skips cheaply those with nothing to do, and
 * refreshes the rest upstream first, in parallel where allowed, retrying transient failures with backoff. Several
 * engines on one database cooperate through locks on storage tables: a stream table is refreshed by one engine at a
 * time.
 *
 * <p>{@link dev.trickle.engine.scheduler.TickPlanner} (which stream tables are due) and
 * {@link dev.trickle.engine.scheduler.Unit} (which refresh together) are pure decisions;
 * {@link dev.trickle.engine.scheduler.Backoff} is in-memory state; {@link
 * dev.trickle.engine.scheduler.RefreshScheduler} owns the threads and the clock.
 */
@NullMarked
package dev.trickle.engine.scheduler;

import org.jspecify.annotations.NullMarked;

/**
 * The in-process scheduler: every tick it reads the catalog, works out which stream tables are due (their
 * schedules, calculated ones resolved over the dependency graph), skips cheaply those with nothing to do, and
 * refreshes the rest upstream first, in parallel where allowed, retrying transient failures with backoff. Several
 * engines on one database cooperate through locks on storage tables: a stream table is refreshed by one engine at a
 * time.
 *
 * <p>{@link dev.trickle.engine.scheduler.TickPlanner} is the pure decision; the rest is I/O and threads.
 */
@NullMarked
package dev.trickle.engine.scheduler;

import org.jspecify.annotations.NullMarked;

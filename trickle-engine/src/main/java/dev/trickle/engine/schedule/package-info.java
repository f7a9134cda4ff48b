/**
 * Schedules: when a stream table is due for a refresh. {@link dev.trickle.engine.schedule.Schedule#parse(String)}
 * reads what users write ({@code 30s}, {@code 1h30m}, {@code *}{@code /5 * * * *}, {@code @daily},
 * {@code calculated}); {@link dev.trickle.engine.schedule.Schedule#isDue(java.time.Instant, java.time.Instant)} and
 * {@link dev.trickle.engine.schedule.Schedule#dueAt(java.time.Instant)} answer the scheduler's questions.
 *
 * <p>Pure: no database, no threads, no clock. Time is always passed in. Depends on trickle-api and cron-utils
 * (which never leaks out of this package); {@code dag} resolves {@code calculated} schedules over the dependency
 * graph.
 */
@NullMarked
package dev.trickle.engine.schedule;

import org.jspecify.annotations.NullMarked;

/**
 * Trickle's own relational plan of a defining query: one {@link dev.trickle.jooq.plan.Top} operator over a {@link
 * dev.trickle.jooq.plan.Body}, sealed trees of immutable records whose scalar expressions stay jOOQ {@code Field}s
 * and {@code Condition}s. Translated from jOOQ's query model by {@code translate}, differentiated by {@code delta},
 * printed deterministically by {@link dev.trickle.jooq.plan.PlanPrinter}.
 */
@NullMarked
package dev.trickle.jooq.plan;

import org.jspecify.annotations.NullMarked;

/**
 * Trickle's own relational plan of a defining query: a sealed tree of immutable operator records whose scalar
 * expressions stay jOOQ {@code Field}s and {@code Condition}s. Translated from jOOQ's query model by {@code
 * translate}, differentiated by {@code delta}, printed deterministically by {@link
 * dev.trickle.jooq.plan.PlanPrinter}.
 */
@NullMarked
package dev.trickle.jooq.plan;

import org.jspecify.annotations.NullMarked;

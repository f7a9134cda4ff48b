/**
 * The boundary with jOOQ's query model: {@link dev.trickle.jooq.translate.SelectTranslator} reads a parsed
 * {@code Select} through its {@code $}-accessors and builds trickle's plan, naming precisely every construct it
 * cannot maintain incrementally. The only package allowed {@code instanceof} chains over jOOQ types.
 */
@NullMarked
package dev.trickle.jooq.translate;

import org.jspecify.annotations.NullMarked;

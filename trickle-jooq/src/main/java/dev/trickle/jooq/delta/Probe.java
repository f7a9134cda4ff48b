package dev.trickle.jooq.delta;

/**
 * A condition of a delta term on how its row matches other relations: a test of its matches in one relation ({@link
 * MatchProbe}), or a mark join's condition over the row and its marks in several ({@link KeepTest}).
 */
public sealed interface Probe permits MatchProbe, KeepTest {}

/**
 * Rendering: the statements Trickle runs and the objects it creates. {@link dev.trickle.jooq.sql.ApplyStatement} is
 * the one refresh skeleton for every top operator; {@link dev.trickle.jooq.sql.ChangeWindow} decides which buffer rows
 * a refresh applies; {@link dev.trickle.jooq.sql.Sql} renders jOOQ query parts; {@link dev.trickle.jooq.sql.SqlNames}
 * names every object and quotes every identifier. Hand-written text remains only where jOOQ has no model: the
 * capture function and triggers ({@link dev.trickle.jooq.sql.CaptureDdl}), storage DDL, and the snapshot functions
 * of the window.
 */
@NullMarked
package dev.trickle.jooq.sql;

import org.jspecify.annotations.NullMarked;

/**
 * Thin JDBC helpers of the engine: statements with parameters, explicitly delimited transactions, the mapping of
 * server errors to Trickle's exceptions ({@link dev.trickle.engine.jdbc.Errors}) and the qualification of names
 * ({@link dev.trickle.engine.jdbc.Names}). Everything that talks to the server goes through here, so error mapping
 * and transaction rules live in one place. Depends on nothing else in the engine: every other package uses it.
 */
@NullMarked
package dev.trickle.engine.jdbc;

import org.jspecify.annotations.NullMarked;

/**
 * Thin JDBC helpers of the engine: statements with parameters and explicitly delimited transactions. Everything
 * that talks to the server goes through here, so error mapping and transaction rules live in one place.
 */
@NullMarked
package dev.trickle.engine.jdbc;

import org.jspecify.annotations.NullMarked;

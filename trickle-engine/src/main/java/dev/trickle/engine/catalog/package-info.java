/**
 * The catalog in schema {@code pgtrickle}: its versioned bootstrap, the persisted stream table definitions, their
 * dependencies and refresh frontiers, the refresh history and the registry of running engines; and what the engine
 * reads of PostgreSQL's own catalog (relations, columns, keys) for the compiler.
 */
@NullMarked
package dev.trickle.engine.catalog;

import org.jspecify.annotations.NullMarked;

/**
 * The compiler: turns a stream table's defining query into what the engine executes. {@link
 * dev.trickle.jooq.QueryCompiler} is the only type the engine calls: it parses the query with jOOQ, translates it
 * into a plan of one top operator over a body ({@code plan}, {@code translate}), differentiates the plan once into a
 * storage query and net changes ({@code delta}), and renders the storage DDL, the full refresh and the differential
 * statement through jOOQ ({@code sql}). Its inputs and the questions it asks the server are in {@code model}.
 *
 * <p>Pure: no JDBC connections, no threads. What the compiler needs to know about the database it is given as
 * values ({@link dev.trickle.jooq.model.CompileRequest}) or asks through {@link dev.trickle.jooq.model.Facts}, which
 * the engine answers. See {@code docs/internals.md} for the walk and how to add an operator.
 */
@NullMarked
package dev.trickle.jooq;

import org.jspecify.annotations.NullMarked;

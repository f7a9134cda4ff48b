/**
 * The compiler: turns a stream table's defining query into what the engine executes. {@link
 * dev.trickle.jooq.QueryCompiler} is the only type the engine calls; it parses the query with jOOQ, translates it
 * into trickle's own operator plan ({@code plan}), differentiates the plan into delta queries ({@code delta}) and
 * writes storage, buffer and trigger DDL ({@code ddl}).
 *
 * <p>Pure: no JDBC connections, no threads. What the compiler needs to know about the database (relations, columns,
 * keys, output column types) it is given as values.
 */
@NullMarked
package dev.trickle.jooq;

import org.jspecify.annotations.NullMarked;

/**
 * The compiler's inputs, as the engine gathers them from the server: the parsed query, its relations and output
 * columns ({@link dev.trickle.jooq.model.CompileRequest}), and {@link dev.trickle.jooq.model.Facts}, the questions
 * the compiler asks while it compiles. Depends on no other package of the compiler.
 */
@NullMarked
package dev.trickle.jooq.model;

import org.jspecify.annotations.NullMarked;

/**
 * SQL text for the objects Trickle creates: storage tables, change buffers, capture triggers, and the statements
 * that apply a refresh. {@link dev.trickle.jooq.ddl.SqlNames} names every object and quotes every identifier.
 */
@NullMarked
package dev.trickle.jooq.ddl;

import org.jspecify.annotations.NullMarked;

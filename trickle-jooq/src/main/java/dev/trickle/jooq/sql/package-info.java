/**
 * SQL text for the objects Trickle creates: storage tables, change buffers, capture triggers, and the statements
 * that apply a refresh. {@link dev.trickle.jooq.sql.SqlNames} names every object and quotes every identifier.
 */
@NullMarked
package dev.trickle.jooq.sql;

import org.jspecify.annotations.NullMarked;

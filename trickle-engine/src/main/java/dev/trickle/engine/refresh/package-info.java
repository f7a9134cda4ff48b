/**
 * Refreshing a stream table: serialization per stream table across engines (advisory locks), the snapshot that
 * every refresh reads under ({@code REPEATABLE READ}), the apply statement, frontier and history, all committed
 * together; failures recorded without residue.
 */
@NullMarked
package dev.trickle.engine.refresh;

import org.jspecify.annotations.NullMarked;

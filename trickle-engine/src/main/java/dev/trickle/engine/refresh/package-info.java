/**
 * Refreshing a stream table: serialization per stream table across engines (a lock on its storage table), the
 * snapshot that every refresh reads under ({@code REPEATABLE READ}), the check of its sources and storage, the apply
 * statement, frontier and history, all committed together; failures rolled back first, then recorded.
 */
@NullMarked
package dev.trickle.engine.refresh;

import org.jspecify.annotations.NullMarked;

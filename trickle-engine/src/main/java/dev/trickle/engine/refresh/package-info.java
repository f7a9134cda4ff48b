/**
 * Refreshing a stream table: serialization per stream table across engines (a lock on its storage table,
 * {@code RefreshLock}), the snapshot that every refresh reads under ({@code REPEATABLE READ}), the check of its
 * sources and storage and the decision ({@code RefreshStep}), the apply statement with frontier, status and history
 * inside it ({@code Bookkeeping}), all committed together in two round trips; failures rolled back first, then
 * recorded ({@code Failures}).
 */
@NullMarked
package dev.trickle.engine.refresh;

import org.jspecify.annotations.NullMarked;

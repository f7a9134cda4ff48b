/**
 * Change capture: one buffer in {@code pgtrickle_changes} per source, shared by every stream table that reads it,
 * installed on first use, widened when a new reader needs more columns, removed with its last reader; filled by
 * triggers, or from the WAL by refreshes ({@link dev.trickle.engine.capture.WalCapture}, {@link
 * dev.trickle.engine.capture.WalDrain}); and the cleanup of buffer rows that every reader has consumed.
 */
@NullMarked
package dev.trickle.engine.capture;

import org.jspecify.annotations.NullMarked;

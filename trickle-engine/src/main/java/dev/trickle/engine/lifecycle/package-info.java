/**
 * The life of a stream table: create and replace ({@code StreamTableCreator}, {@code InitialLoad},
 * {@code Replacement}), ensure one or a set ({@code Ensurer}, {@code EnsureSet}), reinitialize ({@code Reinitializer})
 * and drop ({@code StreamTableDropper}). Each checks the definition with the server before it changes anything. A
 * create commits the storage table and catalog rows in one transaction and then loads the table by its first refresh;
 * if that load fails the table is dropped again, so a create that throws leaves nothing behind.
 */
@NullMarked
package dev.trickle.engine.lifecycle;

import org.jspecify.annotations.NullMarked;

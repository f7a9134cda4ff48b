/**
 * Creating and dropping stream tables: validation against the server, storage, catalog rows and the initial load,
 * each all-or-nothing.
 */
@NullMarked
package dev.trickle.engine.lifecycle;

import org.jspecify.annotations.NullMarked;

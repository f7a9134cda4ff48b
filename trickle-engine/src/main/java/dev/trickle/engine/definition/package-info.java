/**
 * A stream table's definition and what the engine makes of it: the server's view of the query ({@code
 * DefinitionCheck}), its compilation ({@code DefinitionCompiler}), the refresh statements an engine compiles for
 * itself ({@code Definition}, {@code Definitions}: never read from the catalog as SQL), and how the sources and
 * storage may have changed since the stream table attached to them ({@code SourceChanges}). Used by the lifecycle
 * (create, replace, reinitialize) and by refreshes; depends on the catalog and the compiler.
 */
@NullMarked
package dev.trickle.engine.definition;

import org.jspecify.annotations.NullMarked;

package dev.trickle.monitor;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pgtrickle.dependency_tree()}, in tree order: roots are the stream tables that read no stream
 * table; under each stream table come the stream tables that read it, then its plain sources as leaves. A stream
 * table that reads two stream tables (the bottom of a diamond) appears under each.
 *
 * @param treeLine the row drawn as a line of the tree, such as {@code └── public.order_totals}
 * @param node the stream table or source ({@code node})
 * @param type whether the node is a stream table or a plain source ({@code node_type})
 * @param depth 0 for roots, one more for each level below
 * @param status the stream table's status, or {@code null} for a source
 * @param refreshMode the stream table's requested refresh mode, or {@code null} for a source
 */
public record DependencyNode(
        String treeLine,
        TableName node,
        Type type,
        int depth,
        @Nullable StreamTableStatus status,
        @Nullable RefreshMode refreshMode) {

    /** What a node of the tree is. */
    public enum Type {
        /** A stream table ({@code stream_table}). */
        STREAM_TABLE,
        /** A table or view a stream table reads that is not a stream table ({@code source_table}). */
        SOURCE_TABLE
    }

    /**
     * Checks that no required component is null.
     *
     * @param treeLine the row drawn as a line of the tree, such as {@code └── public.order_totals}
     * @param node the stream table or source ({@code node})
     * @param type whether the node is a stream table or a plain source ({@code node_type})
     * @param depth 0 for roots, one more for each level below
     * @param status the stream table's status, or {@code null} for a source
     * @param refreshMode the stream table's requested refresh mode, or {@code null} for a source
     */
    public DependencyNode {
        Objects.requireNonNull(treeLine, "treeLine");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(type, "type");
    }
}

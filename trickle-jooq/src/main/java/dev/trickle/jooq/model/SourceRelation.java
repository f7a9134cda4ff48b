package dev.trickle.jooq.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A relation a defining query reads, as the database's catalog describes it.
 *
 * @param oid the relation's OID
 * @param schema its schema
 * @param name its name
 * @param kind what it is
 * @param columns its columns, in order
 * @param primaryKey the columns that identify its rows, in key order: its primary key, else its replica identity index,
 *     else a unique index whose columns are all {@code NOT NULL}; empty if it has none (its rows are then identified
 *     by their content)
 */
public record SourceRelation(
        long oid, String schema, String name, Kind kind, List<Column> columns, List<String> primaryKey) {

    /** What kind of relation a source is. */
    public enum Kind {
        /** An ordinary table. */
        TABLE,
        /** The storage table of another stream table. */
        STREAM_TABLE,
        /**
         * An unlogged table. A crash empties it without firing any trigger, so its changes cannot all be captured:
         * a stream table reading it is recomputed in full at every refresh.
         */
        UNLOGGED_TABLE,
        /** A partitioned table. */
        PARTITIONED_TABLE,
        /** A view. */
        VIEW,
        /** A materialized view. */
        MATERIALIZED_VIEW,
        /** A foreign table. */
        FOREIGN_TABLE,
        /** Anything else. */
        OTHER
    }

    /**
     * A column of a source.
     *
     * @param name the column name
     * @param type the type as {@code format_type} spells it
     * @param hasEquality whether the type has an equality operator
     */
    public record Column(String name, String type, boolean hasEquality) {}

    /**
     * Copies the lists so the record stays immutable.
     *
     * @param oid the relation's OID
     * @param schema its schema
     * @param name its name
     * @param kind what it is
     * @param columns its columns, in order
     * @param primaryKey the columns of its primary key, in key order; empty if it has none
     */
    public SourceRelation {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /**
     * Finds a column by exact name.
     *
     * @param column the column name
     * @return the column, or empty
     */
    public Optional<Column> column(String column) {
        return columns.stream().filter(c -> c.name().equals(column)).findFirst();
    }

    /** @return {@code schema.name} for messages, quoted where needed */
    public String displayName() {
        return new dev.trickle.TableName(schema, name).toString();
    }
}

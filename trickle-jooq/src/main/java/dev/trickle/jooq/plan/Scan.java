package dev.trickle.jooq.plan;

import dev.trickle.jooq.model.SourceRelation;
import java.util.List;
import java.util.Objects;

/**
 * Reads a source relation under an alias. Which version of it a query reads, the current contents or the change
 * since the last refresh, is decided by the delta rules, not here.
 *
 * @param relation the source
 * @param alias the alias expressions use for it (the query's alias, or the relation name)
 * @param columns the columns the query reads: every referenced column and the row key, in table order
 * @param key the columns that identify a row: the primary key (or another unique key the server guarantees, see
 *     {@link SourceRelation#primaryKey}), or {@code __pgt_row_id} of a stream table; empty for a table without a key,
 *     whose rows are identified by their content (see {@link #identity})
 */
public record Scan(SourceRelation relation, String alias, List<String> columns, List<String> key) implements Body {

    /**
     * Checks and copies the components.
     *
     * @param relation the source
     * @param alias the alias expressions use for it (the query's alias, or the relation name)
     * @param columns the columns the query reads: every referenced column and the row key, in table order
     * @param key the columns that identify a row; empty for a table without a key
     */
    public Scan {
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(alias, "alias");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        if (key.isEmpty() != keyless(relation)) {
            throw new IllegalArgumentException("internal error: scan of " + relation.displayName() + " has key " + key);
        }
    }

    /**
     * Tells whether a relation's rows have no key: an ordinary table without a primary key or usable unique key.
     *
     * @param relation the relation
     * @return whether its rows are identified by their content
     */
    public static boolean keyless(SourceRelation relation) {
        return relation.kind() == SourceRelation.Kind.TABLE && relation.primaryKey().isEmpty();
    }

    /** @return whether this scan's rows are identified by their content, its source having no key */
    public boolean byContent() {
        return key.isEmpty();
    }

    /**
     * The columns whose values identify a row of this scan: its key, or for a table without a key every column the
     * query reads. Two rows of a keyless table equal in those columns are indistinguishable to the query: the
     * rules count them (a multiplicity) instead of telling them apart.
     *
     * @return the columns, in table order
     */
    public List<String> identity() {
        return key.isEmpty() ? columns : key;
    }

    @Override
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitScan(this);
    }

    @Override
    public List<Body> inputs() {
        return List.of();
    }

    @Override
    public Scan withInputs(List<? extends RelOp> inputs) {
        RelOp.checkInputs(this, inputs, Body.class);
        return this;
    }

    /**
     * The same scan reading other columns.
     *
     * @param read the columns the query reads
     * @return the scan
     */
    public Scan withColumns(List<String> read) {
        return new Scan(relation, alias, read, key);
    }

    @Override
    public boolean linear() {
        return true;
    }
}

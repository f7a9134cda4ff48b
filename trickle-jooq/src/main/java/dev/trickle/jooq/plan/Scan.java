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
 * @param key the columns that identify a row: the primary key, or {@code __pgt_row_id} of a stream table
 */
public record Scan(SourceRelation relation, String alias, List<String> columns, List<String> key) implements Body {

    /**
     * Checks and copies the components.
     *
     * @param relation the source
     * @param alias the alias expressions use for it (the query's alias, or the relation name)
     * @param columns the columns the query reads: every referenced column and the row key, in table order
     * @param key the columns that identify a row: the primary key, or {@code __pgt_row_id} of a stream table
     */
    public Scan {
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(alias, "alias");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("internal error: scan of " + relation.displayName() + " has no key");
        }
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

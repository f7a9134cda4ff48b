package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Expressions;
import java.util.List;
import org.jooq.Name;

/**
 * What the rules of one stream table refer to besides its plan. Nothing in it depends on the stream table's catalog
 * id or on how changes are windowed: those enter only when the statement is rendered ({@link
 * dev.trickle.jooq.sql.ApplyStatement}).
 *
 * @param storage the storage table
 * @param expressions the renderer of the plan's expressions
 * @param keyTypes the base types of the row identity's keys (see {@link Differentiator#keyProbe}), in order; empty if
 *     unknown
 * @param windowed whether the storage table holds only some of the top operator's rows (a top-k's window): a row
 *     identity without a stored row may then exist, and the net changes list every touched identity
 */
public record DeltaContext(Name storage, Expressions expressions, List<String> keyTypes, boolean windowed) {

    /**
     * Copies the key types.
     *
     * @param storage the storage table
     * @param expressions the renderer of the plan's expressions
     * @param keyTypes the base types of the row identity's keys, in order; empty if unknown
     * @param windowed whether the storage table holds only some of the top operator's rows
     */
    public DeltaContext {
        keyTypes = List.copyOf(keyTypes);
    }

    /**
     * A context whose storage table holds every row of the top operator.
     *
     * @param storage the storage table
     * @param expressions the renderer of the plan's expressions
     * @param keyTypes the base types of the row identity's keys, in order; empty if unknown
     */
    public DeltaContext(Name storage, Expressions expressions, List<String> keyTypes) {
        this(storage, expressions, keyTypes, false);
    }

    /** @return the same context over a storage table that holds a window of the rows */
    DeltaContext asWindow() {
        return new DeltaContext(storage, expressions, keyTypes, true);
    }
}

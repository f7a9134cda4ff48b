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
 */
public record DeltaContext(Name storage, Expressions expressions, List<String> keyTypes) {

    /**
     * Copies the key types.
     *
     * @param storage the storage table
     * @param expressions the renderer of the plan's expressions
     * @param keyTypes the base types of the row identity's keys, in order; empty if unknown
     */
    public DeltaContext {
        keyTypes = List.copyOf(keyTypes);
    }
}

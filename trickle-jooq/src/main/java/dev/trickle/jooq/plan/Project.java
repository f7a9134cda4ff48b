package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;

/**
 * The select list over a join-and-filter input: one expression per output column.
 *
 * @param input the projected operator
 * @param outputs the output columns, in order
 */
public record Project(RelOp input, List<OutputColumnExpr> outputs) implements RelOp {

    /**
     * Checks and copies the components.
     *
     * @param input the projected operator
     * @param outputs the output columns, in order
     */
    public Project {
        Objects.requireNonNull(input, "input");
        outputs = List.copyOf(outputs);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitProject(this);
    }

    @Override
    public List<RelOp> inputs() {
        return List.of(input);
    }

    @Override
    public boolean linear() {
        return true;
    }
}

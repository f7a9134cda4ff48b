package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;

/**
 * The select list over a join-and-filter input: one expression per output column.
 *
 * @param input the projected operator
 * @param outputs the output columns, in order
 */
public record Project(Body input, List<OutputColumnExpr> outputs) implements TopK.Inner {

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
    public <R> R accept(Top.Visitor<R> visitor) {
        return visitor.visitProject(this);
    }

    @Override
    public Project withInput(Body input) {
        return new Project(input, outputs);
    }

    @Override
    public boolean linear() {
        return true;
    }
}

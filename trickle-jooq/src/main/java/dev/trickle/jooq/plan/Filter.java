package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;
import org.jooq.Condition;

/**
 * {@code WHERE predicate} over {@code input}. The predicate stays a jOOQ {@link Condition}.
 *
 * @param input the filtered operator
 * @param predicate the condition rows must satisfy
 */
public record Filter(RelOp input, Condition predicate) implements RelOp {

    /**
     * Checks the components.
     *
     * @param input the filtered operator
     * @param predicate the condition rows must satisfy
     */
    public Filter {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitFilter(this);
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

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
public record Filter(Body input, Condition predicate) implements Body {

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
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitFilter(this);
    }

    @Override
    public List<Body> inputs() {
        return List.of(input);
    }

    @Override
    public Filter withInputs(List<? extends RelOp> inputs) {
        return new Filter(RelOp.checkInputs(this, inputs, Body.class).get(0), predicate);
    }

    @Override
    public boolean linear() {
        return true;
    }
}

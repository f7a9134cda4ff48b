package dev.trickle.jooq.delta;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;

/**
 * One term of a delta: {@code sign × σ_conditions(source₁ × source₂ × ...)}, where each source is read at its
 * version. A row of the term weighs {@code sign} times the weights of its {@link Version#DELTA} sources' rows.
 *
 * @param sign +1 or -1
 * @param sources the FROM list, in plan order
 * @param conditions the conjunction of join and filter conditions
 */
public record Term(int sign, List<Source> sources, List<Condition> conditions) {

    /**
     * Checks and copies the components.
     *
     * @param sign +1 or -1
     * @param sources the FROM list, in plan order
     * @param conditions the conjunction of join and filter conditions
     */
    public Term {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("internal error: sign " + sign);
        }
        sources = List.copyOf(sources);
        conditions = List.copyOf(conditions);
    }

    /**
     * Joins two terms: the product of their signs, their sources, their conditions and {@code on}.
     *
     * @param other the right term
     * @param on the join condition
     * @return the joined term
     */
    public Term join(Term other, Condition on) {
        List<Source> s = new ArrayList<>(sources);
        s.addAll(other.sources);
        List<Condition> c = new ArrayList<>(conditions);
        c.addAll(other.conditions);
        c.add(on);
        return new Term(sign * other.sign, s, c);
    }

    /**
     * Adds a condition.
     *
     * @param predicate the condition
     * @return the filtered term
     */
    public Term where(Condition predicate) {
        List<Condition> c = new ArrayList<>(conditions);
        c.add(predicate);
        return new Term(sign, sources, c);
    }

    /** @return the same term with the opposite sign */
    public Term negate() {
        return new Term(-sign, sources, conditions);
    }
}

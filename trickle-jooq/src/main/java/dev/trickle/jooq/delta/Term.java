package dev.trickle.jooq.delta;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;

/**
 * One term of a delta: {@code sign × σ_conditions, probes(source₁ × source₂ × ...)}, where each source is a scan read
 * at its version or the post-state of an outer join. A row of the term weighs {@code sign} times the weights of its
 * {@link Version#DELTA} sources' rows.
 *
 * @param sign +1 or -1
 * @param sources the FROM list, in plan order
 * @param conditions the conjunction of join and filter conditions
 * @param probes conditions on the matches of the term's row in other relations (outer, semi and mark joins), also in
 *     conjunction
 */
public record Term(int sign, List<From> sources, List<Condition> conditions, List<Probe> probes) {

    /**
     * Checks and copies the components.
     *
     * @param sign +1 or -1
     * @param sources the FROM list, in plan order
     * @param conditions the conjunction of join and filter conditions
     * @param probes conditions on the matches of the term's row in another relation
     */
    public Term {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("internal error: sign " + sign);
        }
        sources = List.copyOf(sources);
        conditions = List.copyOf(conditions);
        probes = List.copyOf(probes);
    }

    /**
     * A term without probes.
     *
     * @param sign +1 or -1
     * @param sources the FROM list, in plan order
     * @param conditions the conjunction of join and filter conditions
     */
    public Term(int sign, List<? extends From> sources, List<Condition> conditions) {
        this(sign, List.copyOf(sources), conditions, List.of());
    }

    /**
     * Joins two terms: the product of their signs, their sources, their conditions and {@code on}.
     *
     * @param other the right term
     * @param on the join condition
     * @return the joined term
     */
    public Term join(Term other, Condition on) {
        return times(other).where(on);
    }

    /**
     * The product of two terms: their signs, sources, conditions and probes, with no condition between them.
     *
     * @param other the right term
     * @return the product
     */
    public Term times(Term other) {
        List<From> s = new ArrayList<>(sources);
        s.addAll(other.sources);
        List<Condition> c = new ArrayList<>(conditions);
        c.addAll(other.conditions);
        List<Probe> p = new ArrayList<>(probes);
        p.addAll(other.probes);
        return new Term(sign * other.sign, s, c, p);
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
        return new Term(sign, sources, c, probes);
    }

    /**
     * Adds a probe.
     *
     * @param probe the condition on the row's matches
     * @return the filtered term
     */
    public Term where(Probe probe) {
        List<Probe> p = new ArrayList<>(probes);
        p.add(probe);
        return new Term(sign, sources, conditions, p);
    }

    /** @return the same term with the opposite sign */
    public Term negate() {
        return new Term(-sign, sources, conditions, probes);
    }
}

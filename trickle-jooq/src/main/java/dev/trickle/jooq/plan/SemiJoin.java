package dev.trickle.jooq.plan;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.QueryPart;

/**
 * A mark join: the rows of {@code left} for which {@code keep} is true, {@code keep} a condition over the row's columns
 * and its <em>marks</em>, one per right input {@code Rᵢ}: whether some row of {@code Rᵢ} satisfies {@code onᵢ} with it
 * (a match condition that is NULL matches nothing, as {@code EXISTS} reads it). {@code EXISTS}, {@code IN (subquery)},
 * quantified comparisons and their negations translate into it, wherever they stand under {@code AND}, {@code OR} and
 * {@code NOT} in a {@code WHERE} conjunct: {@code keep} is that conjunct, in which each subquery predicate (its
 * {@link Mark#atom}, by identity) reads its mark. A semi join {@code left ⋉ right} is one mark whose atom is the whole
 * condition; an anti join {@code left ▷ right} ({@code NOT EXISTS}, {@code NOT IN}) the same, negated.
 *
 * <p>Its rows are the left input's rows, each at most once: a mark join never multiplies rows, so its columns and its
 * row identity are the left's, and the right inputs' tables are not visible above it.
 *
 * @param left the rows kept or dropped
 * @param marks the right inputs and their match conditions, at least one
 * @param keep the condition over a left row and its marks
 */
public record SemiJoin(Body left, List<Mark> marks, Condition keep) implements Body {

    /**
     * A mark: whether a left row has a match in {@code right}. In {@code keep}, {@code atom} stands for it: its value
     * is {@code [the row has a match]}, or its negation when {@code negated}.
     *
     * @param right the rows matched against (a subquery's {@code FROM} and {@code WHERE})
     * @param on the match condition over a left and a right row (the subquery's correlation and, for {@code IN} and
     *     quantified comparisons, the comparison)
     * @param atom the subquery predicate of {@code keep} whose value the mark gives
     * @param negated whether the atom is the mark's negation ({@code NOT EXISTS}, {@code NOT IN}, {@code ALL})
     */
    public record Mark(Body right, Condition on, QueryPart atom, boolean negated) {
        /**
         * Checks the components.
         *
         * @param right the rows matched against
         * @param on the match condition
         * @param atom the predicate the mark gives the value of
         * @param negated whether the atom is the mark's negation
         */
        public Mark {
            Objects.requireNonNull(right, "right");
            Objects.requireNonNull(on, "on");
            Objects.requireNonNull(atom, "atom");
        }
    }

    /**
     * Checks and copies the components.
     *
     * @param left the rows kept or dropped
     * @param marks the right inputs and their match conditions
     * @param keep the condition over a left row and its marks
     */
    public SemiJoin {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(keep, "keep");
        marks = List.copyOf(marks);
        if (marks.isEmpty()) {
            throw new IllegalArgumentException("internal error: a mark join without marks");
        }
    }

    /**
     * A semi join ({@code EXISTS}) or anti join ({@code NOT EXISTS}): one mark, which is the whole condition.
     *
     * @param left the rows kept or dropped
     * @param right the rows they are matched against
     * @param on the match condition
     * @param anti whether the rows without a match are kept
     * @param predicate the subquery predicate the join stands for
     * @return the join
     */
    public static SemiJoin of(Body left, Body right, Condition on, boolean anti, Condition predicate) {
        return new SemiJoin(left, List.of(new Mark(right, on, predicate, anti)), predicate);
    }

    /**
     * The mark whose value alone decides, when the condition is one subquery predicate: a semi join, or an anti join
     * when it is negated.
     *
     * @return the only mark, or {@code null} for a condition that reads more than one mark or the row's columns
     */
    public @org.jspecify.annotations.Nullable Mark single() {
        return marks.size() == 1 && marks.get(0).atom() == keep ? marks.get(0) : null;
    }

    /**
     * The condition's SQL with each atom replaced, for rendering with {@link Expressions#render(QueryPart, Map, Map,
     * java.util.function.Consumer)}.
     *
     * @param value the SQL of each mark's value, in order of {@link #marks}
     * @return the replacements, by identity
     */
    public Map<QueryPart, String> atoms(List<String> value) {
        Map<QueryPart, String> atoms = new IdentityHashMap<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            atoms.put(m.atom(), m.negated() ? "(NOT " + value.get(i) + ")" : value.get(i));
        }
        return atoms;
    }

    @Override
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitSemiJoin(this);
    }

    @Override
    public List<Body> inputs() {
        List<Body> inputs = new ArrayList<>(List.of(left));
        marks.forEach(m -> inputs.add(m.right()));
        return inputs;
    }

    @Override
    public SemiJoin withInputs(List<? extends RelOp> inputs) {
        List<Body> in = RelOp.checkInputs(this, inputs, Body.class);
        List<Mark> rebuilt = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            rebuilt.add(new Mark(in.get(i + 1), m.on(), m.atom(), m.negated()));
        }
        return new SemiJoin(in.get(0), rebuilt, keep);
    }
}

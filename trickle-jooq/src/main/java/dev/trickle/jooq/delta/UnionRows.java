package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.UnionAll;
import java.util.List;
import java.util.Objects;

/**
 * The rows of a {@link UnionAll} as one FROM item under the alias {@link UnionAll#ALIAS}: the {@code UNION ALL} of
 * one query per part, each computing its branch's items as the union's columns (see {@link UnionSql}).
 *
 * @param op the union
 * @param parts the parts: a term of a branch, read at its post-state or as a term of its delta
 * @param delta whether the parts are delta terms, whose rows carry a weight ({@code __pgt_w}); else every row
 *     weighs 1
 */
record UnionRows(UnionAll op, List<Part> parts, boolean delta) implements From {

    /**
     * A term of one branch.
     *
     * @param branch the branch's position, from 0
     * @param term the term, over the branch's sources
     */
    record Part(int branch, Term term) {
        Part {
            Objects.requireNonNull(term, "term");
        }
    }

    UnionRows {
        Objects.requireNonNull(op, "op");
        parts = List.copyOf(parts);
    }
}

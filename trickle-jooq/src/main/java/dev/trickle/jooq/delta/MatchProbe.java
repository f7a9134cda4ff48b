package dev.trickle.jooq.delta;

import java.util.List;
import java.util.Objects;
import org.jooq.Condition;

/**
 * A condition of a delta term on how many rows of another relation {@code R} match the term's row {@code l} under
 * {@code on}, before and after the changes (outer joins, semi and anti joins): {@code m_post(l)} counts the matches in {@code R_post}, and {@code
 * m_pre(l) = m_post(l) - Σ_{r ∈ ΔR, on(l, r)} w(r)}, since {@code R_pre = R_post - ΔR} as Z-sets. No pre-state is
 * read.
 *
 * @param test what the counts must satisfy
 * @param post {@code R_post}, one term
 * @param delta {@code ΔR}, a sum of terms
 * @param on the join condition over the term's row and {@code R}'s row
 * @param aliases the aliases of {@code R}'s scans, to tell the sides of {@code on} apart
 */
public record MatchProbe(Test test, Term post, List<Term> delta, Condition on, List<String> aliases)
        implements Probe {

    /** What the match counts must satisfy. */
    public enum Test {
        /** {@code m_pre(l) = 0}: the row had no match before the changes. */
        NONE_BEFORE,
        /** {@code m_post(l) = 0 < m_pre(l)}: the row lost its last match. */
        LOST_LAST,
        /** {@code m_pre(l) = 0 < m_post(l)}: the row gained its first match. */
        GAINED_FIRST,
        /** {@code m_pre(l) > 0}: the row had a match before the changes (a semi join's changed rows). */
        SOME_BEFORE,
        /** {@code m_post(l) > 0}: the row has a match (a semi join's post-state; the delta is not read). */
        SOME_NOW,
        /** {@code m_post(l) = 0}: the row has no match (an anti join's post-state; the delta is not read). */
        NONE_NOW
    }

    /**
     * Checks and copies the components.
     *
     * @param test what the counts must satisfy
     * @param post {@code R_post}, one term
     * @param delta {@code ΔR}, a sum of terms
     * @param on the join condition
     * @param aliases the aliases of {@code R}'s scans
     */
    public MatchProbe {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(post, "post");
        Objects.requireNonNull(on, "on");
        delta = List.copyOf(delta);
        aliases = List.copyOf(aliases);
    }
}

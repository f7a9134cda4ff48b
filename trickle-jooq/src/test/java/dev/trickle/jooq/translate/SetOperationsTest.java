package dev.trickle.jooq.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.QueryCompiler;
import dev.trickle.jooq.translate.SetOperations.Combine;
import dev.trickle.jooq.translate.SetOperations.Leaf;
import dev.trickle.jooq.translate.SetOperations.Op;
import dev.trickle.jooq.translate.SetOperations.Tree;
import java.util.Objects;
import org.jooq.Select;
import org.junit.jupiter.api.Test;

/**
 * {@link SetOperations}, the one reader of jOOQ's private representation of set operations: these tests fail if a jOOQ
 * upgrade holds {@code UNION}, {@code INTERSECT} or {@code EXCEPT} differently.
 */
class SetOperationsTest {
    private static final QueryCompiler COMPILER = new QueryCompiler();

    private static Select<?> parse(String sql) {
        return Objects.requireNonNull(COMPILER.parse(sql).select());
    }

    /** Prints a tree as fully parenthesised SQL, each branch as jOOQ renders it on one line. */
    private static String show(Tree tree) {
        if (tree instanceof Leaf leaf) {
            return leaf.select().toString().replaceAll("\\s+", " ").strip();
        }
        Combine c = (Combine) tree;
        return "(" + show(c.left()) + ") " + c.op().sql() + " (" + show(c.right()) + ")";
    }

    @Test
    void of_plainSelect_isItself() {
        Select<?> select = parse("select a from t where b > 1");

        assertThat(SetOperations.of(select)).isEqualTo(new Leaf(select));
    }

    @Test
    void of_everyOperator_readsItsKind() {
        for (Op op : Op.values()) {
            Tree tree = SetOperations.of(parse("select a from t " + op.sql() + " select b from u"));

            assertThat(tree).isInstanceOfSatisfying(Combine.class, c -> assertThat(c.op()).isEqualTo(op));
        }
    }

    @Test
    void of_chain_isLeftAssociative() {
        assertThat(show(SetOperations.of(parse(
                "select a from t union all select b from u union all select c from v except select d from w"))))
                .isEqualTo("(((select a from t) UNION ALL (select b from u)) UNION ALL (select c from v))"
                        + " EXCEPT (select d from w)");
    }

    @Test
    void of_intersect_bindsTighterThanUnion() {
        assertThat(show(SetOperations.of(parse("select a from t union select b from u intersect select c from v"))))
                .isEqualTo("(select a from t) UNION ((select b from u) INTERSECT (select c from v))");
    }

    @Test
    void of_parentheses_nestTheBranches() {
        assertThat(show(SetOperations.of(parse(
                "select a from t except (select b from u union select c from v where c > 0)"))))
                .isEqualTo("(select a from t) EXCEPT ((select b from u) UNION (select c from v where c > 0))");
        assertThat(show(SetOperations.of(parse(
                "(select a from t union select b from u) except select c from v"))))
                .isEqualTo("((select a from t) UNION (select b from u)) EXCEPT (select c from v)");
    }

    @Test
    void of_firstBranch_isACopyWithoutTheOperationsAndTheOriginalIsUnchanged() {
        Select<?> select = parse("select distinct a from t where a > 1 union select b from u order by 1");
        String before = select.toString();

        Combine c = (Combine) SetOperations.of(select);

        Select<?> first = ((Leaf) c.left()).select();
        assertThat(first).isNotSameAs(select);
        assertThat(first.toString().replaceAll("\\s+", " ")).isEqualTo("select distinct a from t where a > 1");
        assertThat(first.$where()).isSameAs(select.$where());
        assertThat(first.$select().get(0)).isSameAs(select.$select().get(0));
        assertThat(select.toString()).isEqualTo(before);
    }
}

package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;
import org.jooq.Field;

/**
 * {@code branch₁ UNION ALL branch₂ ...}: the rows of every branch, each branch a body with its own select list. A
 * branch's items are computed inside the body (the union's column {@code j} is item {@code j} of each branch, aligned
 * by position, cast to the union's type), so the top operator over a union reads the union's columns, {@code
 * "__pgt_u"."__pgt_c1"}, ..., and {@code "__pgt_u"."__pgt_branch"}, the number of the branch a row comes from
 * (1, 2, ...). A row's identity is its branch number and its identity in the branch, so branches never collide.
 *
 * @param branches the branches, at least two
 * @param types the union's column types as the server describes them (a branch's items are cast to them); empty if
 *     unknown (plans built without a server)
 * @param identified whether rows carry their identity ({@code "__pgt_u"."__pgt_bid"}): under a projection, whose
 *     rows are the union's rows; not under {@code DISTINCT}, whose group key is the row
 */
public record UnionAll(List<Branch> branches, List<String> types, boolean identified) implements Body {
    /** The alias of the union's rows. */
    public static final String ALIAS = "__pgt_u";

    /** The column holding the branch number. */
    public static final String BRANCH = "__pgt_branch";

    /** The column holding a row's identity, when {@link #identified}. */
    public static final String ROW = "__pgt_bid";

    /**
     * One branch.
     *
     * @param input its body
     * @param items its select list, over the body
     */
    public record Branch(Body input, List<Field<?>> items) {
        /**
         * Checks and copies the components.
         *
         * @param input its body
         * @param items its select list, over the body
         */
        public Branch {
            Objects.requireNonNull(input, "input");
            items = List.copyOf(items);
        }
    }

    /**
     * Checks and copies the components.
     *
     * @param branches the branches, at least two, with as many items each
     * @param types the union's column types, or empty
     * @param identified whether rows carry their identity
     */
    public UnionAll {
        branches = List.copyOf(branches);
        types = List.copyOf(types);
        int width = branches.get(0).items().size();
        if (branches.size() < 2 || branches.stream().anyMatch(b -> b.items().size() != width)
                || (!types.isEmpty() && types.size() != width)) {
            throw new IllegalArgumentException("internal error: branches of a union do not align");
        }
    }

    /**
     * Names the union's column at a position.
     *
     * @param j the position, from 0
     * @return its name
     */
    public static String column(int j) {
        return "__pgt_c" + (j + 1);
    }

    /** @return the number of the union's columns */
    public int width() {
        return branches.get(0).items().size();
    }

    @Override
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitUnionAll(this);
    }

    @Override
    public List<Body> inputs() {
        return branches.stream().map(Branch::input).toList();
    }

    @Override
    public UnionAll withInputs(List<? extends RelOp> inputs) {
        List<Body> in = RelOp.checkInputs(this, inputs, Body.class);
        List<Branch> rebuilt = new java.util.ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            rebuilt.add(new Branch(in.get(i), branches.get(i).items()));
        }
        return new UnionAll(rebuilt, types, identified);
    }

    @Override
    public boolean linear() {
        return true;
    }
}

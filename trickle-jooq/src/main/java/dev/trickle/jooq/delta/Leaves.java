package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.plan.SemiJoin;
import java.util.ArrayList;
import java.util.List;

/**
 * The relations a body reads as its rows' identity sees them: its scans, and its grouped relations as wholes (their
 * own scans are inside them).
 */
final class Leaves {
    private Leaves() {}

    /**
     * The scans and grouped relations whose rows make up the body's rows, left to right: not entering grouped
     * relations, nor the right side of a semi or anti join, which only filters.
     */
    static List<Body> of(Body op) {
        List<Body> leaves = new ArrayList<>();
        collect(op, leaves, true);
        return leaves;
    }

    /** Every scan and grouped relation of a body, left to right, the right sides of semi joins included. */
    static List<Body> all(Body op) {
        List<Body> leaves = new ArrayList<>();
        collect(op, leaves, false);
        return leaves;
    }

    private static void collect(Body op, List<Body> leaves, boolean rowsOnly) {
        if (op instanceof Scan || op instanceof GroupedBody) {
            leaves.add(op);
            return;
        }
        List<Body> inputs = rowsOnly && op instanceof SemiJoin semi ? List.of(semi.left()) : op.inputs();
        inputs.forEach(i -> collect(i, leaves, rowsOnly));
    }

    static String alias(Body leaf) {
        return leaf instanceof Scan s ? s.alias() : ((GroupedBody) leaf).alias();
    }

    /** Whether the leaf's rows are identified by their content. */
    static boolean byContent(Body leaf) {
        return leaf instanceof Scan s ? s.byContent() : ((GroupedBody) leaf).byContent();
    }

    /** The leaf's identity columns, qualified by its alias. */
    static List<String> identity(Body leaf) {
        List<String> columns = leaf instanceof Scan s ? s.identity() : ((GroupedBody) leaf).identity();
        return columns.stream().map(c -> quote(alias(leaf)) + "." + quote(c)).toList();
    }

    /** The leaf as one row of NULLs, the padding of an outer join. */
    static From padded(Body leaf, Differentiator d) {
        if (leaf instanceof Scan s) {
            return new Source(s, Version.NULL);
        }
        GroupedBody g = (GroupedBody) leaf;
        return new GroupedSource(g, Version.NULL, d.post(g.input()), List.of());
    }
}

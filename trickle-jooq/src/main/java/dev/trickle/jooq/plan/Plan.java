package dev.trickle.jooq.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A translated defining query: one top operator over a body, and the resolution of its column references.
 *
 * @param root the top operator
 * @param columns where each column reference in the plan's expressions points
 */
public record Plan(Top root, ColumnResolver columns) {

    /**
     * Checks the components.
     *
     * @param root the top operator
     * @param columns where each column reference in the plan's expressions points
     */
    public Plan {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(columns, "columns");
    }

    /** @return the scans of the plan, left to right, those of subqueries included */
    public List<Scan> scans() {
        return scans(root.input());
    }

    /**
     * Lists the scans of a body.
     *
     * @param body the body
     * @return its scans, left to right
     */
    public static List<Scan> scans(Body body) {
        List<Scan> scans = new ArrayList<>();
        collect(body, scans);
        return scans;
    }

    /**
     * Lists the scans whose rows make up the body's rows: every scan but those on the right of a semi or anti join,
     * which only filter. A body row's identity is theirs.
     *
     * @return the scans, left to right
     */
    public List<Scan> rowScans() {
        List<Scan> scans = new ArrayList<>();
        collectRows(root.input(), scans);
        return scans;
    }

    private static void collectRows(Body op, List<Scan> scans) {
        if (op instanceof Scan scan) {
            scans.add(scan);
        }
        List<Body> inputs = op instanceof SemiJoin semi ? List.of(semi.left()) : op.inputs();
        inputs.forEach(input -> collectRows(input, scans));
    }

    private static void collect(Body op, List<Scan> scans) {
        if (op instanceof Scan scan) {
            scans.add(scan);
        }
        for (Body input : op.inputs()) {
            collect(input, scans);
        }
    }

    /** @return the names of the output columns, in order */
    public List<String> outputNames() {
        return root.outputs().stream().map(OutputColumnExpr::name).toList();
    }
}

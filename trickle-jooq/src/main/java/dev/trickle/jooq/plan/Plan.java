package dev.trickle.jooq.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A translated defining query: the operator tree and the resolution of its column references.
 *
 * @param root the top operator: a {@link Project} or an {@link Aggregate}
 * @param columns where each column reference in the plan's expressions points
 */
public record Plan(RelOp root, ColumnResolver columns) {

    /**
     * Checks the components.
     *
     * @param root the top operator: a {@link Project} or an {@link Aggregate}
     * @param columns where each column reference in the plan's expressions points
     */
    public Plan {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(columns, "columns");
    }

    /** @return the scans of the plan, left to right */
    public List<Scan> scans() {
        List<Scan> scans = new ArrayList<>();
        collect(root, scans);
        return scans;
    }

    private static void collect(RelOp op, List<Scan> scans) {
        if (op instanceof Scan scan) {
            scans.add(scan);
        }
        for (RelOp input : op.inputs()) {
            collect(input, scans);
        }
    }

    /** @return the names of the output columns, in order */
    public List<String> outputNames() {
        List<OutputColumnExpr> outputs = root instanceof Aggregate a
                ? a.outputs()
                : root instanceof Project p ? p.outputs() : List.of();
        return outputs.stream().map(OutputColumnExpr::name).toList();
    }
}

package dev.trickle.jooq.translate;

import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.Scan;
import java.util.Set;

/** Rebuilds a body with each scan's read columns (every referenced column and the key, in table order). */
final class ColumnFiller {
    private ColumnFiller() {}

    static Body fill(Body op, Scope scope) {
        if (op instanceof GroupedBody) {
            // filled with its own scope when it was built
            return op;
        }
        if (op instanceof Scan scan) {
            Set<String> used = scope.planEntry(scan.alias()).used();
            return scan.withColumns(scan.relation().columns().stream()
                    .map(SourceRelation.Column::name)
                    .filter(used::contains)
                    .toList());
        }
        return op.withInputs(op.inputs().stream().map(input -> fill(input, scope)).toList());
    }
}

package dev.trickle.jooq.translate;

import dev.trickle.jooq.SourceRelation;
import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.RelOp;
import dev.trickle.jooq.plan.Scan;
import java.util.Set;

/** Rebuilds a plan with each scan's read columns (every referenced column and the key, in table order). */
final class ColumnFiller implements RelOp.Visitor<RelOp> {
    private final Scope scope;

    ColumnFiller(Scope scope) {
        this.scope = scope;
    }

    @Override
    public RelOp visitScan(Scan op) {
        Set<String> used = scope.entry(op.alias()).used();
        return new Scan(op.relation(), op.alias(), op.relation().columns().stream()
                .map(SourceRelation.Column::name)
                .filter(used::contains)
                .toList(), op.key());
    }

    @Override
    public RelOp visitFilter(Filter op) {
        return new Filter(op.input().accept(this), op.predicate());
    }

    @Override
    public RelOp visitProject(Project op) {
        return new Project(op.input().accept(this), op.outputs());
    }

    @Override
    public RelOp visitInnerJoin(InnerJoin op) {
        return new InnerJoin(op.left().accept(this), op.right().accept(this), op.on());
    }

    @Override
    public RelOp visitAggregate(Aggregate op) {
        return new Aggregate(op.input().accept(this), op.groupBy(), op.calls(), op.outputs(), op.callSites());
    }
}

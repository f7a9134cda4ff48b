package dev.trickle.jooq.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.jooq.Shop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two layers of a plan ({@link Top} over {@link Body}) and {@link RelOp#withInputs}. */
class PlanLayersTest {
    private final Plan join = Shop.query("select o.id from orders o join customers c on c.id = o.customer_id"
            + " where o.amount > 10").outputs("id integer").plan();
    private final Plan aggregate = Shop.query("select customer_id, count(*) as n from orders group by customer_id")
            .outputs("customer_id integer", "n bigint").plan();
    private final Plan topK = Shop.query("select customer_id, count(*) as n from orders group by customer_id"
            + " order by n desc, customer_id limit 3").outputs("customer_id integer", "n bigint").plan();

    @Test
    void root_isATopOverABody() {
        assertThat(join.root()).isInstanceOf(Project.class);
        assertThat(join.root().input()).isInstanceOf(Filter.class);
        assertThat(aggregate.root()).isInstanceOf(Aggregate.class);
        assertThat(List.<RelOp>copyOf(aggregate.root().inputs())).containsExactly(aggregate.root().input());
    }

    @Test
    void topK_wrapsATopAndReadsItsBody() {
        TopK op = (TopK) topK.root();

        assertThat(op.inputs()).containsExactly(op.inner());
        assertThat(op.input()).isSameAs(op.inner().input());
        assertThat(op.withInputs(op.inputs())).isEqualTo(op);
        assertThat(op.withInput(op.input())).isEqualTo(op);
        assertThat(op.outputs()).isEqualTo(op.inner().outputs());
        assertThatThrownBy(() -> op.withInputs(List.of(op.input()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TopK over a Scan");
    }

    @Test
    void withInputs_sameInputs_rebuildsAnEqualOperator() {
        Body body = join.root().input();

        assertThat(body.withInputs(body.inputs())).isEqualTo(body);
        assertThat(join.root().withInputs(join.root().inputs())).isEqualTo(join.root());
        assertThat(aggregate.root().withInput(aggregate.root().input())).isEqualTo(aggregate.root());
    }

    @Test
    void withInputs_otherInput_keepsEverythingElse() {
        Filter filter = (Filter) join.root().input();
        InnerJoin inner = (InnerJoin) filter.input();

        Filter swapped = filter.withInputs(List.of(inner.withInputs(List.of(inner.right(), inner.left()))));

        assertThat(swapped.predicate()).isSameAs(filter.predicate());
        assertThat(((InnerJoin) swapped.input()).left()).isEqualTo(inner.right());
        assertThat(((InnerJoin) swapped.input()).on()).isSameAs(inner.on());
    }

    @Test
    void withInputs_wrongCount_isRefused() {
        Body body = join.root().input();

        assertThatThrownBy(() -> body.withInputs(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Filter takes 1 inputs, not 0");
        assertThatThrownBy(() -> join.scans().get(0).withInputs(List.of(body)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withInputs_aTopAsABodyInput_isRefused() {
        Body body = join.root().input();

        assertThatThrownBy(() -> body.withInputs(List.of(aggregate.root())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Filter over a Aggregate");
    }

    @Test
    void visitor_ofBothLayers_reachesEveryOperatorOnce() {
        StringBuilder seen = new StringBuilder();
        RelOp.Visitor<Void> names = new RelOp.Visitor<>() {
            @Override
            public Void visitScan(Scan op) {
                seen.append("Scan ");
                return null;
            }

            @Override
            public Void visitFilter(Filter op) {
                seen.append("Filter ");
                return null;
            }

            @Override
            public Void visitInnerJoin(InnerJoin op) {
                seen.append("InnerJoin ");
                return null;
            }

            @Override
            public Void visitOuterJoin(OuterJoin op) {
                seen.append("OuterJoin ");
                return null;
            }

            @Override
            public Void visitGrouped(GroupedBody op) {
                seen.append("Grouped ");
                return null;
            }

            @Override
            public Void visitSemiJoin(SemiJoin op) {
                seen.append("SemiJoin ");
                return null;
            }

            @Override
            public Void visitUnionAll(UnionAll op) {
                seen.append("UnionAll ");
                return null;
            }

            @Override
            public Void visitProject(Project op) {
                seen.append("Project ");
                return null;
            }

            @Override
            public Void visitAggregate(Aggregate op) {
                seen.append("Aggregate ");
                return null;
            }

            @Override
            public Void visitTopK(TopK op) {
                seen.append("TopK ");
                return null;
            }
        };
        walk(join.root(), names);
        walk(topK.root(), names);

        assertThat(seen.toString()).isEqualTo("Project Filter InnerJoin Scan Scan TopK Aggregate Scan ");
    }

    private static void walk(RelOp op, RelOp.Visitor<Void> visitor) {
        op.accept(visitor);
        op.inputs().forEach(input -> walk(input, visitor));
    }

    @Test
    void flatten_innerJoinOverAFilteredJoin_listsTheScansAndEveryCondition() {
        Filter filter = (Filter) join.root().input();
        InnerJoin inner = (InnerJoin) filter.input();
        Scan regions = Shop.query("select r.id from sales.regions r").outputs("id integer").plan().scans().get(0);
        org.jooq.Condition on = org.jooq.impl.DSL.trueCondition();

        InnerJoin.Flat flat = new InnerJoin(filter, regions, on).flatten();

        assertThat(flat.inputs()).containsExactly(inner.left(), inner.right(), regions);
        assertThat(flat.conditions()).containsExactly(inner.on(), filter.predicate(), on);
    }
}

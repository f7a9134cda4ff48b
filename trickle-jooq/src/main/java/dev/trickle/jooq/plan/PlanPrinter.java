package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a plan as an indented tree, one operator per line, with canonical expressions. Deterministic: equal plans
 * print equal. Golden tests and {@code UnsupportedQueryException} messages use it.
 *
 * <pre>
 * Aggregate(group=["d"."id"], calls=[COUNT_STAR, SUM("e"."salary")])
 *   InnerJoin(on="e"."dept" = "d"."id")
 *     Scan(public.departments AS d, key=[id], columns=[id, name])
 *     Scan(public.employees AS e, key=[id], columns=[id, dept, salary])
 * </pre>
 */
public final class PlanPrinter {
    private PlanPrinter() {}

    /**
     * Explains a plan.
     *
     * @param plan the plan
     * @return the tree, lines separated by {@code \n}
     */
    public static String explain(Plan plan) {
        Expressions x = new Expressions(plan.columns());
        StringBuilder out = new StringBuilder();
        print(plan.root(), x, 0, out);
        return out.toString().stripTrailing();
    }

    private static void print(RelOp op, Expressions x, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(op.accept(new Line(x))).append('\n');
        for (RelOp input : op.inputs()) {
            print(input, x, depth + 1, out);
        }
    }

    /** One operator's line. */
    private record Line(Expressions x) implements RelOp.Visitor<String> {
        @Override
        public String visitScan(Scan op) {
            return "Scan(" + op.relation().displayName() + " AS " + op.alias() + ", key=" + op.key() + ", columns="
                    + op.columns() + ")";
        }

        @Override
        public String visitFilter(Filter op) {
            return "Filter(" + x.render(op.predicate()) + ")";
        }

        @Override
        public String visitProject(Project op) {
            return "Project(" + op.outputs().stream()
                    .map(o -> o.name() + "=" + x.render(o.expression()))
                    .collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public String visitInnerJoin(InnerJoin op) {
            return "InnerJoin(on=" + x.render(op.on()) + ")";
        }

        @Override
        public String visitOuterJoin(OuterJoin op) {
            return "OuterJoin(" + op.kind() + ", on=" + x.render(op.on()) + ")";
        }

        @Override
        public String visitGrouped(GroupedBody op) {
            return "Grouped(" + op.alias() + ", group=[" + op.groupBy().stream().map(x::render)
                    .collect(Collectors.joining(", ")) + "], outputs=[" + op.outputs().stream()
                    .map(o -> o.name() + "=" + x.render(o.expression())).collect(Collectors.joining(", ")) + "]"
                    + (op.having() == null ? "" : ", having=" + x.render(op.having())) + ", identity="
                    + op.identity() + ")";
        }

        @Override
        public String visitSemiJoin(SemiJoin op) {
            SemiJoin.Mark single = op.single();
            if (single != null) {
                return (single.negated() ? "AntiJoin" : "SemiJoin") + "(on=" + x.render(single.on()) + ")";
            }
            List<String> names = new java.util.ArrayList<>();
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < op.marks().size(); i++) {
                names.add("m" + (i + 1));
                marks.append(", m").append(i + 1).append(" on=").append(x.render(op.marks().get(i).on()));
            }
            return "MarkJoin(keep=" + x.render(op.keep(), op.atoms(names), Map.of(), null) + marks + ")";
        }

        @Override
        public String visitUnionAll(UnionAll op) {
            return "UnionAll(" + op.branches().stream().map(b -> b.items().stream().map(x::render)
                    .collect(Collectors.joining(", ", "[", "]"))).collect(Collectors.joining(", "))
                    + (op.types().isEmpty() ? "" : ", types=" + op.types()) + (op.identified() ? ", identified" : "")
                    + ")";
        }

        @Override
        public String visitAggregate(Aggregate op) {
            return "Aggregate(group=[" + op.groupBy().stream().map(x::render).collect(Collectors.joining(", "))
                    + "], calls=[" + op.calls().stream().map(this::call).collect(Collectors.joining(", "))
                    + "], outputs=[" + op.outputs().stream().map(OutputColumnExpr::name)
                            .collect(Collectors.joining(", ")) + "]"
                    + (op.having() == null ? "" : ", having=" + x.render(op.having()))
                    + (op.copies() == null ? "" : ", copies=" + x.render(op.copies())) + ")";
        }

        @Override
        public String visitTopK(TopK op) {
            return "TopK(order=[" + op.order().stream().map(k -> k.sql(k.column())).collect(Collectors.joining(", "))
                    + "], limit=" + op.limit() + (op.offset() == 0 ? "" : ", offset=" + op.offset()) + ")";
        }

        private String call(AggregateCall c) {
            if (c.call() != null) {
                return c.function() + "(" + x.render(c.call()) + ")";
            }
            return c.argument() == null ? c.function().name() : c.function() + "(" + x.render(c.argument()) + ")";
        }
    }
}

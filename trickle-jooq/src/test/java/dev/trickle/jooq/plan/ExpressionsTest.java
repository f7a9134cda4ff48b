package dev.trickle.jooq.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Shop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** {@link Expressions}: canonical rendering of plan expressions, with replacement by identity and by text. */
class ExpressionsTest {

    private static Plan plan(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).plan();
    }

    private static Field<?> output(Plan plan, int i) {
        return ((Project) plan.root()).outputs().get(i).expression();
    }

    @Test
    void render_bareQualifiedAndSchemaQualifiedRefs_allRenderAliasDotColumn() {
        Plan p = plan("select amount, orders.amount, public.orders.amount from orders", "a", "b", "c");
        Expressions x = new Expressions(p.columns());

        assertThat(List.of(output(p, 0), output(p, 1), output(p, 2))).extracting(x::render)
                .containsOnly("\"orders\".\"amount\"");
    }

    @Test
    void render_aliasedTable_usesTheAlias() {
        Plan p = plan("select upper(o.status) from orders o", "upper");

        assertThat(new Expressions(p.columns()).render(output(p, 0))).isEqualTo("upper(\"o\".\"status\")");
    }

    @Test
    void render_quotedColumn_keepsSpellingAndQuotes() {
        Plan p = plan("select t.\"Amount\" * 2 from \"Sales\".\"Targets\" t", "x");

        assertThat(new Expressions(p.columns()).render(output(p, 0))).isEqualTo("(\"t\".\"Amount\" * 2)");
    }

    @Test
    void render_literalsAndOperators_areInlinedPostgresSql() {
        Plan p = plan("select case when status = 'it''s' then amount::int else -1 end from orders", "x");

        assertThat(new Expressions(p.columns()).render(output(p, 0)))
                .isEqualTo("case when \"orders\".\"status\" = 'it''s'"
                        + " then cast(\"orders\".\"amount\" as int) else -1 end");
    }

    @Test
    void render_unresolvedReference_rendersAsWrittenAndReportsLeftover() {
        Field<?> f = DSL.using(SQLDialect.POSTGRES).parser().parseField("t.c + 1");
        List<QueryPart> leftover = new ArrayList<>();

        String sql = new Expressions(new ColumnResolver(new IdentityHashMap<>()))
                .render(f, Map.of(), Map.of(), leftover::add);

        assertThat(sql).isEqualTo("(t.c + 1)");
        assertThat(leftover).hasSize(1);
    }

    @Test
    void render_byIdentity_replacesOnlyThatPart() {
        Plan p = plan("select sum(amount) + sum(amount) as x from orders", "x");
        Aggregate agg = (Aggregate) p.root();
        List<QueryPart> sites = agg.callSites().get(0);
        Map<QueryPart, String> byIdentity = new IdentityHashMap<>();
        byIdentity.put(sites.get(0), "s.first");

        String sql = new Expressions(p.columns()).render(agg.outputs().get(0).expression(), byIdentity, Map.of(), null);

        assertThat(agg.calls()).hasSize(1);
        assertThat(sites).hasSize(2);
        assertThat(sql).isEqualTo("(s.first + sum(\"orders\".\"amount\"))");
    }

    @Test
    void render_byText_replacesEveryPartWithThatCanonicalText() {
        Plan p = plan("select lower(o.status) || lower(status) as x from orders o", "x");

        String sql = new Expressions(p.columns()).render(output(p, 0), Map.of(),
                Map.of("lower(\"o\".\"status\")", "g.k"), null);

        assertThat(sql).isEqualTo("(g.k || g.k)");
    }

    @Test
    void render_byText_prefersOutermostMatchingPart() {
        Plan p = plan("select lower(status) from orders", "x");

        String sql = new Expressions(p.columns()).render(output(p, 0), Map.of(),
                Map.of("lower(\"orders\".\"status\")", "outer", "\"orders\".\"status\"", "inner"), null);

        assertThat(sql).isEqualTo("outer");
    }

    @Test
    void render_replacementText_isNotRewrittenAgain() {
        Plan p = plan("select status from orders", "x");

        String sql = new Expressions(p.columns()).render(output(p, 0), Map.of(),
                Map.of("\"orders\".\"status\"", "\"orders\".\"status\""), null);

        assertThat(sql).isEqualTo("\"orders\".\"status\"");
    }

    @Test
    void render_resolvedColumnNotReplaced_isLeftover() {
        Plan p = plan("select coalesce(lower(status), note) from orders", "x");
        List<QueryPart> leftover = new ArrayList<>();

        String sql = new Expressions(p.columns()).render(output(p, 0), Map.of(),
                Map.of("lower(\"orders\".\"status\")", "k"), leftover::add);

        assertThat(sql).isEqualTo("coalesce(k, \"orders\".\"note\")");
        assertThat(leftover).extracting(part -> p.columns().resolve(part))
                .containsExactly(new ColumnRef("orders", "note"));
    }

    @Test
    void render_replacedColumn_isNotLeftover() {
        Plan p = plan("select lower(status) from orders", "x");
        List<QueryPart> leftover = new ArrayList<>();

        new Expressions(p.columns()).render(output(p, 0), Map.of(), Map.of("\"orders\".\"status\"", "k"),
                leftover::add);

        assertThat(leftover).isEmpty();
    }

    @Test
    void render_twice_isStable() {
        Plan p = plan("select coalesce(note, status, 'none') from orders", "x");
        Expressions x = new Expressions(p.columns());

        assertThat(x.render(output(p, 0))).isEqualTo(x.render(output(p, 0)))
                .isEqualTo("coalesce(\"orders\".\"note\", \"orders\".\"status\", 'none')");
    }
}

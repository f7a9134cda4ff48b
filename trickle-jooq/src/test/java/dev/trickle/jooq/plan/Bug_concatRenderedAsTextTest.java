package dev.trickle.jooq.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.jooq.Catalog;
import org.junit.jupiter.api.Test;

/**
 * Bug: jOOQ renders {@code ||} with every operand cast to {@code varchar}, so the storage query and the delta
 * statement computed {@code jsonb || jsonb} (merge) and {@code text[] || text[]} (array concatenation) as text
 * concatenation: another type and another value than the defining query.
 */
class Bug_concatRenderedAsTextTest {
    private static final Catalog DB = Catalog.of(
            Catalog.table("docs", "id int pk", "tags text[]", "doc jsonb", "n int", "s text"));

    private static String storageQuery(String sql, String... outputs) {
        return DB.query(sql).outputs(outputs).compile().storageQuery();
    }

    @Test
    void storageQuery_jsonbConcatenation_staysJsonbConcatenation() {
        assertThat(storageQuery("select id, doc || '{\"a\":1}'::jsonb as j from docs", "id", "j jsonb"))
                .contains("(\"docs\".\"doc\" || cast('{\"a\":1}' as jsonb)) AS \"j\"")
                .doesNotContain("varchar");
    }

    @Test
    void storageQuery_arrayConcatenation_staysArrayConcatenation() {
        assertThat(storageQuery("select id, tags || array['x'] as t, tags || 'y' as u from docs",
                        "id", "t text[]", "u text[]"))
                .contains("(\"docs\".\"tags\" || array['x']) AS \"t\"")
                .contains("(\"docs\".\"tags\" || 'y') AS \"u\"");
    }

    @Test
    void differentialSql_concatenation_isRenderedAsWrittenInDeltaToo() {
        String sql = DB.query("select id, s || n || '!' as x from docs").outputs("id", "x").differentialSql(7);

        assertThat(sql).contains("((\"docs\".\"s\" || \"docs\".\"n\") || '!') AS \"x\"").doesNotContain("varchar");
    }

    @Test
    void render_concatenationInGroupKey_isReplacedAsAWhole() {
        String sql = DB.query("select s || 'x' as k, count(*) as c from docs group by s || 'x'")
                .outputs("k", "c bigint").differentialSql(7);

        assertThat(sql).contains("(\"docs\".\"s\" || 'x') AS \"__pgt_g1\"")
                .contains("\"__pgt_s\".\"__pgt_g1\" AS \"k\"");
    }
}

package dev.trickle.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshMode;
import dev.trickle.UnsupportedQueryException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link QueryCompiler#compile(dev.trickle.jooq.model.CompileRequest, dev.trickle.jooq.model.Facts)}: one compile
 * asks the server once, uses the answer, and leaves nothing to translate again when the statement is rendered.
 */
class CompileOnceTest {
    private final QueryCompiler compiler = new QueryCompiler();

    @Test
    void compile_joinWithBigintKey_asksTheKeyProbeOnceAndHashesTheAnswerLosslessly() {
        List<String> asked = new ArrayList<>();
        CompiledStreamTable compiled = Shop.query("select o.id, c.name from orders o join customers c"
                        + " on c.id = o.customer_id").outputs("id integer", "name text")
                .compile(query -> {
                    asked.add(query);
                    return List.of("bigint", "integer");
                });

        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).startsWith("SELECT \"o\".\"id\" AS \"__pgt_k1\", \"c\".\"id\" AS \"__pgt_k2\" FROM");
        assertThat(compiled.keyTypes()).containsExactly("bigint", "integer");
        assertThat(compiled.storageQuery()).contains("hash_record_extended(ROW(int8send(\"o\".\"id\"), \"c\".\"id\"), 0)");
        assertThat(compiler.differentialSql(compiled, 7)).contains("int8send(\"o\".\"id\")");
    }

    @Test
    void compile_serverCannotTellTheTypes_hashesKeysAsThemselves() {
        CompiledStreamTable compiled = Shop.query("select id from orders").outputs("id integer")
                .compile(query -> List.of());

        assertThat(compiled.storageQuery()).contains("hash_record_extended(ROW(\"orders\".\"id\"), 0)");
    }

    @Test
    void compile_scalarAggregate_hasNoKeysAndAsksNothing() {
        List<String> asked = new ArrayList<>();
        Shop.query("select count(*) as n from orders").outputs("n bigint").compile(query -> {
            asked.add(query);
            return List.of();
        });

        assertThat(asked).isEmpty();
    }

    @Test
    void compile_queryOutsideTheDifferentialSetInAuto_fallsBackWithoutAsking() {
        List<String> asked = new ArrayList<>();
        CompiledStreamTable compiled = Shop.query("select distinct on (customer_id) customer_id from orders")
                .outputs("customer_id integer").mode(RefreshMode.AUTO).compile(query -> {
                    asked.add(query);
                    return List.of();
                });

        assertThat(asked).isEmpty();
        assertThat(compiled.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(compiled.differential()).isNull();
        assertThatThrownBy(() -> compiler.differentialSql(compiled, 7)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void compile_differentialModeOutsideTheSet_refusesWithTheReason() {
        assertThatThrownBy(() -> Shop.query("select distinct on (customer_id) customer_id from orders").outputs("customer_id integer")
                .mode(RefreshMode.DIFFERENTIAL).compile(query -> List.of()))
                .isInstanceOf(UnsupportedQueryException.class);
    }

    @Test
    void differentialSql_twoIds_differOnlyInTheirWindows() {
        CompiledStreamTable compiled = Shop.query("select o.id, c.name from orders o join customers c"
                + " on c.id = o.customer_id").outputs("id integer", "name text").compile(query -> List.of());

        String seven = compiler.differentialSql(compiled, 7);
        String eight = compiler.differentialSql(compiled, 8);

        assertThat(seven.replace("f.pgt_id = 7 ", "f.pgt_id = 8 ")).isEqualTo(eight);
        assertThat(seven.split("pg_visible_in_snapshot", -1)).as("one window per changed source").hasSize(3);
    }

    @Test
    void differentialSql_afterApply_isWrittenBeforeTheFinalSelect() {
        CompiledStreamTable compiled = Shop.query("select id from orders").outputs("id integer").compile();

        assertThat(compiler.differentialSql(compiled, 7, "\"h\" AS (SELECT 1)"))
                .contains("),\n\"h\" AS (SELECT 1)\nSELECT \"inserted\", \"updated\", \"deleted\" FROM \"__pgt_counts\"");
        assertThat(compiler.fullRefreshSql(compiled, "\"h\" AS (SELECT 1)"))
                .contains("),\n\"h\" AS (SELECT 1)\nSELECT \"inserted\"");
    }
}

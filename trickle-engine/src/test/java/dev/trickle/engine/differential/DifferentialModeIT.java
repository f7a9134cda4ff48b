package dev.trickle.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshAction;
import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTable;
import dev.trickle.StreamTableInUseException;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.UnsupportedQueryException;
import dev.trickle.testkit.StreamTableOracle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How AUTO and DIFFERENTIAL choose, and what refreshes do in the differential path. */
class DifferentialModeIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    private static void tables(DSLContext dsl, String suffix) {
        dsl.execute("CREATE TABLE IF NOT EXISTS dept_" + suffix + " (id int PRIMARY KEY, name text)");
        dsl.execute("CREATE TABLE IF NOT EXISTS emp_" + suffix
                + " (id int PRIMARY KEY, dept_id int, salary numeric(10,2), name text)");
        dsl.execute("INSERT INTO dept_" + suffix + " SELECT i, 'd' || i FROM generate_series(1, 5) i"
                + " ON CONFLICT DO NOTHING");
        dsl.execute("INSERT INTO emp_" + suffix + " SELECT i, 1 + i % 5, 1000 + i, 'e' || i FROM generate_series(1, 200) i"
                + " ON CONFLICT DO NOTHING");
    }

    @Test
    void auto_joinAggregate_refreshesDifferentially(Trickle engine, DSLContext dsl) {
        tables(dsl, "a");
        String query = "SELECT d.name, count(*) AS n, sum(e.salary) AS total, avg(e.salary) AS mean"
                + " FROM emp_a e JOIN dept_a d ON d.id = e.dept_id GROUP BY d.name";
        StreamTable st = engine.createStreamTable("st_auto", query);
        assertThat(st.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(st.fallbackReason()).isNull();

        dsl.execute("UPDATE emp_a SET dept_id = 2 WHERE id = 1");
        dsl.execute("UPDATE dept_a SET name = 'renamed' WHERE id = 3");
        RefreshResult r = engine.refresh("st_auto");

        assertThat(r.action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "st_auto", query);
        assertThat(engine.refresh("st_auto").action()).isEqualTo(RefreshAction.NO_DATA);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT DISTINCT ON (dept_id) dept_id, id FROM emp_u                         | DISTINCT ON",
        "SELECT dept_id, corr(salary, id) AS c FROM emp_u GROUP BY dept_id           | corr",
        "SELECT id, row_number() OVER (ORDER BY id) AS rn FROM emp_u                 | window function",
        "SELECT count(*) AS n FROM emp_u UNION ALL SELECT id FROM dept_u             | an aggregate or GROUP BY inside a branch",
        "SELECT id FROM emp_u WHERE (dept_id IN (SELECT id FROM dept_u)) IS NOT TRUE | IN (subquery) inside an expression",
        "SELECT id, random() AS r FROM emp_u                                         | volatile",
        "SELECT id, unnest(ARRAY[id, dept_id]) AS x FROM emp_u                       | set-returning function",
        "SELECT id FROM emp_u LIMIT 5                                                | LIMIT",
        "WITH RECURSIVE t AS (SELECT id FROM emp_u) SELECT id FROM t                 | WITH RECURSIVE",
    })
    void unsupportedConstruct_autoFallsBackToFull_differentialRefuses(String query, String construct,
            Trickle engine, DSLContext dsl) {
        tables(dsl, "u");
        String name = "st_u" + Math.abs(query.hashCode());
        long relations = (Long) dsl.fetchValue("SELECT count(*) FROM pg_class");

        assertThatThrownBy(() -> engine.createStreamTable(
                        StreamTableSpec.builder(name, query).mode(RefreshMode.DIFFERENTIAL).build()))
                .isInstanceOf(UnsupportedQueryException.class)
                .hasMessageContaining(construct)
                .satisfies(e -> assertThat(((UnsupportedQueryException) e).fragment()).isNotBlank());
        assertThat(dsl.fetchValue("SELECT count(*) FROM pg_class")).isEqualTo(relations);
        assertThat(engine.streamTable(name)).isEmpty();

        StreamTable st = engine.createStreamTable(name, query);
        assertThat(st.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(st.fallbackReason()).contains(construct);
        dsl.execute("UPDATE emp_u SET salary = salary + 1 WHERE id < 5");
        assertThat(engine.refresh(name).action()).isEqualTo(RefreshAction.FULL);
        engine.drop(name);
    }

    @Test
    void truncate_forcesFullRefreshWithReason(Trickle engine, DSLContext dsl) {
        tables(dsl, "t");
        String query = "SELECT dept_id, count(*) AS n FROM emp_t GROUP BY dept_id";
        engine.createStreamTable(StreamTableSpec.builder("st_trunc", query).mode(RefreshMode.DIFFERENTIAL).build());

        dsl.execute("TRUNCATE emp_t");
        dsl.execute("INSERT INTO emp_t VALUES (1, 1, 10, 'x')");
        RefreshResult r = engine.refresh("st_trunc");

        assertThat(r.action()).isEqualTo(RefreshAction.FULL);
        assertThat(r.reason()).contains("truncated");
        StreamTableOracle.assertMatchesRecompute(dsl, "st_trunc", query);
    }

    @Test
    void largeChange_switchesToFullWithReason(Trickle engine, DSLContext dsl) {
        tables(dsl, "l");
        dsl.execute("ANALYZE emp_l");
        String query = "SELECT id, salary * 2 AS double_salary FROM emp_l WHERE dept_id <> 3";
        engine.createStreamTable(StreamTableSpec.builder("st_large", query).mode(RefreshMode.DIFFERENTIAL).build());

        dsl.execute("UPDATE emp_l SET salary = salary + 1");
        RefreshResult r = engine.refresh("st_large");

        assertThat(r.action()).isEqualTo(RefreshAction.FULL);
        assertThat(r.reason()).contains("threshold");
        StreamTableOracle.assertMatchesRecompute(dsl, "st_large", query);
        assertThat(dsl.fetchValue("SELECT reason FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables s"
                + " USING (pgt_id) WHERE s.pgt_name = 'st_large' ORDER BY refresh_id DESC LIMIT 1").toString())
                .contains("threshold");
    }

    @Test
    void streamTableOnStreamTable_refreshesDifferentially(Trickle engine, DSLContext dsl) {
        tables(dsl, "s");
        String lower = "SELECT e.id, e.dept_id, e.salary FROM emp_s e WHERE e.salary > 1050";
        String upper = "SELECT dept_id, count(*) AS n, sum(salary) AS total FROM st_lower GROUP BY dept_id";
        engine.createStreamTable(StreamTableSpec.builder("st_lower", lower).mode(RefreshMode.DIFFERENTIAL).build());
        StreamTable top = engine.createStreamTable(
                StreamTableSpec.builder("st_upper", upper).mode(RefreshMode.DIFFERENTIAL).build());
        assertThat(top.sources()).extracting(Object::toString).containsExactly("public.st_lower");

        dsl.execute("UPDATE emp_s SET salary = 2000 WHERE id <= 6");
        dsl.execute("UPDATE emp_s SET dept_id = 4 WHERE id = 120");
        dsl.execute("DELETE FROM emp_s WHERE id BETWEEN 100 AND 103");
        RefreshResult lowerResult = engine.refresh("st_lower");
        assertThat(lowerResult.action()).as("%s", lowerResult).isEqualTo(RefreshAction.DIFFERENTIAL);
        RefreshResult upperResult = engine.refresh("st_upper");
        assertThat(upperResult.action()).as("%s", upperResult).isEqualTo(RefreshAction.DIFFERENTIAL);

        StreamTableOracle.assertMatchesRecompute(dsl, "st_lower", lower);
        StreamTableOracle.assertMatchesRecompute(dsl, "st_upper", upper);
        assertThatThrownBy(() -> engine.drop("st_lower")).isInstanceOf(StreamTableInUseException.class)
                .hasMessageContaining("st_upper");
        engine.drop("st_upper");
        engine.drop("st_lower");
    }

    @Test
    void quotedMixedCaseIdentifiers_workDifferentially(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE SCHEMA \"Sales Data\"");
        dsl.execute("CREATE TABLE \"Sales Data\".\"Order Lines\" (\"Line Id\" int PRIMARY KEY, \"Product\" text,"
                + " \"Qty\" int, \"weird\"\"col\" int)");
        dsl.execute("INSERT INTO \"Sales Data\".\"Order Lines\" SELECT i, 'p' || (i % 4), i, i FROM generate_series(1, 40) i");
        String query = "SELECT l.\"Product\", sum(l.\"Qty\") AS \"Total Qty\", count(l.\"weird\"\"col\") AS \"n\"\"x\""
                + " FROM \"Sales Data\".\"Order Lines\" l GROUP BY l.\"Product\"";
        StreamTable st = engine.createStreamTable(
                StreamTableSpec.builder("\"Sales Data\".\"Product Totals\"", query).mode(RefreshMode.DIFFERENTIAL).build());
        assertThat(st.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);

        dsl.execute("UPDATE \"Sales Data\".\"Order Lines\" SET \"Product\" = 'p9', \"weird\"\"col\" = NULL"
                + " WHERE \"Line Id\" < 10");
        assertThat(engine.refresh("\"Sales Data\".\"Product Totals\"").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "\"Sales Data\".\"Product Totals\"", query);
    }

    @Test
    void sharedSource_captureStaysUntilLastReaderIsDropped(Trickle engine, DSLContext dsl) {
        tables(dsl, "c");
        engine.createStreamTable("st_c1", "SELECT id, salary FROM emp_c WHERE dept_id = 1");
        engine.createStreamTable("st_c2", "SELECT dept_id, count(*) AS n FROM emp_c GROUP BY dept_id");
        String triggers = "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'emp_c'::regclass AND NOT tgisinternal";
        assertThat(dsl.fetchValue(triggers)).isEqualTo(4L);

        engine.drop("st_c1");
        assertThat(dsl.fetchValue(triggers)).isEqualTo(4L);
        dsl.execute("INSERT INTO emp_c VALUES (1000, 2, 5, 'late')");
        assertThat(engine.refresh("st_c2").action()).isEqualTo(RefreshAction.DIFFERENTIAL);
        StreamTableOracle.assertMatchesRecompute(dsl, "st_c2", "SELECT dept_id, count(*) AS n FROM emp_c GROUP BY dept_id");

        engine.drop("st_c2");
        assertThat(dsl.fetchValue(triggers)).isEqualTo(0L);
        assertThat(dsl.fetchValue("SELECT count(*) FROM pg_class WHERE relnamespace = 'pgtrickle_changes'::regnamespace"))
                .isEqualTo(0L);
    }
}

package dev.trickle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.trickle.bench.tpch.TpchQuery;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void parse_noTpchOption_leavesTpchOffWithItsDefaults() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.tpch()).isFalse();
        assertThat(options.tpchScale()).isEqualTo(0.1);
        assertThat(options.tpchCycles()).isEqualTo(5);
    }

    @Test
    void parse_tpchWithScaleAndCycles_readsThem() {
        BenchOptions options = BenchOptions.parse("--tpch", "--tpch-scale", "0.5", "--tpch-cycles", "3");

        assertThat(options.tpch()).isTrue();
        assertThat(options.tpchScale()).isEqualTo(0.5);
        assertThat(options.tpchCycles()).isEqualTo(3);
    }

    @Test
    void parse_tpchQueries_readsThemInTheirOrder() {
        BenchOptions options = BenchOptions.parse("--tpch", "--tpch-queries", "q21,Q17");

        assertThat(options.tpchQueries()).containsExactly(TpchQuery.Q21, TpchQuery.Q17);
        assertThat(BenchOptions.parse("--tpch").tpchQueries()).isEmpty();
    }

    @Test
    void parse_tpchScaleBelowTheGeneratorsMinimum_isRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--tpch", "--tpch-scale", "0.0005"))
                .withMessageContaining("tpch scale");
    }

    @Test
    void parse_tpchScaleWithoutValue_isRefusedWithUsage() {
        assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--tpch-scale"))
                .withMessageContaining("--tpch-scale needs a value").withMessageContaining("--tpch-cycles");
    }
}

package dev.trickle.engine.differential;

import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/**
 * Aggregate properties over one table {@link #T} with a NULL-able group key {@code g} of few values, so groups fill,
 * empty and refill, besides {@link ShopProperties}' joined tables.
 */
abstract class AggregateProperties extends ShopProperties {
    /** The grouped table: {@code g} groups; {@code v}, {@code n} and {@code s} are aggregated, the last two NULL-able. */
    static final TableSpec T = TableSpec.of("t").key("id", 12)
            .intColumn("g", 0, 3).nullable()
            .numericColumn("v", -3, 6)
            .intColumn("n", 0, 5).nullable()
            .textColumn("s", 1).nullable();

    @Provide
    Arbitrary<List<Row>> rows() {
        return T.rows(10);
    }

    @Provide
    Arbitrary<List<DmlBatch>> batches() {
        return DmlArbitraries.batches(T).list().ofSize(BATCHES);
    }
}

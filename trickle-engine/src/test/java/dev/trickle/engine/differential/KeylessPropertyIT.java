package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;
import static dev.trickle.engine.differential.Sources.CUSTOMERS;

import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Tables without a primary key: rows identified by their content, counted when equal. Tiny domains make many rows
 * equal (ids repeat, and {@code 1}, {@code 1.0} and {@code 1.00} are equal numbers that read differently); updates
 * make rows equal and different again; most updates and deletes change one of several matching rows; every read
 * column may be NULL.
 */
class KeylessPropertyIT extends DifferentialProperties {
    /** Tries per property: 25 tries of {@link #BATCHES} (8) batches are 200 random batches, 1,200 over the six. */
    static final int KEYLESS_TRIES = 25;

    /** A keyless table: ids 1..3 repeat; {@code g} joins {@link Sources#CUSTOMERS}. */
    static final TableSpec K = TableSpec.of("k").key("id", 3)
            .intColumn("g", 0, 2).nullable()
            .numericColumn("v", 0, 1).nullable()
            .textColumn("s", 1).nullable()
            .withoutPrimaryKey();

    @Provide
    Arbitrary<List<Row>> rows() {
        return K.rows(12);
    }

    @Provide
    Arbitrary<List<Row>> customers() {
        return CUSTOMERS.rows(5);
    }

    @Provide
    Arbitrary<List<DmlBatch>> batches() {
        return DmlArbitraries.batches(K).list().ofSize(BATCHES);
    }

    @Provide
    Arbitrary<List<DmlBatch>> withCustomers() {
        return DmlArbitraries.batches(K, CUSTOMERS).list().ofSize(BATCHES);
    }

    @Property(tries = KEYLESS_TRIES, seed = "7601")
    void scan_duplicatesAndNulls_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT * FROM k", List.of(new Source(K, rows)), batches);
    }

    @Property(tries = KEYLESS_TRIES, seed = "7602")
    void projectSomeColumns_updatesOfOthersCancel_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT g, v * 2 AS v2, s FROM k WHERE g IS DISTINCT FROM 2",
                List.of(new Source(K, rows)), batches);
    }

    @Property(tries = KEYLESS_TRIES, seed = "7603")
    void joinedToKeyedTable_matchesRecompute(@ForAll("rows") List<Row> rows, @ForAll("customers") List<Row> customers,
            @ForAll("withCustomers") List<DmlBatch> batches) {
        check(trickle, "SELECT c.name, c.region, k.v, k.s FROM k JOIN customers c ON c.id = k.g",
                List.of(new Source(K, rows), new Source(CUSTOMERS, customers)), batches);
    }

    @Property(tries = KEYLESS_TRIES, seed = "7604")
    void aggregate_matchesRecompute(@ForAll("rows") List<Row> rows, @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT g, count(*) AS n, sum(v) AS total, count(s) AS with_s, avg(id) AS mean_id FROM k GROUP BY g",
                List.of(new Source(K, rows)), batches);
    }

    @Property(tries = KEYLESS_TRIES, seed = "7605")
    void selfJoin_matchesRecompute(@ForAll("rows") List<Row> rows, @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT a.id, a.s, b.v FROM k a JOIN k b ON a.g = b.id", List.of(new Source(K, rows)),
                batches);
    }

    /** DISTINCT over a keyless table: a row stays while any of its duplicates does. */
    @Property(tries = KEYLESS_TRIES, seed = "7606")
    void distinct_duplicatesComeAndGo_matchesRecompute(@ForAll("rows") List<Row> rows,
            @ForAll("batches") List<DmlBatch> batches) {
        check(trickle, "SELECT DISTINCT id, g, v FROM k", List.of(new Source(K, rows)), batches);
    }
}

package dev.trickle.engine.differential;

import static dev.trickle.engine.differential.DifferentialRun.check;

import dev.trickle.engine.differential.DifferentialRun.Source;
import dev.trickle.testkit.DmlArbitraries;
import dev.trickle.testkit.DmlBatch;
import dev.trickle.testkit.Row;
import dev.trickle.testkit.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Joins of many tables, whose change is computed level by level (the change of the join of the tables after each one,
 * joined to that table; {@code InnerJoinDeltaRule}): a chain of 12 tables, each joined to the next by its key, a star
 * of a keyless fact table and 11 dimensions written as a comma join with {@code WHERE}, and a join of 10 inputs among
 * which a LEFT JOIN and a grouped relation, under an {@code EXISTS}. Past 12 tables the server plans the terms that
 * join a change to the tables after it with its genetic optimizer.
 *
 * <p>Every table starts with all of its ids, so most rows find their whole chain; a batch then deletes rows, moves
 * keys (to an id nothing references) and join columns (to another row, or to NULL in the nullable ones), so rows lose
 * and find their partners in several tables at once. Table {@code c7} and the fact table have no key: equal rows are
 * duplicates, and {@code c6}'s rows find several of {@code c7}'s.
 */
class ManyWayJoinPropertyIT extends DifferentialProperties {
    /**
     * Tries per property: a try loads 12 tables, so 7 tries of {@link #BATCHES} (8) batches each, 224 random batches
     * over the four properties of the construct (issue 10: at least 200), keep the class's time modest.
     */
    static final int MANY_TRIES = 7;
    /** The tables of the chain, {@code c1} to {@code c12}: {@code cᵢ.nx} joins {@code cᵢ₊₁.id}. */
    static final List<TableSpec> CHAIN = IntStream.rangeClosed(1, 12).mapToObj(ManyWayJoinPropertyIT::link).toList();
    /** The fact table of the star: {@code dⱼ} joins {@code sⱼ.id}; {@code d3} and {@code d8} may be NULL. */
    static final TableSpec FACT = fact();
    /** The dimensions of the star, {@code s1} to {@code s11}. */
    static final List<TableSpec> DIMENSIONS = IntStream.rangeClosed(1, 11)
            .mapToObj(j -> TableSpec.of("s" + j).key("id", 3).intColumn("v", 0, 2)).toList();

    private static TableSpec link(int i) {
        TableSpec t = TableSpec.of("c" + i).key("id", 3);
        if (i < 12) {
            t = t.intColumn("nx", 1, 3);
            if (i == 4 || i == 9) {
                t = t.nullable();
            }
        }
        t = t.intColumn("v", 0, 2);
        return i == 7 ? t.withoutPrimaryKey() : t;
    }

    private static TableSpec fact() {
        TableSpec t = TableSpec.of("f").key("id", 4);
        for (int j = 1; j <= 11; j++) {
            t = t.intColumn("d" + j, 1, 3);
            if (j == 3 || j == 8) {
                t = t.nullable();
            }
        }
        return t.withoutPrimaryKey();
    }

    /** Each keyed table with all its ids; a keyless one with 3 to 5 rows, ids repeating. */
    private static Arbitrary<List<Row>> full(TableSpec t) {
        if (t.keyless()) {
            return t.row().list().ofMinSize(3).ofMaxSize(5);
        }
        int ids = t.keyColumn().max() - t.keyColumn().min() + 1;
        return t.row().list().ofSize(ids).uniqueElements(r -> r.get(t.keyColumn().name()));
    }

    private static Arbitrary<List<List<Row>>> contents(List<TableSpec> tables) {
        return Combinators.combine(tables.stream().map(ManyWayJoinPropertyIT::full).toList()).as(ArrayList::new);
    }

    private static List<Source> sources(List<TableSpec> tables, List<List<Row>> rows) {
        return IntStream.range(0, tables.size()).mapToObj(i -> new Source(tables.get(i), rows.get(i))).toList();
    }

    private static List<TableSpec> star() {
        List<TableSpec> tables = new ArrayList<>(List.of(FACT));
        tables.addAll(DIMENSIONS);
        return tables;
    }

    @Provide
    Arbitrary<List<List<Row>>> chain() {
        return contents(CHAIN);
    }

    @Provide
    Arbitrary<List<DmlBatch>> chainBatches() {
        return DmlArbitraries.batches(CHAIN.toArray(TableSpec[]::new)).list().ofSize(BATCHES);
    }

    @Provide
    Arbitrary<List<List<Row>>> starRows() {
        return contents(star());
    }

    @Provide
    Arbitrary<List<DmlBatch>> starBatches() {
        return DmlArbitraries.batches(star().toArray(TableSpec[]::new)).list().ofSize(BATCHES);
    }

    /** The links after {@code c<from>}: {@code JOIN c<from+1> ON c<from+1>.id = c<from>.nx ... JOIN c<to> ON ...}. */
    private static String links(int from, int to) {
        return IntStream.rangeClosed(from + 1, to)
                .mapToObj(i -> " JOIN c" + i + " ON c" + i + ".id = c" + (i - 1) + ".nx").collect(Collectors.joining());
    }

    @Property(tries = MANY_TRIES, seed = "7901")
    void chainOfTwelve_anyBatches_matchesRecompute(@ForAll("chain") List<List<Row>> rows,
            @ForAll("chainBatches") List<DmlBatch> batches) {
        String values = IntStream.rangeClosed(1, 12).mapToObj(i -> "c" + i + ".v AS v" + i)
                .collect(Collectors.joining(", "));
        check(trickle, "SELECT c1.id AS id1, " + values + " FROM c1" + links(1, 12), sources(CHAIN, rows), batches);
        expectRowsChanged(15);
    }

    @Property(tries = MANY_TRIES, seed = "7902")
    void chainOfTwelveUnderGroupBy_anyBatches_matchesRecompute(@ForAll("chain") List<List<Row>> rows,
            @ForAll("chainBatches") List<DmlBatch> batches) {
        check(trickle, "SELECT c1.v AS g, count(*) AS n, sum(c12.v) AS total, max(c7.v) AS top, min(c4.nx) AS low"
                + " FROM c1" + links(1, 12) + " GROUP BY c1.v", sources(CHAIN, rows), batches);
        expectRowsChanged(15);
    }

    @Property(tries = MANY_TRIES, seed = "7903")
    void starOfTwelveCommaJoined_anyBatches_matchesRecompute(@ForAll("starRows") List<List<Row>> rows,
            @ForAll("starBatches") List<DmlBatch> batches) {
        String values = IntStream.rangeClosed(1, 11).mapToObj(j -> "s" + j + ".v AS v" + j)
                .collect(Collectors.joining(", "));
        String from = IntStream.rangeClosed(1, 11).mapToObj(j -> "s" + j).collect(Collectors.joining(", "));
        String where = IntStream.rangeClosed(1, 11).mapToObj(j -> "s" + j + ".id = f.d" + j)
                .collect(Collectors.joining(" AND "));
        check(trickle, "SELECT f.id, " + values + " FROM f, " + from + " WHERE " + where, sources(star(), rows),
                batches);
        expectRowsChanged(50);
    }

    /**
     * Ten inputs: a LEFT JOIN, a grouped relation and eight tables, under an {@code EXISTS}: a level reads the LEFT
     * JOIN's and the grouped relation's post-states and changes as it reads a table's.
     */
    @Property(tries = MANY_TRIES, seed = "7904")
    void tenInputsWithOuterJoinAndGroupedRelation_anyBatches_matchesRecompute(@ForAll("chain") List<List<Row>> rows,
            @ForAll("chainBatches") List<DmlBatch> batches) {
        check(trickle, """
                SELECT c1.id AS id1, c2.v AS v2, g.n, g.total, c4.v AS v4, c7.v AS v7, c11.v AS v11
                  FROM c1 LEFT JOIN c2 ON c2.id = c1.nx
                  JOIN (SELECT nx, count(*) AS n, sum(v) AS total FROM c3 GROUP BY nx) g ON g.nx = c1.id
                  JOIN c4 ON c4.id = c1.nx%s
                 WHERE EXISTS (SELECT 1 FROM c12 WHERE c12.id = c11.nx AND c12.v > 0)"""
                .formatted(links(4, 11)), sources(CHAIN, rows), batches);
        expectRowsChanged(15);
    }

    /**
     * Enough refreshes change the stream table that a wrong term would show: a whole chain of 12 rows breaks easily
     * (a delete, a key moved), so about one refresh in four of the chains changes it, and most of the star's.
     */
    private static void expectRowsChanged(int percent) {
        Statistics.label(DifferentialRun.ROWS_CHANGED).coverage(c -> c.check(true).percentage(p -> p >= percent));
    }
}

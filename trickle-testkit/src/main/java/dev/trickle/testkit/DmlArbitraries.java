package dev.trickle.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * jqwik arbitraries for changes to {@link TableSpec}s: statements, transactions and batches. They are built from
 * jqwik's combinators only (no {@code flatMap}, no filters besides unique ids), so a failing batch shrinks to fewer
 * transactions, fewer statements, fewer rows and smaller values.
 *
 * <pre>{@code
 * @Provide Arbitrary<List<DmlBatch>> batches() {
 *     return DmlArbitraries.batches(BatchShape.DEFAULT, ORDERS, CUSTOMERS).list().ofSize(4);
 * }
 * }</pre>
 *
 * <p>Statements are valid on any contents (see {@link Dml}); ids are drawn from the key's range and one past it,
 * so updates and deletes hit existing rows, missing rows and (with a column condition) many rows.
 */
public final class DmlArbitraries {
    private DmlArbitraries() {}

    /**
     * Generates statements on one table: inserts and upserts of 1 to 3 rows, updates of value columns (to any
     * value of their domain, NULL included), updates of the key, and deletes.
     *
     * @param table the table
     * @return the arbitrary
     */
    public static Arbitrary<Dml> statements(TableSpec table) {
        return statements(table, BatchShape.DEFAULT);
    }

    /**
     * Generates statements on one table, as {@code shape} allows ({@code TRUNCATE}, insert sizes).
     *
     * @param table the table
     * @param shape the batch shape
     * @return the arbitrary
     */
    public static Arbitrary<Dml> statements(TableSpec table, BatchShape shape) {
        List<Tuple.Tuple2<Integer, Arbitrary<Dml>>> choices = new ArrayList<>();
        choices.add(Tuple.of(8, insert(table, shape.maxInsertRows())));
        if (!table.valueColumns().isEmpty()) {
            choices.add(Tuple.of(8, update(table)));
        }
        choices.add(Tuple.of(2, updateKey(table)));
        choices.add(Tuple.of(4, where(table).map(w -> (Dml) new Dml.Delete(table, w))));
        if (shape.truncates()) {
            choices.add(Tuple.of(1, Arbitraries.just(new Dml.Truncate(table))));
        }
        return Arbitraries.frequencyOf(choices);
    }

    /**
     * Generates transactions over some tables, in the shapes {@code shape} allows (never {@link
     * Transaction.End#HELD}: {@link #batches} adds that).
     *
     * @param shape the batch shape
     * @param tables the tables; each statement picks one
     * @return the arbitrary
     */
    public static Arbitrary<Transaction> transactions(BatchShape shape, TableSpec... tables) {
        Arbitrary<List<Dml>> some = statementLists(shape, 1, tables);
        Arbitrary<List<Dml>> maybe = statementLists(shape, 0, tables);
        List<Tuple.Tuple2<Integer, Arbitrary<Transaction>>> choices = new ArrayList<>();
        choices.add(Tuple.of(8, some.map(Transaction::committed)));
        if (shape.rollbacks()) {
            choices.add(Tuple.of(1, some.map(Transaction::rolledBack)));
        }
        if (shape.savepoints()) {
            Arbitrary<Transaction> withSavepoint = Combinators.combine(maybe, some, maybe,
                            Arbitraries.of(Transaction.Savepoint.ROLLED_BACK, Transaction.Savepoint.RELEASED),
                            shape.rollbacks()
                                    ? Arbitraries.frequency(Tuple.of(4, Transaction.End.COMMIT),
                                            Tuple.of(1, Transaction.End.ROLLBACK))
                                    : Arbitraries.just(Transaction.End.COMMIT))
                    .as((before, in, after, savepoint, end) -> new Transaction(before, savepoint, in, after, end));
            choices.add(Tuple.of(3, withSavepoint));
        }
        return Arbitraries.frequencyOf(choices);
    }

    /**
     * Generates batches in the {@link BatchShape#DEFAULT default shape}.
     *
     * @param tables the tables; each statement picks one
     * @return the arbitrary
     */
    public static Arbitrary<DmlBatch> batches(TableSpec... tables) {
        return batches(BatchShape.DEFAULT, tables);
    }

    /**
     * Generates batches: 1 to {@code shape.maxTransactions()} transactions and, if the shape allows, in about one
     * batch of five a last transaction held open across the next refresh. (An empty batch, {@code DmlBatch.of()},
     * is never generated: tests that want one write it.)
     *
     * @param shape the batch shape
     * @param tables the tables; each statement picks one
     * @return the arbitrary
     */
    public static Arbitrary<DmlBatch> batches(BatchShape shape, TableSpec... tables) {
        Arbitrary<List<Transaction>> transactions =
                transactions(shape, tables).list().ofMinSize(1).ofMaxSize(shape.maxTransactions())
                        .withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<Optional<Transaction>> held = shape.held()
                ? held(shape, tables).optional(0.2)
                : Arbitraries.just(Optional.empty());
        return Combinators.combine(transactions, held).as((list, last) -> {
            List<Transaction> all = new ArrayList<>(list);
            last.ifPresent(all::add);
            return new DmlBatch(all);
        });
    }

    private static Arbitrary<List<Dml>> statementLists(BatchShape shape, int min, TableSpec... tables) {
        return anyTable(shape, tables).list().ofMinSize(min).ofMaxSize(shape.maxStatements())
                .withSizeDistribution(RandomDistribution.uniform());
    }

    /** A committing transaction shape, savepoints included, turned into a held one; never a TRUNCATE. */
    private static Arbitrary<Transaction> held(BatchShape shape, TableSpec... tables) {
        return transactions(shape.withRollbacks(false).withTruncates(false), tables)
                .map(t -> new Transaction(t.before(), t.savepoint(), t.inSavepoint(), t.after(), Transaction.End.HELD));
    }

    private static Arbitrary<Dml> anyTable(BatchShape shape, TableSpec... tables) {
        if (tables.length == 0) {
            throw new IllegalArgumentException("no tables to change");
        }
        List<Arbitrary<Dml>> each = new ArrayList<>();
        for (TableSpec t : tables) {
            each.add(statements(t, shape));
        }
        return each.size() == 1 ? each.get(0) : Arbitraries.oneOf(each);
    }

    private static Arbitrary<Dml> insert(TableSpec table, int maxRows) {
        String key = table.keyColumn().name();
        var drawn = table.row().list().ofMinSize(1).ofMaxSize(maxRows).withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(table.keyless() ? drawn : drawn.uniqueElements(r -> r.get(key)),
                        Arbitraries.frequency(Tuple.of(2, Dml.OnConflict.DO_NOTHING),
                                Tuple.of(1, Dml.OnConflict.DO_UPDATE)))
                .as((rows, onConflict) -> new Dml.Insert(table, rows, onConflict));
    }

    /** One column always assigned, each other one in about one case of four. */
    private static Arbitrary<Dml> update(TableSpec table) {
        List<ColumnSpec> columns = table.valueColumns();
        Arbitrary<List<@Nullable Object>> values = Combinators.combine(columns.stream().map(ColumnSpec::values).toList())
                .as(list -> list);
        Arbitrary<List<Boolean>> alsoAssigned = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true)).list()
                .ofSize(columns.size());
        return Combinators.combine(ColumnSpec.uniform(0, columns.size() - 1), values, alsoAssigned,
                        where(table))
                .as((first, vals, also, where) -> {
                    Map<String, @Nullable Object> set = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        if (i == first || also.get(i)) {
                            set.put(columns.get(i).name(), vals.get(i));
                        }
                    }
                    return new Dml.Update(table, set, where);
                });
    }

    private static Arbitrary<Dml> updateKey(TableSpec table) {
        return Combinators.combine(id(table), id(table)).as((from, to) -> new Dml.UpdateKey(table, from, to));
    }

    /** An id of the key's range or one past it (a row that never exists). */
    private static Arbitrary<Integer> id(TableSpec table) {
        ColumnSpec key = table.keyColumn();
        return ColumnSpec.uniform(key.min(), key.max() + 1);
    }

    /**
     * Mostly one row by id; otherwise a comparison on any column, which may match many rows or none. In a table
     * without a primary key, ids repeat, and most conditions change only one of the rows they match.
     */
    static Arbitrary<Dml.Where> where(TableSpec table) {
        List<ColumnSpec> columns = table.columns();
        Arbitrary<List<@Nullable Object>> values = Combinators.combine(columns.stream().map(ColumnSpec::values).toList())
                .as(list -> list);
        Arbitrary<Dml.Where> byColumn = Combinators.combine(ColumnSpec.uniform(0, columns.size() - 1),
                        values, Arbitraries.of(Dml.Where.Op.class))
                .as((i, vals, op) -> {
                    Object value = vals.get(i);
                    return new Dml.Where(columns.get(i).name(), value == null ? Dml.Where.Op.EQ : op, value);
                });
        Arbitrary<Dml.Where> byId = id(table).map(id -> Dml.Where.key(table, id));
        if (table.keyless()) {
            return Arbitraries.frequencyOf(Tuple.of(3, byId.map(Dml.Where::one)), Tuple.of(2, byId),
                    Tuple.of(2, byColumn.map(Dml.Where::one)), Tuple.of(1, byColumn));
        }
        return Arbitraries.frequencyOf(Tuple.of(5, byId), Tuple.of(2, byColumn));
    }
}

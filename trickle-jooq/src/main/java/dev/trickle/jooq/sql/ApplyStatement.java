package dev.trickle.jooq.sql;

import static dev.trickle.jooq.sql.Sql.col;
import static dev.trickle.jooq.sql.SqlNames.ROW_ID;

import dev.trickle.jooq.model.OutputColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The one statement that applies a refresh, for every top operator: the changed sources' windows, the operator's
 * net changes, and the data-modifying CTEs that write them to the storage table and count them.
 *
 * <p>The net changes are a relation {@code __pgt_d} with one row per row identity that changes: the new values of
 * every storage column, the identity, and an action, {@code I} (insert), {@code U} (update) or {@code D} (delete).
 * The apply CTEs see one snapshot, and no identity is both deleted and inserted, so their order does not matter. The
 * update skips rows whose values are not distinct from the stored ones: only rows that really change are written,
 * so triggers on the storage table (which feed stream tables that read this one) see exactly the difference.
 *
 * <p>The statement ends in the one-row relation {@code __pgt_counts(inserted, updated, deleted)}, which the engine's
 * bookkeeping CTEs, written after the apply, may read; the statement returns it.
 */
public final class ApplyStatement {
    /** Name of the net-change relation the apply reads. */
    public static final String CHANGES = "__pgt_d";
    /** Name of its action column. */
    public static final String ACTION = "__pgt_action";
    /** Name of the one-row relation of the apply's counts: inserted, updated, deleted. */
    public static final String COUNTS = "__pgt_counts";

    private ApplyStatement() {}

    /**
     * A captured source as a delta reads it: the columns its change relation carries.
     *
     * @param oid the source
     * @param columns the source columns to carry, besides the weight
     */
    public record ChangedSource(long oid, List<String> columns) {
        /**
         * Copies the columns.
         *
         * @param oid the source
         * @param columns the source columns to carry, besides the weight
         */
        public ChangedSource {
            columns = List.copyOf(columns);
        }
    }

    /**
     * Names the relation of a source's changes in the window, which delta terms read under the scan's alias.
     *
     * @param sourceOid the source
     * @return the CTE's name
     */
    public static String changesOf(long sourceOid) {
        return "__pgt_changes_" + sourceOid;
    }

    /**
     * Writes the differential statement.
     *
     * @param storage the storage table
     * @param columns every storage column except {@code __pgt_row_id}, in order
     * @param window which buffer rows this refresh applies
     * @param sources the sources whose changes the net changes read
     * @param netChanges the CTEs that compute the net changes, the last named {@link #CHANGES}
     * @param afterApply more CTEs, which may read {@link #COUNTS}, or empty
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public static String differential(Name storage, List<OutputColumn> columns, ChangeWindow window,
            List<ChangedSource> sources, List<Sql.Cte> netChanges, String afterApply) {
        return differential(storage, columns, window, sources, netChanges, afterApply, false);
    }

    /**
     * Writes the differential statement, formatted for reading or not (see {@link Sql#with}).
     *
     * @param storage the storage table
     * @param columns every storage column except {@code __pgt_row_id}, in order
     * @param window which buffer rows this refresh applies
     * @param sources the sources whose changes the net changes read
     * @param netChanges the CTEs that compute the net changes, the last named {@link #CHANGES}
     * @param afterApply more CTEs, which may read {@link #COUNTS}, or empty
     * @param formatted whether to indent it over several lines, for reading only
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public static String differential(Name storage, List<OutputColumn> columns, ChangeWindow window,
            List<ChangedSource> sources, List<Sql.Cte> netChanges, String afterApply, boolean formatted) {
        List<Sql.Cte> ctes = new ArrayList<>();
        for (ChangedSource s : sources) {
            ctes.add(new Sql.Cte(changesOf(s.oid()), false, changes(s, window)));
        }
        ctes.addAll(netChanges);
        return apply(storage, columns, ctes, afterApply, formatted);
    }

    /**
     * Writes the full-refresh statement: recompute the storage query, compare it with the storage table by row
     * identity, and apply the differences.
     *
     * @param storage the storage table
     * @param columns every storage column except {@code __pgt_row_id}, in order
     * @param storageQuery a query producing those columns and {@code __pgt_row_id}
     * @param afterApply more CTEs, which may read {@link #COUNTS}, or empty
     * @return the statement; it returns one row: inserted, updated, deleted
     */
    public static String full(Name storage, List<OutputColumn> columns, String storageQuery, String afterApply) {
        Field<Object> newId = col("n", ROW_ID);
        Field<Object> oldId = col("o", ROW_ID);
        Condition distinct = columns.isEmpty()
                ? DSL.falseCondition()
                : DSL.or(columns.stream().map(c -> distinct(c, "n", "o")).toList());
        List<Field<?>> items = new ArrayList<>();
        columns.forEach(c -> items.add(col("n", c.name())));
        items.add(DSL.coalesce(newId, oldId).as(ROW_ID));
        items.add(DSL.when(oldId.isNull(), DSL.inline("I")).when(newId.isNull(), DSL.inline("D"))
                .otherwise(DSL.inline("U")).as(ACTION));
        Select<?> changes = DSL.select(items)
                .from(DSL.table(DSL.name("__pgt_n")).as("n")
                        .fullJoin(DSL.table(storage).as("o")).on(oldId.eq(newId)))
                .where(newId.isNull().or(oldId.isNull()).or(distinct));
        return apply(storage, columns, List.of(new Sql.Cte("__pgt_n", false, DSL.resultQuery(DSL.raw(storageQuery))),
                new Sql.Cte(CHANGES, true, changes)), afterApply, false);
    }

    /** The relation of one source's changes in the window, TRUNCATE markers left out. */
    private static Select<?> changes(ChangedSource s, ChangeWindow window) {
        List<Field<?>> items = new ArrayList<>();
        items.add(col("b", SqlNames.WEIGHT));
        s.columns().forEach(c -> items.add(col("b", c)));
        return DSL.select(items)
                .from(Sql.table(SqlNames.changeBufferName(s.oid()), "b"))
                .where(col("b", SqlNames.WEIGHT).ne(DSL.inline(0)))
                .and(DSL.condition(DSL.raw(window.contains(s.oid(), "b"))));
    }

    /** Appends the apply CTEs and the counts to the CTEs that define {@link #CHANGES}. */
    private static String apply(Name storage, List<OutputColumn> columns, List<Sql.Cte> ctes, String afterApply,
            boolean formatted) {
        Table<?> t = DSL.table(storage).as("t");
        Table<?> d = DSL.table(DSL.name(CHANGES)).as("d");
        Field<Object> action = col("d", ACTION);
        Condition sameRow = col("t", ROW_ID).eq(col("d", ROW_ID));
        List<Sql.Cte> all = new ArrayList<>(ctes);
        all.add(new Sql.Cte("__pgt_del", false, DSL.deleteFrom(t).using(d)
                .where(action.eq(DSL.inline("D"))).and(sameRow).returningResult(DSL.inline(1))));
        if (!columns.isEmpty()) {
            Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
            columns.forEach(c -> set.put(DSL.field(DSL.name(c.name())), col("d", c.name())));
            all.add(new Sql.Cte("__pgt_upd", false, DSL.update(t).set(set).from(d)
                    .where(action.eq(DSL.inline("U"))).and(sameRow)
                    .and(DSL.or(columns.stream().map(c -> distinct(c, "t", "d")).toList()))
                    .returningResult(DSL.inline(1))));
        }
        List<Field<?>> targets = new ArrayList<>();
        List<Field<?>> values = new ArrayList<>();
        for (OutputColumn c : columns) {
            targets.add(DSL.field(DSL.name(c.name())));
            values.add(col("d", c.name()));
        }
        targets.add(DSL.field(DSL.name(ROW_ID)));
        values.add(col("d", ROW_ID));
        all.add(new Sql.Cte("__pgt_ins", false, DSL.insertInto(DSL.table(storage)).columns(targets)
                .select(DSL.select(values).from(d).where(action.eq(DSL.inline("I"))))
                .returningResult(DSL.inline(1))));
        all.add(new Sql.Cte(COUNTS, false, DSL.select(
                count("__pgt_ins").as("inserted"),
                (columns.isEmpty() ? DSL.inline(0L) : count("__pgt_upd")).as("updated"),
                count("__pgt_del").as("deleted"))));
        return Sql.with(all, afterApply, DSL.select(DSL.field(DSL.name("inserted")), DSL.field(DSL.name("updated")),
                DSL.field(DSL.name("deleted"))).from(DSL.table(DSL.name(COUNTS))), formatted);
    }

    private static Field<Integer> count(String cte) {
        return DSL.field(DSL.select(DSL.count()).from(DSL.table(DSL.name(cte))));
    }

    /** True when a column differs between two aliases; types without an equality operator compare as text. */
    private static Condition distinct(OutputColumn c, String a, String b) {
        Field<Object> x = col(a, c.name());
        Field<Object> y = col(b, c.name());
        return c.hasEquality()
                ? x.isDistinctFrom(y)
                : x.cast(org.jooq.impl.SQLDataType.CLOB).isDistinctFrom(y.cast(org.jooq.impl.SQLDataType.CLOB));
    }
}

package dev.trickle.testkit;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One generated data-changing statement on a {@link TableSpec}. Every statement is valid whatever the table holds:
 * inserts say {@code ON CONFLICT (key) DO NOTHING} or {@code DO UPDATE}, and a key update checks that the new id is
 * free, so no statement fails on a duplicate key and no generated transaction aborts. Updates and deletes may match
 * no row, one row or many.
 *
 * <p>Each statement's {@code toString()} is its SQL, so that jqwik's samples and failure messages read as a script.
 */
public sealed interface Dml permits Dml.Insert, Dml.Update, Dml.UpdateKey, Dml.Delete, Dml.Truncate {

    /** @return the table the statement changes */
    TableSpec table();

    /** @return the statement as SQL, without a trailing semicolon */
    String sql();

    /** What an insert does when a row's id is taken. */
    enum OnConflict {
        /** Skip the row. */
        DO_NOTHING,
        /** Overwrite the existing row's values (an upsert). */
        DO_UPDATE
    }

    /**
     * {@code INSERT INTO t (...) VALUES (...), ... ON CONFLICT (key) DO NOTHING | DO UPDATE SET ...}.
     *
     * @param table the table
     * @param rows the rows, at least one; with {@link OnConflict#DO_UPDATE} their ids must be distinct
     * @param onConflict what to do with a taken id
     */
    record Insert(TableSpec table, List<Row> rows, OnConflict onConflict) implements Dml {
        /**
         * Validates and copies.
         *
         * @param table the table
         * @param rows the rows, at least one; with {@link OnConflict#DO_UPDATE} their ids must be distinct
         * @param onConflict what to do with a taken id
         * @throws IllegalArgumentException if there are no rows, or an upsert repeats an id
         */
        public Insert {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(onConflict, "onConflict");
            rows = List.copyOf(rows);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("an insert needs at least one row");
            }
            String key = table.keyColumn().name();
            Set<Object> ids = new HashSet<>();
            if (onConflict == OnConflict.DO_UPDATE && !table.keyless()
                    && !rows.stream().allMatch(r -> ids.add(r.get(key)))) {
                throw new IllegalArgumentException("an upsert cannot affect a row twice: " + rows);
            }
        }

        @Override
        public String sql() {
            if (table.keyless()) {
                return table.insertSql(rows);
            }
            String key = table.keyColumn().name();
            String conflict = onConflict == OnConflict.DO_NOTHING || table.valueColumns().isEmpty()
                    ? "DO NOTHING"
                    : "DO UPDATE SET " + table.valueColumns().stream()
                            .map(c -> c.name() + " = EXCLUDED." + c.name()).collect(Collectors.joining(", "));
            return table.insertSql(rows) + " ON CONFLICT (" + key + ") " + conflict;
        }

        @Override
        public String toString() {
            return sql();
        }
    }

    /**
     * {@code UPDATE t SET col = value, ... WHERE <where>}: changes value columns (group keys, join keys, filtered
     * columns), possibly to NULL, of zero, one or many rows.
     *
     * @param table the table
     * @param set new values by column, at least one; never the key
     * @param where which rows
     */
    record Update(TableSpec table, Map<String, @Nullable Object> set, Where where) implements Dml {
        /**
         * Validates and copies.
         *
         * @param table the table
         * @param set new values by column, at least one; never the key
         * @param where which rows
         * @throws IllegalArgumentException if {@code set} is empty or assigns the key
         */
        public Update {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(where, "where");
            set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
            if (set.isEmpty() || set.containsKey(table.keyColumn().name())) {
                throw new IllegalArgumentException("an update sets value columns, at least one: " + set.keySet());
            }
        }

        @Override
        public String sql() {
            return "UPDATE " + table.name() + " SET " + set.entrySet().stream()
                    .map(e -> e.getKey() + " = " + ColumnSpec.literal(e.getValue()))
                    .collect(Collectors.joining(", ")) + " WHERE " + where.sql(table);
        }

        @Override
        public String toString() {
            return sql();
        }
    }

    /**
     * Moves a row to another id, if that id is free: {@code UPDATE t SET id = to WHERE id = from AND NOT EXISTS
     * (SELECT 1 FROM t WHERE id = to)}. The row's identity changes while its values stay.
     *
     * @param table the table
     * @param from the row's id
     * @param to its new id
     */
    record UpdateKey(TableSpec table, int from, int to) implements Dml {
        /**
         * Checks the table.
         *
         * @param table the table
         * @param from the row's id
         * @param to its new id
         */
        public UpdateKey {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String sql() {
            String key = table.keyColumn().name();
            return "UPDATE " + table.name() + " SET " + key + " = " + to + " WHERE " + key + " = " + from
                    + " AND NOT EXISTS (SELECT 1 FROM " + table.name() + " x WHERE x." + key + " = " + to + ")";
        }

        @Override
        public String toString() {
            return sql();
        }
    }

    /**
     * {@code DELETE FROM t WHERE <where>}.
     *
     * @param table the table
     * @param where which rows
     */
    record Delete(TableSpec table, Where where) implements Dml {
        /**
         * Checks the components.
         *
         * @param table the table
         * @param where which rows
         */
        public Delete {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(where, "where");
        }

        @Override
        public String sql() {
            return "DELETE FROM " + table.name() + " WHERE " + where.sql(table);
        }

        @Override
        public String toString() {
            return sql();
        }
    }

    /**
     * {@code TRUNCATE t}. Only generated when asked for: Trickle recomputes in full after a TRUNCATE.
     *
     * @param table the table
     */
    record Truncate(TableSpec table) implements Dml {
        /**
         * Checks the table.
         *
         * @param table the table
         */
        public Truncate {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String sql() {
            return "TRUNCATE " + table.name();
        }

        @Override
        public String toString() {
            return sql();
        }
    }

    /**
     * Which rows an update or delete changes: {@code column = value}, {@code column < value},
     * {@code column >= value}, or {@code column IS NULL} (an equality with a {@code null} value).
     *
     * @param column the column
     * @param op the comparison
     * @param value the value; {@code null} only with {@link Op#EQ}, meaning {@code IS NULL}
     * @param oneRow whether only one of the matching rows is changed ({@link #sql(TableSpec)})
     */
    record Where(String column, Op op, @Nullable Object value, boolean oneRow) {
        /** A comparison. */
        public enum Op {
            /** {@code =}, or {@code IS NULL} when the value is {@code null}. */
            EQ,
            /** {@code <}. */
            LT,
            /** {@code >=}. */
            GE
        }

        /**
         * Validates the condition.
         *
         * @param column the column
         * @param op the comparison
         * @param value the value; {@code null} only with {@link Op#EQ}, meaning {@code IS NULL}
         * @param oneRow whether only one of the matching rows is changed
         * @throws IllegalArgumentException if an order comparison has a {@code null} value
         */
        public Where {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(op, "op");
            if (value == null && op != Op.EQ) {
                throw new IllegalArgumentException("only EQ compares with NULL (IS NULL)");
            }
        }

        /**
         * A condition on every matching row.
         *
         * @param column the column
         * @param op the comparison
         * @param value the value; {@code null} only with {@link Op#EQ}, meaning {@code IS NULL}
         */
        public Where(String column, Op op, @Nullable Object value) {
            this(column, op, value, false);
        }

        /** @return the same condition on one matching row only, whichever the server finds first */
        public Where one() {
            return new Where(column, op, value, true);
        }

        /**
         * Writes the condition in a statement on {@code table}: one row only is {@code ctid = (SELECT ctid FROM t
         * WHERE ... LIMIT 1)}, which in a table without a key removes or changes one of several equal rows.
         *
         * @param table the table the statement changes
         * @return the condition as SQL
         */
        public String sql(TableSpec table) {
            return oneRow ? "ctid = (SELECT ctid FROM " + table.name() + " WHERE " + sql() + " LIMIT 1)" : sql();
        }

        /**
         * Selects one row by its id.
         *
         * @param table the table
         * @param id the id
         * @return {@code key = id}
         */
        public static Where key(TableSpec table, int id) {
            return new Where(table.keyColumn().name(), Op.EQ, id);
        }

        /** @return the condition as SQL */
        public String sql() {
            return switch (op) {
                case EQ -> value == null ? column + " IS NULL" : column + " = " + ColumnSpec.literal(value);
                case LT -> column + " < " + ColumnSpec.literal(value);
                case GE -> column + " >= " + ColumnSpec.literal(value);
            };
        }

        @Override
        public String toString() {
            return sql();
        }
    }
}

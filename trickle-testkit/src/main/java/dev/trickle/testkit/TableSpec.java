package dev.trickle.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import org.jspecify.annotations.Nullable;

/**
 * A source table to generate rows and changes for: a name, an {@code int} primary key with a small id range, and
 * value columns with small domains. Immutable; each method returns a new spec.
 *
 * <pre>{@code
 * static final TableSpec ORDERS = TableSpec.of("orders")
 *         .key("id", 12)                       // ids 1..12: inserts collide, updates and deletes often hit
 *         .intColumn("customer_id", 0, 5).nullable()
 *         .numericColumn("amount", -2, 9)
 *         .textColumn("note", 2).nullable();
 * }</pre>
 *
 * <p>Rows come from {@link #rows(int)}; changes from {@link DmlArbitraries}.
 */
public final class TableSpec {
    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");
    /** Ids of a key declared without a range: 1 to this. */
    public static final int DEFAULT_MAX_ID = 20;

    private final String name;
    private final List<ColumnSpec> columns;
    private final boolean keyless;

    private TableSpec(String name, List<ColumnSpec> columns, boolean keyless) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.keyless = keyless;
    }

    /**
     * Starts a table without columns; add a {@link #key} and value columns.
     *
     * @param name {@code table} or {@code schema.table}, lower case, unquoted
     * @return the spec
     * @throws IllegalArgumentException if the name is not a plain lower-case identifier
     */
    public static TableSpec of(String name) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("invalid table name: '" + name + "'");
        }
        return new TableSpec(name, List.of(), false);
    }

    /**
     * Adds the primary key column, with ids 1 to {@link #DEFAULT_MAX_ID}.
     *
     * @param column the column name
     * @return the new spec
     */
    public TableSpec key(String column) {
        return key(column, DEFAULT_MAX_ID);
    }

    /**
     * Adds the primary key column ({@code int}), with ids 1 to {@code maxId}. Keep the range close to the number
     * of rows so that inserts collide and updates and deletes mostly hit existing rows.
     *
     * @param column the column name
     * @param maxId the largest id
     * @return the new spec
     * @throws IllegalStateException if the table already has a key
     */
    public TableSpec key(String column, int maxId) {
        if (columns.stream().anyMatch(c -> c.kind() == ColumnSpec.Kind.KEY)) {
            throw new IllegalStateException("table '" + name + "' already has a key: " + keyColumn().name());
        }
        return with(new ColumnSpec(column, ColumnSpec.Kind.KEY, 1, maxId, false));
    }

    /**
     * Adds an {@code int} column with values from {@code min} to {@code max}.
     *
     * @param column the column name
     * @param min the smallest value
     * @param max the largest value
     * @return the new spec
     */
    public TableSpec intColumn(String column, int min, int max) {
        return with(new ColumnSpec(column, ColumnSpec.Kind.INT, min, max, false));
    }

    /**
     * Adds a {@code numeric} column with whole and half numbers from {@code min} to {@code max}, at scales 0 to 2.
     *
     * @param column the column name
     * @param min the smallest whole part
     * @param max the largest whole part
     * @return the new spec
     */
    public TableSpec numericColumn(String column, int min, int max) {
        return with(new ColumnSpec(column, ColumnSpec.Kind.NUMERIC, min, max, false));
    }

    /**
     * Adds a {@code text} column with strings of up to {@code maxLength} letters from {@code a}, {@code b},
     * {@code c} (the empty string included).
     *
     * @param column the column name
     * @param maxLength the longest string
     * @return the new spec
     */
    public TableSpec textColumn(String column, int maxLength) {
        return with(new ColumnSpec(column, ColumnSpec.Kind.TEXT, 0, maxLength, false));
    }

    /**
     * Makes the last added column nullable.
     *
     * @return the new spec
     * @throws IllegalStateException if there is no column yet
     * @throws IllegalArgumentException if the last column is the key
     */
    public TableSpec nullable() {
        if (columns.isEmpty()) {
            throw new IllegalStateException("table '" + name + "' has no column to make nullable");
        }
        List<ColumnSpec> copy = new ArrayList<>(columns);
        copy.set(copy.size() - 1, copy.get(copy.size() - 1).withNullable(true));
        return new TableSpec(name, copy, keyless);
    }

    private TableSpec with(ColumnSpec column) {
        if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
            throw new IllegalArgumentException("table '" + name + "' already has a column '" + column.name() + "'");
        }
        List<ColumnSpec> copy = new ArrayList<>(columns);
        copy.add(column);
        return new TableSpec(name, copy, keyless);
    }

    /**
     * Makes the table one without a primary key: the key column is an ordinary {@code int} column whose ids repeat,
     * generated contents hold duplicate rows, inserts never conflict, and updates and deletes may change just one of
     * several matching rows ({@link Dml.Where#one}).
     *
     * @return the new spec
     */
    public TableSpec withoutPrimaryKey() {
        return new TableSpec(name, columns, true);
    }

    /** @return whether the table has no primary key ({@link #withoutPrimaryKey}) */
    public boolean keyless() {
        return keyless;
    }

    /** @return the table name, as written in SQL */
    public String name() {
        return name;
    }

    /** @return every column, in order */
    public List<ColumnSpec> columns() {
        return columns;
    }

    /**
     * Returns the primary key column.
     *
     * @return the key column
     * @throws IllegalStateException if the table has no key
     */
    public ColumnSpec keyColumn() {
        return columns.stream().filter(c -> c.kind() == ColumnSpec.Kind.KEY).findFirst()
                .orElseThrow(() -> new IllegalStateException("table '" + name + "' has no key column"));
    }

    /**
     * Returns a column by name.
     *
     * @param column the column name
     * @return the column
     * @throws IllegalArgumentException if the table has no such column
     */
    public ColumnSpec column(String column) {
        return columns.stream().filter(c -> c.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table '" + name + "' has no column '" + column + "'"));
    }

    /** @return the columns other than the key, in order */
    public List<ColumnSpec> valueColumns() {
        return columns.stream().filter(c -> c.kind() != ColumnSpec.Kind.KEY).toList();
    }

    /** @return {@code CREATE TABLE name (...)}, with the primary key unless {@link #keyless} */
    public String createSql() {
        keyColumn();
        return "CREATE TABLE " + name + " ("
                + columns.stream().map(c -> keyless && c.kind() == ColumnSpec.Kind.KEY ? c.name() + " int" : c.definition())
                        .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Writes a multi-row insert of {@code rows}, or nothing when there are none.
     *
     * @param rows rows of this table
     * @return {@code INSERT INTO name (...) VALUES (...), ...}, or an empty string
     */
    public String insertSql(List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        return "INSERT INTO " + name + " (" + columnList() + ") VALUES "
                + rows.stream().map(Row::sql).collect(Collectors.joining(", "));
    }

    /** @return the column names, comma separated */
    String columnList() {
        return columns.stream().map(ColumnSpec::name).collect(Collectors.joining(", "));
    }

    /**
     * Generates one row, with any id of the key's range.
     *
     * @return the arbitrary
     */
    public Arbitrary<Row> row() {
        keyColumn();
        List<Arbitrary<@Nullable Object>> values = columns.stream().map(ColumnSpec::values).toList();
        return Combinators.combine(values).as(list -> {
            Map<String, @Nullable Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i).name(), list.get(i));
            }
            return new Row(row);
        });
    }

    /**
     * Generates a table's contents: up to {@code maxRows} rows with distinct ids (any ids if {@link #keyless}). Shrinks towards fewer rows and
     * smaller values.
     *
     * @param maxRows the most rows; at most the size of the key's range
     * @return the arbitrary
     */
    public Arbitrary<List<Row>> rows(int maxRows) {
        String key = keyColumn().name();
        if (keyless) {
            return row().list().ofMaxSize(maxRows).withSizeDistribution(RandomDistribution.uniform());
        }
        return row().list().ofMaxSize(Math.min(maxRows, keyColumn().max() - keyColumn().min() + 1))
                .withSizeDistribution(RandomDistribution.uniform()).uniqueElements(r -> r.get(key));
    }

    /** @return the table's name */
    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof TableSpec t && t.name.equals(name) && t.columns.equals(columns) && t.keyless == keyless;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, columns, keyless);
    }
}

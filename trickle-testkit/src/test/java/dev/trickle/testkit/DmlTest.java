package dev.trickle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SQL rendering and validation of generated statements. */
class DmlTest {
    static final TableSpec ORDERS = TableSpec.of("orders").key("id", 10)
            .intColumn("customer_id", 0, 3).nullable()
            .numericColumn("amount", 0, 9)
            .textColumn("note", 2).nullable();

    static Row row(int id, Integer customer, String amount, String note) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("customer_id", customer);
        values.put("amount", new BigDecimal(amount));
        values.put("note", note);
        return new Row(values);
    }

    @Test
    void insert_doNothing_rendersValuesAndConflictClause() {
        var insert = new Dml.Insert(ORDERS, List.of(row(1, null, "2.50", "a'b"), row(2, 3, "7", "")),
                Dml.OnConflict.DO_NOTHING);

        assertThat(insert.sql()).isEqualTo("INSERT INTO orders (id, customer_id, amount, note) VALUES"
                + " (1, NULL, 2.50, 'a''b'), (2, 3, 7, '') ON CONFLICT (id) DO NOTHING");
        assertThat(insert).hasToString(insert.sql());
    }

    @Test
    void insert_doUpdate_overwritesEveryValueColumn() {
        var upsert = new Dml.Insert(ORDERS, List.of(row(4, 1, "1.0", null)), Dml.OnConflict.DO_UPDATE);

        assertThat(upsert.sql()).endsWith(" ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id,"
                + " amount = EXCLUDED.amount, note = EXCLUDED.note");
    }

    @Test
    void insert_upsertRepeatingAnId_isRejected() {
        assertThatThrownBy(() -> new Dml.Insert(ORDERS, List.of(row(4, 1, "1", null), row(4, 2, "1", null)),
                Dml.OnConflict.DO_UPDATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot affect a row twice");
    }

    @Test
    void insert_withoutRows_isRejected() {
        assertThatThrownBy(() -> new Dml.Insert(ORDERS, List.of(), Dml.OnConflict.DO_NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void update_toNull_rendersSetAndWhere() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("customer_id", null);
        set.put("note", "c");

        assertThat(new Dml.Update(ORDERS, set, Dml.Where.key(ORDERS, 3)).sql())
                .isEqualTo("UPDATE orders SET customer_id = NULL, note = 'c' WHERE id = 3");
    }

    @Test
    void update_ofTheKey_isRejected() {
        assertThatThrownBy(() -> new Dml.Update(ORDERS, Map.of("id", 4), Dml.Where.key(ORDERS, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updateKey_checksThatTheNewIdIsFree() {
        assertThat(new Dml.UpdateKey(ORDERS, 3, 7).sql()).isEqualTo(
                "UPDATE orders SET id = 7 WHERE id = 3 AND NOT EXISTS (SELECT 1 FROM orders x WHERE x.id = 7)");
    }

    @Test
    void delete_byColumnComparisons_rendersEachOperator() {
        assertThat(new Dml.Delete(ORDERS, new Dml.Where("customer_id", Dml.Where.Op.EQ, null)).sql())
                .isEqualTo("DELETE FROM orders WHERE customer_id IS NULL");
        assertThat(new Dml.Delete(ORDERS, new Dml.Where("amount", Dml.Where.Op.LT, new BigDecimal("2.5"))).sql())
                .isEqualTo("DELETE FROM orders WHERE amount < 2.5");
        assertThat(new Dml.Delete(ORDERS, new Dml.Where("note", Dml.Where.Op.GE, "b")).sql())
                .isEqualTo("DELETE FROM orders WHERE note >= 'b'");
    }

    @Test
    void where_orderComparisonWithNull_isRejected() {
        assertThatThrownBy(() -> new Dml.Where("note", Dml.Where.Op.LT, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncate_rendersTruncate() {
        assertThat(new Dml.Truncate(ORDERS).sql()).isEqualTo("TRUNCATE orders");
    }

    @Test
    void keylessTable_createsNoKeyInsertsWithoutConflictAndChangesOneOfSeveralRows() {
        TableSpec keyless = ORDERS.withoutPrimaryKey();

        assertThat(keyless.createSql()).startsWith("CREATE TABLE orders (id int, ").doesNotContain("PRIMARY KEY");
        assertThat(new Dml.Insert(keyless, List.of(row(1, 1, "1", "a"), row(1, 1, "1", "a")),
                        Dml.OnConflict.DO_UPDATE).sql())
                .doesNotContain("ON CONFLICT");
        assertThat(new Dml.Delete(keyless, Dml.Where.key(keyless, 3).one()).sql())
                .isEqualTo("DELETE FROM orders WHERE ctid = (SELECT ctid FROM orders WHERE id = 3 LIMIT 1)");
        assertThat(new Dml.Delete(ORDERS, Dml.Where.key(ORDERS, 3)).sql()).isEqualTo("DELETE FROM orders WHERE id = 3");
    }
}

package dev.trickle.jooq.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RowIdSql}: row identities hash keys whose PostgreSQL hash loses information in a lossless form. Whether the
 * forms keep equal keys together and unequal keys apart is checked on a server by the engine's {@code
 * RowIdentityCollisionIT}.
 */
class RowIdSqlTest {

    @Test
    void of_noKeys_isConstant() {
        assertThat(RowIdSql.of(List.of(), List.of())).isEqualTo("0::bigint");
    }

    @Test
    void of_unknownTypes_hashesKeysAsThemselves() {
        assertThat(RowIdSql.of(List.of("a", "b"), List.of())).isEqualTo("hash_record_extended(ROW(a, b), 0)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bigint                      | int8send(k)",
        "timestamp without time zone | timestamp_send(k)",
        "timestamp with time zone    | timestamptz_send(k)",
        "time without time zone      | time_send(k)",
        "time with time zone         | timetz_send(k)",
        "money                       | cash_send(k)",
        "numeric                     | k, k < 0",
        "integer                     | k",
        "text                        | k",
        "double precision            | k",
        "bigint[]                    | k"
    })
    void of_keyOfType_hashesItsLosslessForm(String type, String form) {
        assertThat(RowIdSql.of(List.of("k"), List.of(type))).isEqualTo("hash_record_extended(ROW(" + form + "), 0)");
    }

    @Test
    void of_interval_hashesItsSpanInSecondsAsText() {
        assertThat(RowIdSql.of(List.of("k"), List.of("interval")))
                .isEqualTo("hash_record_extended(ROW(trim_scale(((extract(year FROM k) * 12 + extract(month FROM k))"
                        + " * 30 + extract(day FROM k)) * 86400 + extract(epoch FROM k - date_trunc('day', k)))::text),"
                        + " 0)");
    }

    @Test
    void of_numericExpression_parenthesizesItAsAnOperand() {
        assertThat(RowIdSql.of(List.of("a + b"), List.of("numeric")))
                .isEqualTo("hash_record_extended(ROW(a + b, (a + b) < 0), 0)");
    }

    @Test
    void of_typesForOtherKeys_throwsIllegalStateException() {
        assertThatThrownBy(() -> RowIdSql.of(List.of("a", "b"), List.of("bigint")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 keys but 1 types");
    }
}

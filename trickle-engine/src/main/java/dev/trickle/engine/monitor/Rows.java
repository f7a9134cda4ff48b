package dev.trickle.engine.monitor;

import dev.trickle.TableName;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the columns of the monitoring functions as the API's types; SQL NULL becomes {@code null}. */
final class Rows {
    private Rows() {}

    /** @return a {@code format('%I.%I')} name, parsed back into its parts */
    static TableName name(ResultSet rs, String column) throws SQLException {
        return TableName.parse(rs.getString(column));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
        Instant value = instant(rs, column);
        if (value == null) {
            throw new IllegalStateException("internal error: monitoring column " + column + " is null");
        }
        return value;
    }

    /** @return a duration from a column of whole microseconds */
    static @Nullable Duration micros(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Duration.of(value, ChronoUnit.MICROS);
    }

    /** @return a duration from a {@code float8} column of milliseconds, such as {@code duration_ms} */
    static @Nullable Duration millis(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : Duration.ofNanos(Math.round(value * 1_000_000));
    }

    static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static @Nullable Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static @Nullable Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    static <E extends Enum<E>> @Nullable E nullableEnum(ResultSet rs, String column, Class<E> type)
            throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : Enum.valueOf(type, value);
    }

    static <E extends Enum<E>> E requiredEnum(ResultSet rs, String column, Class<E> type) throws SQLException {
        E value = nullableEnum(rs, column, type);
        if (value == null) {
            throw new IllegalStateException("internal error: monitoring column " + column + " is null");
        }
        return value;
    }

    /** @return the elements of a {@code text[]} column; empty for NULL */
    static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }
}

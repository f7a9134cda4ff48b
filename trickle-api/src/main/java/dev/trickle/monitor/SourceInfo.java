package dev.trickle.monitor;

import dev.trickle.TableName;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pgtrickle.list_sources(name)}: a relation one stream table reads.
 *
 * @param sourceTable the source
 * @param sourceOid its OID
 * @param sourceType what it is: {@code TABLE}, {@code STREAM_TABLE}, {@code VIEW}, {@code MATVIEW} or {@code
 *     FOREIGN_TABLE}
 * @param cdcMode how its changes are tracked: {@code TRIGGER} for tables and stream tables, {@code NONE} for the
 *     others (they are read in full)
 * @param columnsUsed the columns the query reads, as a PostgreSQL array literal such as {@code {id,amount}}, or
 *     {@code null} if not recorded
 */
public record SourceInfo(
        TableName sourceTable, long sourceOid, String sourceType, String cdcMode, @Nullable String columnsUsed) {

    /**
     * Checks that no required component is null.
     *
     * @param sourceTable the source
     * @param sourceOid its OID
     * @param sourceType what it is: {@code TABLE}, {@code STREAM_TABLE}, {@code VIEW}, {@code MATVIEW} or {@code
     *     FOREIGN_TABLE}
     * @param cdcMode how its changes are tracked: {@code TRIGGER} for tables and stream tables, {@code NONE} for the
     *     others (they are read in full)
     * @param columnsUsed the columns the query reads, as a PostgreSQL array literal such as {@code {id,amount}}, or
     *     {@code null} if not recorded
     */
    public SourceInfo {
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(cdcMode, "cdcMode");
    }
}

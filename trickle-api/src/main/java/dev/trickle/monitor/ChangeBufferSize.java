package dev.trickle.monitor;

import dev.trickle.TableName;
import java.util.Objects;

/**
 * One row of {@code pgtrickle.change_buffer_sizes()}: the captured changes of one source that one stream table has
 * not consumed yet. Sources share a buffer, so several stream tables may report the same {@code bufferBytes}.
 *
 * @param streamTable the stream table
 * @param sourceTable the captured source it reads
 * @param sourceOid the source's OID
 * @param cdcMode how the source is tracked ({@code TRIGGER})
 * @param pendingRows change rows committed after the stream table's last refresh; 0 if the buffer is missing
 * @param bufferBytes the size of the source's change buffer on disk; 0 if the buffer is missing
 */
public record ChangeBufferSize(
        TableName streamTable, TableName sourceTable, long sourceOid, String cdcMode, long pendingRows,
        long bufferBytes) {

    /**
     * Checks that no component is null.
     *
     * @param streamTable the stream table
     * @param sourceTable the captured source it reads
     * @param sourceOid the source's OID
     * @param cdcMode how the source is tracked ({@code TRIGGER})
     * @param pendingRows change rows committed after the stream table's last refresh; 0 if the buffer is missing
     * @param bufferBytes the size of the source's change buffer on disk; 0 if the buffer is missing
     */
    public ChangeBufferSize {
        Objects.requireNonNull(streamTable, "streamTable");
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(cdcMode, "cdcMode");
    }
}

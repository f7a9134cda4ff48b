package dev.trickle.monitor;

import dev.trickle.TableName;
import java.util.Objects;

/**
 * One row of {@code pgtrickle.trigger_inventory()}: one capture trigger a captured source should have. Each source
 * has four: one per event {@code INSERT}, {@code UPDATE}, {@code DELETE} (type {@code DML}) and {@code TRUNCATE}
 * (type {@code TRUNCATE}). A missing or disabled trigger means changes of that source are lost to its stream
 * tables.
 *
 * @param sourceTable the captured source
 * @param sourceOid its OID
 * @param triggerName the trigger's name
 * @param triggerType {@code DML} or {@code TRUNCATE}
 * @param present whether the trigger exists
 * @param enabled whether it exists and is enabled
 * @param event the event it fires on: {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code TRUNCATE}
 */
public record TriggerInfo(
        TableName sourceTable, long sourceOid, String triggerName, String triggerType, boolean present,
        boolean enabled, String event) {

    /**
     * Checks that no component is null.
     *
     * @param sourceTable the captured source
     * @param sourceOid its OID
     * @param triggerName the trigger's name
     * @param triggerType {@code DML} or {@code TRUNCATE}
     * @param present whether the trigger exists
     * @param enabled whether it exists and is enabled
     * @param event the event it fires on: {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code TRUNCATE}
     */
    public TriggerInfo {
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(triggerName, "triggerName");
        Objects.requireNonNull(triggerType, "triggerType");
        Objects.requireNonNull(event, "event");
    }
}

package dev.trickle.engine.refresh;

import dev.trickle.RefreshException;
import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.TrickleException;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.Definition;
import dev.trickle.engine.definition.Definitions;
import dev.trickle.engine.definition.SourceChanges;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Tx;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.sql.StorageDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a refresh does when a stream table's sources or storage are not as the stream table last saw them (see
 * {@link SourceChanges}): it fails for good, naming the reasons, or — when nothing fatal changed — it compiles the
 * definition again, and if that still fits the storage, records the new states and lets the refresh run again.
 */
final class Validation {
    private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

    private final Definitions definitions;

    Validation(Definitions definitions) {
        this.definitions = definitions;
    }

    /**
     * Resolves differences found by a refresh whose transaction was rolled back.
     *
     * @param c a connection in auto-commit mode
     * @param def the definition the refresh ran with
     * @param mismatches what differs
     * @throws RefreshException (permanent) if the stream table cannot be current any more
     * @throws SQLException if the server fails
     */
    void resolve(Connection c, Definition def, List<SourceChanges.Mismatch> mismatches) throws SQLException {
        boolean keyed = def.effectiveMode() == RefreshMode.DIFFERENTIAL && def.rowIdentity() == RowIdentity.KEY;
        SourceChanges.Verdict verdict = SourceChanges.judge(c, mismatches, keyed);
        if (!verdict.isBenign()) {
            throw fatal(def.name(), String.join("; ", verdict.fatal()));
        }
        definitions.invalidate(def.id());
        StreamTableRow row = Catalog.find(c, def.id()).orElse(null);
        if (row == null) {
            return;
        }
        try {
            definitions.load(c, row);
        } catch (TrickleException e) {
            throw fatal(def.name(), e.getMessage());
        }
        restate(c, def, mismatches);
        LOG.info("sources of stream table '{}' changed in ways it does not depend on; it refreshes on", def.name());
    }

    /**
     * Explains why a stream table's definition does not compile any more, or why its refresh statement failed, from
     * the states of its sources if they tell, else with the given message.
     *
     * @param c a connection in auto-commit mode
     * @param id the stream table
     * @param name its name
     * @param failure what failed
     * @return the permanent failure to report: the reasons the source states give, else {@code failure}
     * @throws SQLException if the server fails
     */
    RefreshException explain(Connection c, long id, TableName name, RefreshException failure) throws SQLException {
        boolean keyed = Catalog.find(c, id).map(r -> r.effectiveMode() == RefreshMode.DIFFERENTIAL
                && RowIdentity.valueOf(r.rowIdentity()) == RowIdentity.KEY).orElse(false);
        List<String> reasons = SourceChanges.judge(c, mismatches(c, id), keyed).fatal();
        return reasons.isEmpty() ? failure : fatal(name, String.join("; ", reasons));
    }

    /**
     * Reads the differences outside a refresh.
     *
     * @param c a connection
     * @param id the stream table
     * @return what differs
     * @throws SQLException if the server fails
     */
    static List<SourceChanges.Mismatch> mismatches(Connection c, long id) throws SQLException {
        List<SourceChanges.Mismatch> result = new ArrayList<>();
        for (Object[] row : Jdbc.query(c, SourceChanges.mismatchQuery(id), rs -> new Object[] {rs.getLong(1),
                rs.getBoolean(2), rs.getBoolean(3), rs.getArray(4), rs.getString(5), rs.getString(6)})) {
            result.add(SourceChanges.mismatch(row));
        }
        return result;
    }

    static RefreshException fatal(TableName name, String reason) {
        return new RefreshException(name, null, false, "stream table '" + name + "' cannot be refreshed: " + reason
                + "; fix the cause, then reinitialize it", null);
    }

    /**
     * Records the states the refresh found, unless they changed again meanwhile. A state never recorded (a stream
     * table from before catalog version 3) is adopted as it is now, and its storage table gets its guard trigger.
     */
    private static void restate(Connection c, Definition def, List<SourceChanges.Mismatch> mismatches)
            throws SQLException {
        try (Tx tx = Tx.begin(c, Tx.Isolation.READ_COMMITTED)) {
            for (SourceChanges.Mismatch m : mismatches) {
                if (m.storage()) {
                    if (m.recorded() == null && !m.current().contains("\"" + StorageDdl.GUARD_TRIGGER + "\"")) {
                        Jdbc.execute(c, StorageDdl.guard(def.name()));
                    }
                    Jdbc.update(c, """
                            UPDATE pgtrickle.pgt_stream_tables
                               SET storage_state = CASE WHEN ?::text IS NULL THEN pgtrickle.source_state(pgt_relid)
                                                        ELSE ?::jsonb END
                             WHERE pgt_id = ? AND storage_state IS NOT DISTINCT FROM ?::jsonb""",
                            m.recorded(), m.current(), def.id(), m.recorded());
                } else {
                    Jdbc.update(c, """
                            UPDATE pgtrickle.pgt_dependencies
                               SET source_state = CASE WHEN ?::text IS NULL THEN pgtrickle.source_state(source_relid)
                                                       ELSE ?::jsonb END
                             WHERE pgt_id = ? AND source_relid = ?::oid
                               AND source_state IS NOT DISTINCT FROM ?::jsonb""",
                            m.recorded(), m.current(), def.id(), m.relid(), m.recorded());
                }
            }
            tx.commit();
        }
    }
}

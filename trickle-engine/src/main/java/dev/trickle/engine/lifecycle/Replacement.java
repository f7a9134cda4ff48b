package dev.trickle.engine.lifecycle;

import dev.trickle.StreamTableInUseException;
import dev.trickle.TableName;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.DependencyRow;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.DefinitionCheck;
import dev.trickle.engine.topology.Topology;
import dev.trickle.jooq.model.SourceRelation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The steps that replacing a stream table's definition adds to creating one. */
final class Replacement {
    private Replacement() {}

    /**
     * Checks that the stream table may take its new definition: no cycle, no reader.
     *
     * @return the captured sources of the old definition, whose capture may have to go
     */
    static List<Long> prepare(Connection c, StreamTableRow old, DefinitionCheck.Checked next, Duration fallback)
            throws SQLException {
        List<TableName> newSources = next.sources().stream()
                .map(s -> new TableName(s.schema(), s.name())).toList();
        Topology.checkReplacing(c, old.name(), newSources, fallback);
        List<TableName> dependents = Catalog.readers(c, old);
        if (!dependents.isEmpty()) {
            throw new StreamTableInUseException(old.name(), dependents, "change the query of");
        }
        List<Long> sources = new ArrayList<>();
        for (DependencyRow d : Catalog.dependencies(c, old.id())) {
            if (d.kind() == SourceRelation.Kind.TABLE || d.kind() == SourceRelation.Kind.STREAM_TABLE) {
                sources.add(d.sourceRelid());
            }
        }
        return sources;
    }

    /** Drops the old storage table and catalog rows, inside the replacing transaction. */
    static void dropOld(Connection c, StreamTableRow old) throws SQLException {
        Catalog.dropStorageAndRows(c, old);
    }
}

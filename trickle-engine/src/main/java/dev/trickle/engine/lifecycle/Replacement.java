package dev.trickle.engine.lifecycle;

import dev.trickle.StreamTableInUseException;
import dev.trickle.TableName;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.DependencyRow;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.scheduler.Topology;
import dev.trickle.jooq.SourceRelation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        List<TableName> dependents = Jdbc.query(c, """
                SELECT s.pgt_schema, s.pgt_name FROM pgtrickle.pgt_dependencies d
                  JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = d.pgt_id
                 WHERE d.source_relid = ?::oid AND d.pgt_id <> ? ORDER BY 1, 2""",
                rs -> new TableName(rs.getString(1), rs.getString(2)), old.relid(), old.id());
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
        Optional<String> storage = Jdbc.queryOne(c, "SELECT oid::regclass::text FROM pg_class WHERE oid = ?::oid",
                rs -> rs.getString(1), old.relid());
        if (storage.isPresent()) {
            Jdbc.execute(c, "DROP TABLE " + storage.get());
        }
        Catalog.delete(c, old.id());
    }
}

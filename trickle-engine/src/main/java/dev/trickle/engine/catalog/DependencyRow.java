package dev.trickle.engine.catalog;

import dev.trickle.TableName;
import dev.trickle.jooq.model.SourceRelation;

/**
 * A row of {@code pgtrickle.pgt_dependencies}: one relation a stream table reads.
 *
 * @param streamTableId the reading stream table
 * @param sourceRelid the source's OID
 * @param source the source's name when the dependency was recorded
 * @param kind what the source is
 */
public record DependencyRow(long streamTableId, long sourceRelid, TableName source, SourceRelation.Kind kind) {}

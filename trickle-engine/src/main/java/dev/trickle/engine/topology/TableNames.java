package dev.trickle.engine.topology;

import dev.trickle.TableName;
import java.util.Comparator;

/** The order used wherever the graph must break a tie: by schema (unqualified names first), then by name. */
final class TableNames {
    static final Comparator<TableName> ORDER = Comparator
            .comparing(TableName::schema, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(TableName::name);

    private TableNames() {}
}

package dev.trickle.engine.definition;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trickle.RefreshMode;
import dev.trickle.TrickleException;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.DependencyRow;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.sql.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The definitions this engine has compiled, by catalog id. A stream table's refresh statements are compiled when an
 * engine first refreshes it (and again after a reinitialize raises its generation), from its definition in the
 * catalog — query text, refresh mode and {@code search_path} — never read from the catalog as SQL. Loading also
 * checks that the storage table still has the columns the compiled statements write.
 */
public final class Definitions {
    private final DefinitionCompiler compiler;
    private final Cache<Long, Definition> cache = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * Creates an empty set of definitions.
     *
     * @param compiler compiles definitions
     */
    public Definitions(DefinitionCompiler compiler) {
        this.compiler = compiler;
    }

    /** A stream table's definition no longer compiles to what its storage table holds. */
    public static final class StaleDefinitionException extends TrickleException {
        private static final long serialVersionUID = 1L;

        StaleDefinitionException(String message) {
            super(message, null);
        }
    }

    /**
     * Returns a compiled definition if this engine has it.
     *
     * @param id the catalog id
     * @return the definition, or {@code null}
     */
    public @Nullable Definition cached(long id) {
        return cache.getIfPresent(id);
    }

    /**
     * Remembers a definition compiled by this engine when it created the stream table.
     *
     * @param definition the definition
     */
    public void put(Definition definition) {
        cache.put(definition.id(), definition);
    }

    /**
     * Forgets a compiled definition, so that the next refresh compiles it again.
     *
     * @param id the catalog id
     */
    public void invalidate(long id) {
        cache.invalidate(id);
    }

    /**
     * Compiles a stream table's definition and remembers it.
     *
     * @param c a connection in auto-commit mode
     * @param row the stream table's catalog row
     * @return the definition
     * @throws StaleDefinitionException if the definition compiles to another refresh mode, row identity or set of
     *     storage columns than the stream table has: it must be reinitialized
     * @throws TrickleException if the definition does not compile against the database as it is now (a source or
     *     column is gone, ...)
     * @throws SQLException if the server fails
     */
    public Definition load(Connection c, StreamTableRow row) throws SQLException {
        DefinitionCompiler.Compiled compiled = compiler.compile(c, row.name(), compiler.parse(row.query()),
                row.refreshMode(), true, row.searchPath());
        RowIdentity identity = RowIdentity.valueOf(row.rowIdentity());
        if (compiled.compiled().effectiveMode() != row.effectiveMode()
                || compiled.compiled().rowIdentity() != identity) {
            if (row.effectiveMode() != RefreshMode.FULL || identity != RowIdentity.CONTENT) {
                throw new StaleDefinitionException("the definition of stream table '" + row.name() + "' now compiles to "
                        + compiled.compiled().effectiveMode() + " refreshes"
                        + (compiled.compiled().fallbackReason() == null ? ""
                                : " (" + compiled.compiled().fallbackReason() + ")")
                        + " instead of " + row.effectiveMode() + ": reinitialize it");
            }
            // created as FULL because the server refused the differential compilation: keep it so
            compiled = compiler.fallback(compiled, row.fallbackReason());
        }
        checkSources(c, row, compiled.checked());
        checkStorage(c, row, compiled.compiled().storageColumns());
        Definition def = compiler.definition(compiled, row.id(), row.generation(), row.relid());
        cache.put(row.id(), def);
        return def;
    }

    /**
     * The query must read the relations it read when the stream table was created: a table that now shadows a source
     * on the search path, or a search path that names other schemas, must not silently feed the stream table.
     */
    private static void checkSources(Connection c, StreamTableRow row, DefinitionCheck.Checked checked)
            throws SQLException {
        Set<Long> recorded = new TreeSet<>();
        for (DependencyRow d : Catalog.dependencies(c, row.id())) {
            recorded.add(d.sourceRelid());
        }
        Set<Long> now = new TreeSet<>();
        checked.sources().forEach(s -> now.add(s.oid()));
        if (!recorded.equals(now)) {
            List<String> names = checked.sources().stream().filter(s -> !recorded.contains(s.oid()))
                    .map(s -> s.schema() + "." + s.name()).toList();
            throw new StaleDefinitionException("the query of stream table '" + row.name() + "' now reads other relations"
                    + " than when it was created" + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")")
                    + ": a relation was dropped, created or renamed on its search path: reinitialize it");
        }
    }

    /** The storage table must have the columns, in order, that the compiled statements write. */
    private static void checkStorage(Connection c, StreamTableRow row, List<OutputColumn> expected)
            throws SQLException {
        List<String[]> actual = Jdbc.query(c, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, row.relid());
        List<String> want = new ArrayList<>();
        expected.forEach(col -> want.add(col.name() + (col.type().isEmpty() ? "" : " " + col.type())));
        List<String> have = new ArrayList<>();
        for (String[] col : actual) {
            if (!col[0].equals(SqlNames.ROW_ID)) {
                boolean hidden = SqlNames.isReserved(col[0]);
                have.add(col[0] + (hidden ? "" : " " + col[1]));
            }
        }
        if (!want.equals(have)) {
            throw new StaleDefinitionException("the storage table of stream table '" + row.name() + "' has columns "
                    + have + " but its definition now makes " + want + ": reinitialize it");
        }
    }
}

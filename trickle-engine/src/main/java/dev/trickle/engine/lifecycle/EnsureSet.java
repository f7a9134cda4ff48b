package dev.trickle.engine.lifecycle;

import dev.trickle.DependencyCycleException;
import dev.trickle.EnsureResult;
import dev.trickle.StreamTableInUseException;
import dev.trickle.StreamTableNotFoundException;
import dev.trickle.StreamTableSpec;
import dev.trickle.TableName;
import dev.trickle.engine.catalog.Catalog;
import dev.trickle.engine.catalog.StreamTableRow;
import dev.trickle.engine.definition.DefinitionCompiler;
import dev.trickle.engine.jdbc.Jdbc;
import dev.trickle.engine.jdbc.Names;
import dev.trickle.engine.jdbc.SingleStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ensures a set of stream tables ({@code Trickle.ensureStreamTables}): those that others of the set read first. A
 * member whose query changes is replaced, which is refused while stream tables read it; members of the set that read
 * it (directly or through others) are dropped first and created again after it. Readers outside the set make the
 * whole call fail before anything is changed.
 */
public final class EnsureSet {
    private static final Logger LOG = LoggerFactory.getLogger(EnsureSet.class);

    private final DefinitionCompiler compiler;
    private final Ensurer ensurer;
    private final StreamTableDropper dropper;

    /**
     * Creates it.
     *
     * @param compiler parses the members' queries, to find which read which
     * @param ensurer ensures one member
     * @param dropper drops members that read a replaced one
     */
    public EnsureSet(DefinitionCompiler compiler, Ensurer ensurer, StreamTableDropper dropper) {
        this.compiler = compiler;
        this.ensurer = ensurer;
        this.dropper = dropper;
    }

    /**
     * Ensures every member.
     *
     * @param c a connection in auto-commit mode
     * @param specs the members, in any order
     * @return what was done to each, readers after what they read
     * @throws DependencyCycleException if members read each other in a cycle
     * @throws StreamTableInUseException if a member must be replaced and stream tables outside the set read it
     * @throws IllegalArgumentException if two members have the same name
     * @throws SQLException if the server fails
     */
    public List<Ensurer.Outcome> ensure(Connection c, List<StreamTableSpec> specs) throws SQLException {
        Map<TableName, StreamTableSpec> members = new LinkedHashMap<>();
        for (StreamTableSpec spec : specs) {
            TableName name = Names.qualify(c, spec.name());
            if (members.put(name, spec) != null) {
                throw new IllegalArgumentException("stream table '" + name + "' is defined twice in the set");
            }
        }
        List<TableName> order = order(members, reads(c, members));
        Set<TableName> rebuilt = rebuilt(c, members, order);
        List<TableName> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        for (TableName name : reversed) {
            if (rebuilt.contains(name)) {
                try {
                    dropper.drop(c, name);
                    LOG.info("dropped stream table '{}': it reads one of the set that is replaced; creating it again",
                            name);
                } catch (StreamTableNotFoundException e) {
                    // another engine dropped it first
                }
            }
        }
        List<Ensurer.Outcome> outcomes = new ArrayList<>();
        for (TableName name : order) {
            Ensurer.Outcome outcome = ensurer.ensure(c, members.get(name));
            outcomes.add(rebuilt.contains(name) && outcome.action() == EnsureResult.Action.CREATED
                    ? new Ensurer.Outcome(outcome.name(), EnsureResult.Action.REPLACED)
                    : outcome);
        }
        return outcomes;
    }

    /** @return for each member, the members its query reads */
    private Map<TableName, Set<TableName>> reads(Connection c, Map<TableName, StreamTableSpec> members)
            throws SQLException {
        List<String> path = Jdbc.query(c, "SELECT unnest(current_schemas(false))", rs -> rs.getString(1));
        boolean scs = SingleStatement.standardConformingStrings(c);
        Map<TableName, Set<TableName>> reads = new HashMap<>();
        for (Map.Entry<TableName, StreamTableSpec> member : members.entrySet()) {
            Set<TableName> read = new LinkedHashSet<>();
            for (List<String> table : compiler.parse(member.getValue().query(), scs).tables()) {
                resolve(c, table, path, members.keySet()).ifPresent(read::add);
            }
            reads.put(member.getKey(), read);
        }
        return reads;
    }

    /**
     * Resolves a table the query names to a member of the set: a qualified name directly; an unqualified one in
     * the first schema of the search path that has a member or a relation of that name.
     */
    private static Optional<TableName> resolve(Connection c, List<String> table, List<String> path,
            Set<TableName> members) throws SQLException {
        if (table.size() >= 2) {
            TableName name = new TableName(table.get(table.size() - 2), table.get(table.size() - 1));
            return members.contains(name) ? Optional.of(name) : Optional.empty();
        }
        for (String schema : path) {
            TableName name = new TableName(schema, table.get(0));
            if (members.contains(name)) {
                return Optional.of(name);
            }
            if (Jdbc.queryOne(c, "SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                    + " WHERE n.nspname = ? AND r.relname = ?", rs -> 1, schema, table.get(0)).isPresent()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** @return the members, each after those it reads, otherwise in the given order */
    private static List<TableName> order(Map<TableName, StreamTableSpec> members, Map<TableName, Set<TableName>> reads) {
        List<TableName> order = new ArrayList<>();
        Set<TableName> done = new HashSet<>();
        for (TableName name : members.keySet()) {
            visit(name, reads, done, new ArrayDeque<>(), order);
        }
        return order;
    }

    private static void visit(TableName name, Map<TableName, Set<TableName>> reads, Set<TableName> done,
            Deque<TableName> path, List<TableName> order) {
        if (done.contains(name)) {
            return;
        }
        if (path.contains(name)) {
            // each on the path reads the one above it: walked from the top, the path follows the data
            List<TableName> cycle = new ArrayList<>();
            cycle.add(name);
            for (TableName step : path) {
                cycle.add(step);
                if (step.equals(name)) {
                    break;
                }
            }
            throw new DependencyCycleException(cycle, null);
        }
        path.push(name);
        for (TableName read : reads.get(name)) {
            visit(read, reads, done, path, order);
        }
        path.pop();
        done.add(name);
        order.add(name);
    }

    /**
     * Finds the members to drop and create again: those that read (directly or not) a member that is replaced.
     *
     * @throws StreamTableInUseException if a stream table outside the set reads one that is replaced
     */
    private Set<TableName> rebuilt(Connection c, Map<TableName, StreamTableSpec> members, List<TableName> order)
            throws SQLException {
        Set<TableName> rebuilt = new LinkedHashSet<>();
        for (TableName name : order) {
            if (rebuilt.contains(name) || ensurer.plan(c, members.get(name)) != EnsureResult.Action.REPLACED) {
                continue;
            }
            Deque<TableName> pending = new ArrayDeque<>(List.of(name));
            while (!pending.isEmpty()) {
                TableName next = pending.pop();
                Optional<StreamTableRow> row = Catalog.find(c, next, false);
                if (row.isEmpty()) {
                    continue;
                }
                List<TableName> readers = Catalog.readers(c, row.get());
                List<TableName> outside = readers.stream().filter(r -> !members.containsKey(r)).toList();
                if (!outside.isEmpty()) {
                    throw new StreamTableInUseException(next, outside, "change the query of");
                }
                readers.stream().filter(rebuilt::add).forEach(pending::push);
            }
        }
        return rebuilt;
    }
}

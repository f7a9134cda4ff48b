package dev.trickle.engine.scheduler;

import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.engine.topology.CatalogState;
import dev.trickle.engine.topology.ConsistencyGroup;
import dev.trickle.engine.topology.Dag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a tick refreshes as one piece: a single stream table, or the members of an atomic diamond group, which
 * refresh together in one transaction.
 *
 * @param members the stream tables, in topological order
 * @param atomic whether they refresh together
 */
record Unit(List<CatalogState.Table> members, boolean atomic) {

    /**
     * Groups the due stream tables into units. A consistency group whose members all ask for {@code atomic} is one
     * unit when it is due: with policy {@code fastest} when any member is due, with {@code slowest} when all are; it
     * needs every member ACTIVE. Its members that are not due refresh with it; if the group is not due, none of its
     * members refreshes on its own.
     *
     * @param due the individually due stream tables, in topological order
     * @param state the catalog
     * @param dag the graph and its consistency groups
     * @return the units, in topological order of their first member
     */
    static List<Unit> of(List<CatalogState.Table> due, CatalogState state, Dag dag) {
        Set<TableName> dueNames = new HashSet<>();
        due.forEach(t -> dueNames.add(t.name()));
        Map<TableName, CatalogState.Table> tables = state.tables();
        Set<TableName> grouped = new HashSet<>();
        List<Unit> groupUnits = new ArrayList<>();
        for (ConsistencyGroup g : dag.groups()) {
            if (!g.members().stream().allMatch(m -> tables.containsKey(m)
                    && "atomic".equals(tables.get(m).diamondConsistency()))) {
                continue;
            }
            grouped.addAll(g.members());
            long dueCount = g.members().stream().filter(dueNames::contains).count();
            boolean slowest = g.convergencePoints().stream()
                    .anyMatch(p -> "slowest".equals(tables.get(p).diamondSchedulePolicy()));
            boolean groupDue = slowest ? dueCount == g.members().size() : dueCount > 0;
            boolean allActive = g.members().stream().allMatch(m -> tables.get(m).status() == StreamTableStatus.ACTIVE);
            if (groupDue && allActive) {
                List<CatalogState.Table> ordered = new ArrayList<>();
                for (TableName n : dag.order()) {
                    if (g.members().contains(n)) {
                        ordered.add(tables.get(n));
                    }
                }
                groupUnits.add(new Unit(ordered, true));
            }
        }
        List<Unit> units = new ArrayList<>();
        Set<Unit> placed = new LinkedHashSet<>();
        for (TableName n : dag.order()) {
            for (Unit u : groupUnits) {
                if (u.members().get(0).name().equals(n) && placed.add(u)) {
                    units.add(u);
                }
            }
            if (!grouped.contains(n) && dueNames.contains(n)) {
                units.add(new Unit(List.of(tables.get(n)), false));
            }
        }
        return units;
    }

    /** @return the names of the members */
    Set<TableName> names() {
        Set<TableName> names = new LinkedHashSet<>();
        members.forEach(m -> names.add(m.name()));
        return names;
    }
}

package dev.trickle.engine.definition;

import dev.trickle.engine.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;
import org.jspecify.annotations.Nullable;

/**
 * Explains how a stream table's sources and storage differ from what they were when the stream table last attached to
 * them. {@code pgtrickle.source_state(oid)} describes a relation (existence, name, kind, persistence, columns, primary
 * key, change buffer, Trickle's triggers with the xmin of their catalog rows); the catalog keeps that description per
 * (stream table, source) and for the storage table. A refresh compares them first; when they differ it asks this class
 * whether the stream table can still be current.
 *
 * <p>Fatal: a relation dropped (or dropped and recreated: a new OID), renamed, or of another kind; a captured source
 * that became UNLOGGED; a capture trigger dropped, disabled, calling another function, or touched since (its row's
 * xmin changed: disabled and enabled again, or replaced — changes may have been missed); a missing change buffer; a
 * changed primary key under a differential stream table; a view replaced under a differential stream table, which was
 * compiled from the view's old definition; a captured column dropped, renamed or retyped; a storage
 * table whose guard trigger is gone, disabled or was touched (it may have been written to), or whose columns changed.
 * Anything else (a column added, a column the capture does not record dropped) is a candidate: the stream table is
 * current if its definition still compiles to the same storage, which the caller checks.
 */
public final class SourceChanges {
    private static final String GUARD = "__pgt_guard";
    private static final String CAPTURE = "__pgt_capture_";

    private SourceChanges() {}

    /**
     * One relation whose state differs.
     *
     * @param relid the relation's OID as recorded
     * @param storage whether it is the stream table's own storage table
     * @param captured whether its changes are captured for the stream table
     * @param columnsUsed the captured columns, or empty
     * @param recorded the recorded state, or {@code null} if none was recorded (a catalog from before version 3)
     * @param current the state now
     */
    public record Mismatch(long relid, boolean storage, boolean captured, List<String> columnsUsed,
            @Nullable String recorded, String current) {}

    /**
     * What the differences mean.
     *
     * @param fatal why the stream table cannot be current any more; empty if it may still be
     */
    public record Verdict(List<String> fatal) {
        /** @return whether the stream table may still be current (its definition must still compile) */
        public boolean isBenign() {
            return fatal.isEmpty();
        }
    }

    /**
     * The query that lists a stream table's sources and storage whose state differs from the recorded one: relation
     * OID, whether it is the storage, whether it is captured, captured columns, recorded state, current state.
     *
     * @param id the stream table's catalog id
     * @return the query
     */
    public static String mismatchQuery(long id) {
        return "SELECT * FROM pgtrickle.state_mismatches(" + id + ")";
    }

    /**
     * Reads a row of {@link #mismatchQuery}.
     *
     * @param row the row's values
     * @return the mismatch
     * @throws SQLException if the row's arrays cannot be read
     */
    public static Mismatch mismatch(Object[] row) throws SQLException {
        List<String> used = new ArrayList<>();
        if (row[3] instanceof java.sql.Array a) {
            for (Object o : (Object[]) a.getArray()) {
                used.add((String) o);
            }
        }
        return new Mismatch(((Number) row[0]).longValue(), (Boolean) row[1], (Boolean) row[2], used,
                (String) row[4], (String) row[5]);
    }

    /**
     * Judges the differences.
     *
     * @param c a connection, for type names in messages
     * @param mismatches what differs
     * @param keyed whether the stream table is differential with rows identified by its sources' keys
     * @return the verdict
     * @throws SQLException if the server fails
     */
    public static Verdict judge(Connection c, List<Mismatch> mismatches, boolean keyed) throws SQLException {
        List<String> fatal = new ArrayList<>();
        for (Mismatch m : mismatches) {
            if (m.recorded() != null) {
                judge(c, m, parse(m.recorded()), parse(m.current()), keyed, fatal);
            }
        }
        return new Verdict(List.copyOf(fatal));
    }

    private static void judge(Connection c, Mismatch m, Map<?, ?> was, Map<?, ?> now, boolean keyed,
            List<String> fatal) throws SQLException {
        String what = (m.storage() ? "storage table '" : "source '") + was.get("schema") + "." + was.get("name") + "'";
        if (!Boolean.TRUE.equals(now.get("exists"))) {
            String again = Jdbc.queryOne(c, "SELECT to_regclass(format('%I.%I', ?::text, ?::text))::oid::bigint",
                    rs -> rs.getObject(1) == null ? null : String.valueOf(rs.getLong(1)), was.get("schema"),
                    was.get("name")).orElse(null);
            fatal.add(what + " (OID " + m.relid() + ") was dropped"
                    + (again == null ? "" : " and created again (now OID " + again + ")"));
            return;
        }
        if (!Objects.equals(was.get("schema"), now.get("schema")) || !Objects.equals(was.get("name"), now.get("name"))) {
            fatal.add(what + " was renamed to '" + now.get("schema") + "." + now.get("name") + "'");
        }
        if (!Objects.equals(was.get("kind"), now.get("kind"))) {
            fatal.add(what + " changed its kind from '" + was.get("kind") + "' to '" + now.get("kind") + "'");
        }
        if (m.captured() && "u".equals(now.get("persistence")) && !"u".equals(was.get("persistence"))) {
            fatal.add(what + " became UNLOGGED: a crash would empty it without notice");
        }
        if (m.captured() && Boolean.TRUE.equals(was.get("buffer")) && !Boolean.TRUE.equals(now.get("buffer"))) {
            fatal.add("the change buffer of " + what + " is missing");
        }
        triggers(what, m, (List<?>) was.get("triggers"), (List<?>) now.get("triggers"), fatal);
        if (m.storage()) {
            List<String> all = ((List<?>) was.get("columns")).stream().map(x -> (String) ((List<?>) x).get(1))
                    .toList();
            int before = fatal.size();
            columns(c, what, all, (List<?>) was.get("columns"), (List<?>) now.get("columns"), fatal);
            if (fatal.size() == before && !Objects.equals(was.get("columns"), now.get("columns"))) {
                fatal.add("columns were added to " + what);
            }
            return;
        }
        if (keyed && "v".equals(now.get("kind")) && !Objects.equals(was.get("definition"), now.get("definition"))) {
            // the stream table was compiled from the view's old definition (see ViewExpansion)
            fatal.add("view " + what.substring("source ".length()) + " was replaced (CREATE OR REPLACE VIEW): the"
                    + " stream table was expanded from its old definition");
        }
        if (m.captured() && keyed && !Objects.equals(was.get("key"), now.get("key"))) {
            fatal.add("the primary key of " + what + " changed from " + keyNames(was) + " to " + keyNames(now));
        }
        if (m.captured()) {
            columns(c, what, m.columnsUsed(), (List<?>) was.get("columns"), (List<?>) now.get("columns"), fatal);
        }
        wal(what, (Map<?, ?>) was.get("wal"), (Map<?, ?>) now.get("wal"), fatal);
    }

    /** A source captured from the WAL must keep replica identity FULL and stay in publication pgtrickle. */
    private static void wal(String what, @Nullable Map<?, ?> was, @Nullable Map<?, ?> now, List<String> fatal) {
        if (was == null) {
            return;
        }
        if (now == null) {
            fatal.add(what + " is no longer captured from the WAL: changes may have been missed");
            return;
        }
        if (!"f".equals(now.get("replident"))) {
            fatal.add("the replica identity of " + what + " is no longer FULL (it is '" + now.get("replident")
                    + "'): old rows decoded from the WAL lack columns");
        }
        if (!Boolean.TRUE.equals(now.get("published"))) {
            fatal.add(what + " was removed from publication pgtrickle: its changes no longer reach the replication"
                    + " slot, changes may have been missed");
        }
    }

    /** Capture triggers matter on sources, the guard on storage tables. */
    private static void triggers(String what, Mismatch m, List<?> was, List<?> now, List<String> fatal) {
        for (Object t : was) {
            List<?> old = (List<?>) t;
            String name = (String) old.get(0);
            boolean relevant = m.storage() ? name.equals(GUARD) : m.captured() && name.startsWith(CAPTURE);
            if (!relevant) {
                continue;
            }
            List<?> cur = now.stream().map(x -> (List<?>) x).filter(x -> name.equals(x.get(0))).findFirst()
                    .orElse(null);
            String trigger = "trigger " + name + " on " + what;
            String consequence = m.storage() ? ": the storage table may have been written to"
                    : ": changes may have been missed";
            if (cur == null) {
                fatal.add(trigger + " was dropped" + consequence);
            } else if ("D".equals(cur.get(1))) {
                fatal.add(trigger + " is disabled" + consequence);
            } else if (!Objects.equals(old.get(3), cur.get(3))) {
                fatal.add(trigger + " calls another function (OID " + cur.get(3) + ")" + consequence);
            } else if (!Objects.equals(old.get(1), cur.get(1)) || !Objects.equals(old.get(2), cur.get(2))) {
                fatal.add(trigger + " was disabled, replaced or altered since it was created" + consequence);
            }
        }
    }

    /** A captured column must keep its number, name, type and type modifier. */
    private static void columns(Connection c, String what, List<String> used, List<?> was, List<?> now,
            List<String> fatal) throws SQLException {
        for (String name : used) {
            List<?> old = was.stream().map(x -> (List<?>) x).filter(x -> name.equals(x.get(1))).findFirst()
                    .orElse(null);
            if (old == null) {
                continue;
            }
            List<?> cur = now.stream().map(x -> (List<?>) x).filter(x -> old.get(0).equals(x.get(0))).findFirst()
                    .orElse(null);
            String column = "column '" + name + "' of " + what;
            if (cur == null) {
                fatal.add(column + " was dropped");
            } else if (!name.equals(cur.get(1))) {
                fatal.add(column + " was renamed to '" + cur.get(1) + "'");
            } else if (!old.get(2).equals(cur.get(2)) || !old.get(3).equals(cur.get(3))) {
                fatal.add(column + " changed its type from " + typeName(c, old) + " to " + typeName(c, cur));
            }
        }
    }

    private static String typeName(Connection c, List<?> column) throws SQLException {
        return Jdbc.queryOne(c, "SELECT format_type(?::oid, ?)", rs -> rs.getString(1),
                ((Number) column.get(2)).longValue(), ((Number) column.get(3)).intValue()).orElse("?");
    }

    private static String keyNames(Map<?, ?> state) {
        List<?> key = (List<?>) state.get("key");
        if (key == null || key.isEmpty()) {
            return "(none)";
        }
        List<String> names = new ArrayList<>();
        for (Object attnum : key) {
            ((List<?>) state.get("columns")).stream().map(x -> (List<?>) x).filter(x -> attnum.equals(x.get(0)))
                    .findFirst().ifPresentOrElse(x -> names.add((String) x.get(1)), () -> names.add("#" + attnum));
        }
        return "(" + String.join(", ", names) + ")";
    }

    private static Map<?, ?> parse(String json) {
        try {
            return (Map<?, ?>) new JSONParser().parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("internal error: unreadable source state " + json, e);
        }
    }
}

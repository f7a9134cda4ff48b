package dev.trickle.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TestRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table "What Trickle creates" of docs/security.md is true: on a database where an application role created a
 * stream table, every object it lists exists, of its kind, with its owner and exactly its grants; every object in
 * Trickle's two schemas is listed; every function pins its search_path.
 */
class SecurityDocIT {
    private static final Pattern OBJECT = Pattern.compile("^`([^`]+)`");
    private static final Pattern GRANT = Pattern.compile("`([a-z_]+)`: ([A-Z, ]+)");

    private static TestDatabase database;
    private static TestRole app;
    private static long sourceOid;

    /** A row of the table. */
    private record Entry(String object, String kind, String owner, String grants) {}

    @BeforeAll
    static void setUp() {
        database = TestPostgres.createDatabase();
        database.dsl().execute("DO $$ BEGIN IF to_regrole('pgtrickle_reader') IS NULL THEN"
                + " CREATE ROLE pgtrickle_reader NOLOGIN; END IF; END $$");
        app = Roles.app(database, "app");
        app.dsl().execute("CREATE TABLE src (id int PRIMARY KEY, v int)");
        try (Trickle engine = Roles.engine(app)) {
            engine.createStreamTable(StreamTableSpec.builder("st", "SELECT id, v FROM src")
                    .mode(RefreshMode.DIFFERENTIAL).build());
        }
        sourceOid = ((Number) app.dsl().fetchValue("SELECT 'src'::regclass::oid")).longValue();
    }

    @AfterAll
    static void tearDown() {
        database.close();
        try (TestDatabase other = TestPostgres.createDatabase()) {
            other.dsl().execute("DROP ROLE IF EXISTS pgtrickle_reader");
        }
    }

    private static List<Entry> entries() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("docs/security.md"));
        int start = lines.indexOf("<!-- objects: checked by SecurityDocIT -->");
        int end = lines.indexOf("<!-- /objects -->");
        assertThat(start).as("the objects table's markers").isPositive().isLessThan(end);
        List<Entry> entries = new ArrayList<>();
        for (String line : lines.subList(start + 3, end)) {
            String[] cells = line.split("\\|", -1);
            assertThat(cells).as("a row of four cells: " + line).hasSize(6);
            Matcher m = OBJECT.matcher(cells[1].trim());
            assertThat(m.find()).as("an object in backquotes: " + line).isTrue();
            entries.add(new Entry(m.group(1), cells[2].trim(), cells[3].trim(), cells[4].trim()));
        }
        return entries;
    }

    private static String resolve(String object) {
        return object.replace("<source oid>", String.valueOf(sourceOid)).replace("<stream table>", "public.st");
    }

    @Test
    void everyListedObject_existsWithItsKindOwnerAndGrants() throws IOException {
        DSLContext dsl = database.dsl();
        String catalogOwner = (String) dsl.fetchValue("SELECT nspowner::regrole::text FROM pg_namespace"
                + " WHERE nspname = 'pgtrickle'");
        for (Entry e : entries()) {
            if (e.kind().equals("trigger")) {
                continue;
            }
            String name = resolve(e.object());
            Object[] found = describe(dsl, e.kind(), name);
            assertThat(found).as(name + " exists as a " + e.kind()).isNotNull();
            String owner = e.owner().equals("catalog owner") ? catalogOwner : app.name();
            assertThat(found[0]).as("owner of " + name).isEqualTo(owner);
            assertThat(found[1]).as("security definer: " + name).isEqualTo(e.kind().contains("security definer"));
            assertThat(grants(dsl, e.kind(), name, (String) found[0])).as("grants of " + name)
                    .isEqualTo(expectedGrants(e.grants()));
        }
    }

    @Test
    void listedTriggers_exist() {
        DSLContext dsl = database.dsl();
        assertThat(dsl.fetch("SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.st'::regclass"
                + " AND NOT tgisinternal").getValues(0, String.class)).containsExactly("__pgt_guard");
        assertThat(dsl.fetch("SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.src'::regclass"
                + " AND NOT tgisinternal ORDER BY 1").getValues(0, String.class))
                .containsExactly("__pgt_capture_del", "__pgt_capture_ins", "__pgt_capture_trunc", "__pgt_capture_upd");
    }

    @Test
    void everyObjectInTricklesSchemas_isListed() throws IOException {
        Set<String> listed = new TreeSet<>();
        entries().forEach(e -> listed.add(resolve(e.object())));
        List<String> present = database.dsl().fetch("""
                SELECT c.oid::regclass::text FROM pg_class c
                 WHERE c.relnamespace IN ('pgtrickle'::regnamespace, 'pgtrickle_changes'::regnamespace)
                   AND c.relkind IN ('r', 'v', 'S')
                UNION ALL
                SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace IN ('pgtrickle'::regnamespace, 'pgtrickle_changes'::regnamespace)
                """).getValues(0, String.class);
        assertThat(present).isNotEmpty().allSatisfy(o -> assertThat(listed).contains(o));
    }

    @Test
    void everyFunction_pinsItsSearchPath() {
        assertThat(database.dsl().fetch("""
                SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace IN ('pgtrickle'::regnamespace, 'pgtrickle_changes'::regnamespace)
                   AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
                """).getValues(0, String.class)).isEmpty();
    }

    /** @return owner and whether it is a security definer function, or {@code null} if there is no such object */
    private static Object[] describe(DSLContext dsl, String kind, String name) {
        String sql = switch (kind.replace(", security definer", "")) {
            case "schema" -> "SELECT nspowner::regrole::text, false FROM pg_namespace WHERE nspname = {0}";
            case "table" -> "SELECT relowner::regrole::text, false FROM pg_class WHERE oid = to_regclass({0})"
                    + " AND relkind = 'r'";
            case "view" -> "SELECT relowner::regrole::text, false FROM pg_class WHERE oid = to_regclass({0})"
                    + " AND relkind = 'v'";
            case "sequence" -> "SELECT relowner::regrole::text, false FROM pg_class WHERE oid = to_regclass({0})"
                    + " AND relkind = 'S'";
            case "function" -> "SELECT proowner::regrole::text, prosecdef FROM pg_proc"
                    + " WHERE oid = to_regprocedure({0})";
            default -> throw new AssertionError("unknown kind in docs/security.md: " + kind);
        };
        org.jooq.Record r = dsl.fetchOne(sql, name);
        return r == null ? null : new Object[] {r.get(0), r.get(1)};
    }

    /** @return the object's grants to roles other than its owner, as {@code role: PRIVILEGE, ...}, sorted */
    private static Set<String> grants(DSLContext dsl, String kind, String name, String owner) {
        // a missing ACL means the defaults, which for functions include EXECUTE for PUBLIC
        String acl = switch (kind.replace(", security definer", "")) {
            case "schema" -> "SELECT coalesce(nspacl, acldefault('n', nspowner)) AS acl FROM pg_namespace"
                    + " WHERE nspname = {0}";
            case "function" -> "SELECT coalesce(proacl, acldefault('f', proowner)) AS acl FROM pg_proc"
                    + " WHERE oid = to_regprocedure({0})";
            default -> "SELECT coalesce(relacl, acldefault('r', relowner)) AS acl FROM pg_class"
                    + " WHERE oid = to_regclass({0})";
        };
        List<String> rows = dsl.fetch("SELECT coalesce(nullif(a.grantee, 0)::regrole::text, 'PUBLIC') || ': '"
                + " || a.privilege_type FROM (" + acl + ") x CROSS JOIN LATERAL aclexplode(x.acl) a", name)
                .getValues(0, String.class);
        Set<String> result = new TreeSet<>();
        rows.stream().filter(r -> !r.startsWith(owner + ": ")).forEach(result::add);
        return result;
    }

    private static Set<String> expectedGrants(String cell) {
        Set<String> result = new TreeSet<>();
        Matcher m = GRANT.matcher(cell);
        while (m.find()) {
            for (String privilege : m.group(2).split(",\\s*")) {
                result.add(m.group(1) + ": " + privilege.trim());
            }
        }
        return result;
    }
}

package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * docs/modules.md is true: the module names it lists are the ones the jars' manifests give, and the module
 * declaration it shows compiles against the published jars on the module path and, launched with the modules it
 * says to add, creates and refreshes a stream table. Runs as an integration test, when the jars are built.
 */
class ModulePathIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path APP = ROOT.resolve("samples/src/test/resources/jpms");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| `dev\\.trickle:([a-z-]+)` \\|.*");
    private static final Pattern ADD_MODULES = Pattern.compile("^\\s+--add-modules (\\S+) \\\\$");
    /** The jars of trickle-engine's run-time dependencies: what a Maven build puts on an application's path. */
    private static final Pattern RUNTIME_JAR = Pattern.compile("(trickle-(api|jooq|engine)|jooq|r2dbc-spi"
            + "|reactive-streams|postgresql|checker-qual|jgrapht-core|jheaps|apfloat|cron-utils|HikariCP|caffeine"
            + "|error_prone_annotations|slf4j-api|slf4j-simple|jspecify)-[0-9][^/]*\\.jar");

    @Test
    void documentedModuleNames_areTheManifests() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : doc()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(2), m.group(1));
            }
        }
        Map<String, String> manifests = new TreeMap<>();
        for (String artifact : documented.keySet()) {
            Path jar = classPath().filter(p -> p.getFileName().toString().startsWith(artifact + "-")
                    && p.toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError(artifact + " is not on the test class path as a jar"));
            try (JarFile file = new JarFile(jar.toFile())) {
                manifests.put(artifact, file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            }
        }

        assertThat(documented).containsOnlyKeys("trickle-api", "trickle-jooq", "trickle-engine", "trickle-testkit");
        assertThat(documented).isEqualTo(manifests);
    }

    @Test
    void documentedModuleDeclaration_compilesAndRunsOnTheModulePath(@org.junit.jupiter.api.io.TempDir Path out)
            throws Exception {
        String modulePath = String.join(File.pathSeparator, classPath()
                .filter(p -> RUNTIME_JAR.matcher(p.getFileName().toString()).matches()).map(Path::toString).toList());
        List<String> sources;
        try (Stream<Path> files = Files.walk(APP)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> javac = new ArrayList<>(List.of("-d", out.toString(), "--module-path", modulePath));
        javac.addAll(sources);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new)))
                .as("javac of the documented module").isZero();

        try (TestDatabase db = TestPostgres.createDatabase()) {
            db.dsl().execute("CREATE TABLE module_src (id int PRIMARY KEY, g int, v int)");
            db.dsl().execute("INSERT INTO module_src VALUES (1, 1, 10), (2, 1, 5), (3, 2, 7)");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--module-path", modulePath + File.pathSeparator + out, "--add-modules", documentedAddModules(),
                    "-m", "com.example.app/com.example.app.Main", db.jdbcUrl(), db.server().user(),
                    db.server().password().isEmpty() ? "-" : db.server().password())
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains("refreshed: NO_DATA");
            assertThat(db.dsl().fetchValue("SELECT total FROM module_totals WHERE g = 1")).hasToString("15");
        }
    }

    private static String documentedAddModules() throws IOException {
        for (String line : doc()) {
            Matcher m = ADD_MODULES.matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new AssertionError("docs/modules.md shows no --add-modules");
    }

    private static List<String> doc() throws IOException {
        return Files.readAllLines(ROOT.resolve("docs/modules.md"), StandardCharsets.UTF_8);
    }

    private static Stream<Path> classPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of);
    }
}

package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.Trickle;
import dev.trickle.samples.TutorialSample;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import dev.trickle.testkit.TrickleExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs, or checks against the build, what {@code README.md} and {@code docs/*.md} tell a reader to run. Every fenced
 * block that is not Java (which {@link DocSnippetsTest} checks) or XML is one of:
 * <ul>
 *   <li>SQL: each block is executed on PostgreSQL, on a database holding the objects it names;</li>
 *   <li>shell commands ({@code mvn ...}, optionally after {@code NAME=value} settings): each must be one this test
 *       knows: the CI command (which {@code .ci/run} runs, so CI runs it), a run of a module's main class (the module
 *       and class must exist, and the sample's printed output must be README's), or a setting the build reads;
 *       an unknown command fails, so a new command in the docs needs a check here;</li>
 *   <li>text: output and messages shown, checked where this test runs what prints them.</li>
 * </ul>
 */
class DocCommandsIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    private static final Pattern FENCE = Pattern.compile("```(\\w*)");
    private static final Pattern EXEC_JAVA = Pattern.compile(
            "mvn -B -q -pl (\\S+) -am package -DskipTests exec:java( -Dexec\\.args=(\"[^\"]*\"|\\S+))?"
                    + "( -Dexec\\.mainClass=(\\S+))?");
    private static final Pattern SETTING = Pattern.compile("([A-Z_]+)=\\S+ ");

    private final Path root = Path.of("").toAbsolutePath().getParent();

    /** A fenced block of a document. */
    record Block(String doc, int line, String language, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }

        boolean isCommand() {
            return lines.stream().filter(l -> !l.isBlank()).findFirst()
                    .map(l -> l.startsWith("mvn ") || SETTING.matcher(l).lookingAt()).orElse(false);
        }
    }

    @Test
    void shellCommands_inReadmeAndDocs_areKnownToTheBuild() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Block block : blocks()) {
            if (!block.isCommand()) {
                continue;
            }
            // a backslash at the end of a line continues the command
            for (String command : block.text().replace("\\\n", " ").split("\n")) {
                command = command.strip().replaceAll(" +", " ");
                if (!command.isEmpty()) {
                    String problem = check(command);
                    checked++;
                    if (problem != null) {
                        problems.add(block.doc() + ":" + block.line() + ": " + command + ": " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("commands found").isGreaterThan(3);
        assertThat(problems).isEmpty();
    }

    /** @return why the command is wrong or unknown, or {@code null} if it is right */
    private String check(String command) throws IOException {
        String mvn = command;
        Matcher setting = SETTING.matcher(mvn);
        while (setting.lookingAt()) {
            String name = setting.group(1);
            if (!readByTheBuild(name)) {
                return "the environment variable " + name + " is read by nothing in this repository";
            }
            mvn = mvn.substring(setting.end());
            setting = SETTING.matcher(mvn);
        }
        if (mvn.equals("mvn -B verify")) {
            List<String> ci = Files.readAllLines(root.resolve(".ci/run"));
            return ci.get(ci.size() - 1).equals("mvn -B verify") ? null : ".ci/run does not run it";
        }
        Matcher property = Pattern.compile("mvn -B verify -D([\\w.]+)=\\S+").matcher(mvn);
        if (property.matches()) {
            return readByTheBuild(property.group(1)) ? null : "nothing reads -D" + property.group(1);
        }
        Matcher exec = EXEC_JAVA.matcher(mvn);
        if (exec.matches()) {
            Path module = root.resolve(exec.group(1));
            if (!Files.readString(root.resolve("pom.xml")).contains("<module>" + exec.group(1) + "</module>")) {
                return "no module " + exec.group(1) + " in the build";
            }
            String pom = Files.readString(module.resolve("pom.xml"));
            if (!pom.contains("<exec.skip>false</exec.skip>")) {
                return "exec:java is skipped in " + exec.group(1);
            }
            Matcher main = Pattern.compile("<exec.mainClass>(\\S+)</exec.mainClass>").matcher(pom);
            String mainClass = exec.group(5) != null ? exec.group(5) : main.find() ? main.group(1) : null;
            Path source = mainClass == null ? null
                    : module.resolve("src/main/java/" + mainClass.replace('.', '/') + ".java");
            if (source == null || !Files.exists(source)
                    || !Files.readString(source).contains("public static void main(String[] args)")) {
                return "no main class " + mainClass + " in " + exec.group(1);
            }
            return null;
        }
        return "not a command this test knows: add a check for it to DocCommandsIT";
    }

    /** @return whether a test kit, sample or build file reads the environment variable or system property */
    private boolean readByTheBuild(String name) throws IOException {
        List<Path> readers = new ArrayList<>(List.of(root.resolve("pom.xml")));
        for (String module : List.of("trickle-testkit", "samples", "trickle-bench")) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main"))) {
                files.filter(Files::isRegularFile).forEach(readers::add);
            }
        }
        for (Path file : readers) {
            String text = Files.readString(file);
            if (text.contains("\"" + name + "\"") || text.contains("${" + name + "}")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void sampleCommand_printsWhatReadmeShows(Trickle engine, DSLContext dsl) throws IOException {
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        int intro = readme.indexOf("refresh. It prints (log lines omitted):");
        assertThat(intro).as("README introduces the sample's output").isPositive();
        Block shown = blocks("README.md", readme).stream().filter(b -> b.line() > intro + 1).findFirst()
                .orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        TutorialSample.run(engine, dsl, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        // durations differ from run to run; README shows the first lines of the output
        assertThat(withoutDurations(printed).strip()).startsWith(withoutDurations(shown.text()).strip());
    }

    private static String withoutDurations(String text) {
        return text.replaceAll("in \\d+ ms", "in N ms").replace("\r", "");
    }

    @Test
    void sqlBlocks_inDocs_run(Trickle engine, DSLContext dsl) throws IOException {
        dsl.execute("CREATE TABLE orders (id int PRIMARY KEY, amount int)");
        engine.createStreamTable("order_totals", "SELECT count(*) AS n, sum(amount) AS total FROM orders");
        int run = 0;
        for (Block block : blocks()) {
            if (!block.language().equals("sql")) {
                continue;
            }
            if (block.text().contains("CREATE SCHEMA pgtrickle ")) {
                runOnNewDatabase(block);
            } else {
                dsl.execute(block.text());
            }
            run++;
        }
        assertThat(run).as("SQL blocks run").isGreaterThanOrEqualTo(3);
    }

    /** Runs a set-up block that creates Trickle's schemas, on a database of its own, with the roles it names. */
    private static void runOnNewDatabase(Block block) {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            DSLContext dsl = database.dsl();
            for (Matcher granted = Pattern.compile("GRANT \\w+ TO ([\\w, ]+);").matcher(block.text());
                    granted.find(); ) {
                for (String role : granted.group(1).split(",\\s*")) {
                    dsl.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                            + "') THEN CREATE ROLE " + role + "; END IF; END $$");
                }
            }
            dsl.execute("DROP ROLE IF EXISTS trickle");
            dsl.execute(block.text());
            assertThat(dsl.fetchValue("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'pgtrickle'"))
                    .isEqualTo("trickle");
            dsl.execute("DROP SCHEMA pgtrickle, pgtrickle_changes");
            dsl.execute("DROP ROLE trickle");
        }
    }

    private List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            blocks.addAll(blocks(root.relativize(doc).toString(), Files.readAllLines(doc, StandardCharsets.UTF_8)));
        }
        return blocks;
    }

    private static List<Block> blocks(String doc, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            String language = open.group(1);
            if (!language.equals("java") && !language.equals("xml")) {
                blocks.add(new Block(doc, i + 1, language, lines.subList(i + 1, Math.min(end, lines.size()))));
            }
            i = end;
        }
        return blocks;
    }
}

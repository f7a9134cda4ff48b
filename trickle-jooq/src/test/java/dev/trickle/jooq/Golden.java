package dev.trickle.jooq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files: compares a string with {@code src/test/resources/golden/<TestClass>/<name>} and fails with a line
 * diff. Running with {@code -Dtrickle.golden.update=true} rewrites the file instead (Calcite's {@code
 * DiffRepository}, simplified); review the change with {@code git diff} before committing it, because the golden
 * files are the contract.
 *
 * <pre>{@code
 * Golden.assertSql(compiled.storageQuery());   // golden/AggregateDeltaRuleTest/<this test method>.sql
 * }</pre>
 */
public final class Golden {
    /** The system property that rewrites golden files. */
    public static final String UPDATE_PROPERTY = "trickle.golden.update";

    private static final int CONTEXT = 3;

    private Golden() {}

    /**
     * Compares SQL with {@code golden/<calling class>/<calling method>.sql}.
     *
     * @param actual the SQL
     */
    public static void assertSql(String actual) {
        StackWalker.StackFrame caller = caller();
        assertMatches(simpleName(caller.getClassName()), caller.getMethodName() + ".sql", actual);
    }

    /**
     * Compares text with {@code golden/<calling class>/<calling method>.txt}.
     *
     * @param actual the text
     */
    public static void assertText(String actual) {
        StackWalker.StackFrame caller = caller();
        assertMatches(simpleName(caller.getClassName()), caller.getMethodName() + ".txt", actual);
    }

    /**
     * Compares a string with {@code golden/<calling class>/<file>}, for tests with several goldens or parameters.
     *
     * @param file the file name, with its extension
     * @param actual the string
     */
    public static void assertFile(String file, String actual) {
        assertMatches(simpleName(caller().getClassName()), file, actual);
    }

    /**
     * Compares a string with {@code golden/<testClass>/<file>}.
     *
     * @param testClass the directory, by convention the test class's simple name
     * @param file the file name, with its extension
     * @param actual the string
     */
    public static void assertMatches(String testClass, String file, String actual) {
        Path path = root().resolve(testClass).resolve(file);
        String normalized = normalize(actual);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(path, normalized);
            return;
        }
        if (!Files.exists(path)) {
            throw new AssertionFailedError("golden file " + path + " does not exist; run with -D" + UPDATE_PROPERTY
                    + "=true to create it, then review it\n--- actual ---\n" + normalized);
        }
        String expected = normalize(read(path));
        if (!expected.equals(normalized)) {
            throw new AssertionFailedError("output differs from golden file " + path + " (- golden, + actual); run with"
                    + " -D" + UPDATE_PROPERTY + "=true to accept it\n" + diff(expected, normalized), expected,
                    normalized);
        }
    }

    /**
     * Writes a unified-style line diff of two texts with a few lines of context.
     *
     * @param expected the old text
     * @param actual the new text
     * @return the diff, empty if the texts are equal
     */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add("  " + (i + 1) + ": " + a.get(i));
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                lines.add("- " + (i + 1) + ": " + a.get(i));
                i++;
            } else {
                lines.add("+ " + (j + 1) + ": " + b.get(j));
                j++;
            }
        }
        return withContext(lines);
    }

    private static String withContext(List<String> lines) {
        boolean[] keep = new boolean[lines.size()];
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).startsWith("  ")) {
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(lines.size() - 1, k + CONTEXT); c++) {
                    keep[c] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        boolean skipped = false;
        for (int k = 0; k < lines.size(); k++) {
            if (keep[k]) {
                if (skipped) {
                    out.append("  ...\n");
                }
                out.append(lines.get(k)).append('\n');
                skipped = false;
            } else {
                skipped = true;
            }
        }
        return out.toString();
    }

    private static Path root() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(base, "src", "test", "resources", "golden");
    }

    private static StackWalker.StackFrame caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(Golden.class.getName())).findFirst())
                .orElseThrow();
    }

    private static String simpleName(String className) {
        String name = className.substring(className.lastIndexOf('.') + 1);
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    /** Unix line ends, no trailing whitespace on lines, exactly one final newline. */
    private static String normalize(String text) {
        StringBuilder out = new StringBuilder();
        text.replace("\r\n", "\n").lines().forEach(l -> out.append(l.stripTrailing()).append('\n'));
        String s = out.toString();
        while (s.endsWith("\n\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? "\n" : s;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path path, String text) {
        try {
            Files.createDirectories(path.getParent());
            if (!Files.exists(path) || !read(path).equals(text)) {
                Files.writeString(path, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

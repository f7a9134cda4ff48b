package dev.trickle.engine.sourceddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every statement of docs/operations.md names the test that checks it ({@code Class#method}), and every such test
 * exists in this module, so the build runs it: a statement without a test, or whose test was renamed or removed,
 * fails here.
 */
class OperationsDocTest {
    private static final Pattern TEST = Pattern.compile("`([A-Z][A-Za-z]+)#([a-zA-Z_]+)`");

    @Test
    void everyRowOfTheTables_namesATestThatExists() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("").toAbsolutePath().getParent()
                .resolve("docs/operations.md"));
        List<String> rows = new ArrayList<>();
        rows.addAll(table(lines, "ddl"));
        rows.addAll(table(lines, "owned"));
        assertThat(rows).hasSizeGreaterThan(15);
        Map<String, Class<?>> classes = testClasses();
        for (String row : rows) {
            String[] cells = row.split("\\|", -1);
            Matcher m = TEST.matcher(cells[cells.length - 2]);
            assertThat(m.find()).as("the last column names a test: " + row).isTrue();
            Class<?> type = classes.get(m.group(1));
            assertThat(type).as("test class " + m.group(1)).isNotNull();
            assertThat(Arrays.stream(type.getDeclaredMethods()).map(Method::getName))
                    .as("test method " + m.group(1) + "#" + m.group(2)).contains(m.group(2));
        }
    }

    @Test
    void everyTestNamedInTheProse_exists() throws Exception {
        String text = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/operations.md"));
        Map<String, Class<?>> classes = testClasses();
        Matcher m = TEST.matcher(text);
        int found = 0;
        while (m.find()) {
            found++;
            Class<?> type = classes.get(m.group(1));
            assertThat(type).as("test class " + m.group(1)).isNotNull();
            assertThat(Arrays.stream(type.getDeclaredMethods()).map(Method::getName))
                    .as("test method " + m.group(0)).contains(m.group(2));
        }
        assertThat(found).isGreaterThan(15);
    }

    private static List<String> table(List<String> lines, String name) {
        int start = lines.indexOf("<!-- " + name + ": checked by OperationsDocTest -->");
        int end = lines.indexOf("<!-- /" + name + " -->");
        assertThat(start).as("markers of table " + name).isPositive().isLessThan(end);
        return lines.subList(start + 3, end);
    }

    /** The compiled test classes of this module, by simple name. */
    private static Map<String, Class<?>> testClasses() throws IOException {
        Path root = Path.of("target", "test-classes");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$"))
                    .map(p -> root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .collect(Collectors.toMap(n -> n.substring(n.lastIndexOf('.') + 1), OperationsDocTest::load,
                            (a, b) -> a));
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OperationsDocTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}

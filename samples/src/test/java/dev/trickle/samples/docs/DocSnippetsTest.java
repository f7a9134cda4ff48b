package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks that every Java block of {@code README.md} and {@code docs/*.md} is a verbatim copy of code the build
 * compiles. A block is announced on the line before its fence, either by {@code <!-- snippet: path#tag -->}, for
 * the region between {@code // tag::tag[]} and {@code // end::tag[]} in that file ({@code # tag::tag[]} in a
 * properties file, whose {@code ```properties} blocks may be announced the same way; compared without its common
 * indentation), or by {@code <!-- file: path -->}, for the whole file (any fenced block, e.g. a {@code pom.xml}).
 * Run with {@code -Dtrickle.docs.update=true} to rewrite the blocks from the code.
 */
class DocSnippetsTest {
    private static final Pattern MARKER = Pattern.compile("<!-- (?:snippet: (\\S+)#(\\S+)|file: (\\S+)) -->");
    private static final String FENCE = "```";
    private static final Pattern FENCE_OPEN = Pattern.compile("```(java|properties)");

    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final boolean update = Boolean.getBoolean("trickle.docs.update");

    @Test
    void javaBlocks_inReadmeAndDocs_matchTheirSource() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            List<String> fixed = check(root.relativize(doc).toString(), lines, problems);
            if (update && !fixed.equals(lines)) {
                Files.write(doc, fixed, StandardCharsets.UTF_8);
            }
        }
        assertThat(problems).as("run with -Dtrickle.docs.update=true to copy the code into the docs").isEmpty();
    }

    private List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** Returns {@code lines} with every announced block replaced by its source region; records differences. */
    private List<String> check(String doc, List<String> lines, List<String> problems) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            out.add(line);
            if (line.startsWith(FENCE + "java") && (i == 0 || !MARKER.matcher(lines.get(i - 1)).matches())) {
                problems.add(doc + ":" + (i + 1) + ": Java block without a snippet marker");
            }
            Matcher m = MARKER.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int end = i + 2;
            while (end < lines.size() && !lines.get(end).equals(FENCE)) {
                end++;
            }
            boolean whole = m.group(3) != null;
            String fence = i + 1 < lines.size() ? lines.get(i + 1) : "";
            boolean opens = whole ? fence.startsWith(FENCE) && fence.length() > FENCE.length()
                    : FENCE_OPEN.matcher(fence).matches();
            if (!opens
                    || end >= lines.size()) {
                problems.add(doc + ":" + (i + 1) + ": marker not followed by a "
                        + (whole ? "fenced" : "```java or ```properties") + " block");
                continue;
            }
            String source = whole ? m.group(3) : m.group(1) + "#" + m.group(2);
            List<String> region = whole
                    ? Files.readAllLines(root.resolve(m.group(3)), StandardCharsets.UTF_8)
                    : region(m.group(1), m.group(2));
            if (!update && !region.equals(lines.subList(i + 2, end))) {
                problems.add(doc + ":" + (i + 1) + ": block differs from " + source);
            }
            out.add(fence);
            out.addAll(region);
            out.add(FENCE);
            i = end;
        }
        return out;
    }

    /** The lines between the tag's start and end comments, without their common indentation. */
    private List<String> region(String file, String tag) throws IOException {
        List<String> source = Files.readAllLines(root.resolve(file), StandardCharsets.UTF_8);
        String comment = file.endsWith(".properties") ? "# " : "// ";
        int start = indexOf(source, comment + "tag::" + tag + "[]", 0, file);
        int end = indexOf(source, comment + "end::" + tag + "[]", start, file);
        List<String> region = source.subList(start + 1, end);
        int indent = region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }

    private static int indexOf(List<String> source, String comment, int from, String file) {
        for (int i = from; i < source.size(); i++) {
            if (source.get(i).strip().equals(comment)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line '" + comment + "'");
    }
}

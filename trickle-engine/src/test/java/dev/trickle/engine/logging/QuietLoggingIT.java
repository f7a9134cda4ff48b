package dev.trickle.engine.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a new user's log shows: jOOQ's logo and tip of the day are off for Trickle's use of jOOQ, unless the
 * application asks for them, and refreshing logs nothing at INFO. Each test runs {@link QuietChild} in a JVM of its
 * own, where jOOQ initialises for the first time, with jOOQ's loggers at INFO (this build's test logging config
 * turns them down to WARN) and captures what slf4j-simple writes. A property test creates and drops a stream table
 * per try: that is two INFO lines a try, the per-source change capture and the load of each try are at DEBUG.
 */
class QuietLoggingIT {
    private static final int REFRESHES = 20;
    private static final String LOGO = "Thank you for using jOOQ";
    private static final String TIPS_LOGGER = "org.jooq.Constants";

    @Test
    void createAndRefresh_jooqBannerOffAndRefreshesQuiet() throws Exception {
        List<String> log = runChild(List.of());

        assertThat(log).noneMatch(line -> line.contains(LOGO) || line.contains(TIPS_LOGGER));
        assertThat(phase(log, QuietChild.CREATED, QuietChild.REFRESHED))
                .as("INFO lines while refreshing %s times", REFRESHES)
                .noneMatch(line -> line.contains(" INFO "));
        assertThat(log.stream().filter(line -> line.contains(" INFO ")))
                .as("INFO lines of a whole run: only the engine's and the stream table's lifecycle")
                .hasSize(5)
                .anyMatch(line -> line.contains("Trickle engine") && line.contains("started"))
                .anyMatch(line -> line.contains("installed Trickle catalog"))
                .anyMatch(line -> line.contains("created stream table 'public.totals'"))
                .anyMatch(line -> line.contains("dropped stream table 'public.totals'"))
                .anyMatch(line -> line.contains("Trickle engine") && line.contains("closed"));
    }

    @Test
    void applicationAsksForBanner_itsSettingWins() throws Exception {
        List<String> log = runChild(List.of("-Dorg.jooq.no-logo=false", "-Dorg.jooq.no-tips=false"));

        assertThat(log).anyMatch(line -> line.contains(LOGO));
        assertThat(log).anyMatch(line -> line.contains(TIPS_LOGGER) && !line.contains(LOGO));
    }

    /** @return the log lines of {@link QuietChild} run on a database of its own, after it exited normally */
    private static List<String> runChild(List<String> jvmOptions) throws IOException, InterruptedException {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            return runChild(database, jvmOptions);
        }
    }

    private static List<String> runChild(TestDatabase database, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dorg.slf4j.simpleLogger.log.org.jooq=info");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), QuietChild.class.getName(),
                database.jdbcUrl(), database.server().user(),
                database.server().password().isEmpty() ? "-" : database.server().password(),
                String.valueOf(REFRESHES)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(output).isZero();
            return output.lines().toList();
        } finally {
            child.destroyForcibly();
        }
    }

    /** @return the lines strictly between the marker lines {@code from} and {@code to} */
    private static List<String> phase(List<String> log, String from, String to) {
        int start = log.indexOf(from);
        int end = log.indexOf(to);
        assertThat(start).as("marker %s", from).isNotNegative();
        assertThat(end).as("marker %s", to).isGreaterThan(start);
        return log.subList(start + 1, end);
    }
}

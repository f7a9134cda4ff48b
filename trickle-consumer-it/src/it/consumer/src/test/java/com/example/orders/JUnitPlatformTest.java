package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Not an example: the check that the test class path holds one JUnit Platform version (jqwik 1.9.3 asks for
 * 1.13.1, JUnit 5.14.4 for 1.14.4; mixed, the forked test JVM dies before running a test).
 */
class JUnitPlatformTest {

    @Test
    void testClassPath_holdsOneJUnitPlatformVersion() throws IOException {
        Map<String, String> versions = new TreeMap<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/MANIFEST.MF"))) {
            try (InputStream in = url.openStream()) {
                var main = new Manifest(in).getMainAttributes();
                String bundle = main.getValue("Bundle-SymbolicName");
                if (bundle != null && bundle.startsWith("junit-platform-")) {
                    versions.put(bundle, main.getValue("Bundle-Version"));
                }
            }
        }
        assertThat(versions).containsKeys("junit-platform-commons", "junit-platform-engine",
                "junit-platform-launcher");
        assertThat(new HashSet<>(versions.values())).as(versions.toString()).hasSize(1);
    }
}

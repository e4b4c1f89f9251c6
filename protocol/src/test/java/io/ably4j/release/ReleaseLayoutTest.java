package io.ably4j.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the release layout of the build that Maven itself does not: the BOM has no parent (so that it imposes no
 * third-party versions), hence its version and its list of artifacts are written by hand and could drift from the
 * parent POM's. Runs from the protocol module's directory (Surefire's working directory), reading the POMs of the
 * repository.
 */
class ReleaseLayoutTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern OWN_VERSION = Pattern.compile("(?m)^  <version>([^<]+)</version>");
    private static final Pattern OWN_ARTIFACT = Pattern.compile("(?m)^  <artifactId>([^<]+)</artifactId>");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern MANAGED_ARTIFACT = Pattern.compile(
            "<groupId>io\\.ably4j</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void bomVersionIsTheProjectVersion() throws IOException {
        String parent = read(ROOT.resolve("pom.xml"));
        String bom = read(ROOT.resolve("bom/pom.xml"));

        assertThat(bom).doesNotContain("<parent>");
        assertThat(first(OWN_VERSION, bom)).isEqualTo(first(OWN_VERSION, parent));
    }

    @Test
    void bomManagesEveryPublishedModuleAtTheProjectVersion() throws IOException {
        String parent = read(ROOT.resolve("pom.xml"));
        String bom = read(ROOT.resolve("bom/pom.xml"));
        List<String> managed = new ArrayList<>();
        Matcher m = MANAGED_ARTIFACT.matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
        while (m.find()) {
            managed.add(m.group(1));
            assertThat(m.group(2)).as(m.group(1)).isEqualTo("${project.version}");
        }

        List<String> published = new ArrayList<>();
        Matcher modules = MODULE.matcher(parent);
        while (modules.find()) {
            String module = modules.group(1);
            if (module.equals("bom")) {
                continue;
            }
            String pom = read(ROOT.resolve(module).resolve("pom.xml"));
            if (!pom.contains("<ably4j.publish.skip>true</ably4j.publish.skip>")) {
                published.add(first(OWN_ARTIFACT, pom));
            }
        }

        assertThat(published).contains("ably4j-protocol", "ably4j-client", "ably4j-emulator");
        assertThat(managed).containsAll(published);
    }

    @Test
    void everyPomPinsTheSameOutputTimestamp() throws IOException {
        Pattern timestamp = Pattern.compile("<project.build.outputTimestamp>([^<]+)</project.build.outputTimestamp>");
        String parent = first(timestamp, read(ROOT.resolve("pom.xml")));
        String bom = first(timestamp, read(ROOT.resolve("bom/pom.xml")));

        assertThat(parent).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(bom).isEqualTo(parent);
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in the POM", pattern).isTrue();
        return m.group(1);
    }

    /** The POM's text without its XML comments (the BOM's comment shows a usage example). */
    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
    }
}

package io.ably4j.emulator.junit.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/testing.md} quotes the example tests verbatim: each {@code <!-- snippet: NAME -->} in the document is
 * followed by a Java code block equal to the source region between {@code // docs:begin NAME} and {@code // docs:end
 * NAME} in this package, so the documented examples are the ones that run.
 */
class DocSnippetsTest {
    private static final Path SOURCES = Path.of("src/test/java/io/ably4j/emulator/junit/example");
    private static final Path DOC = Path.of("../docs/testing.md");
    private static final Pattern BEGIN = Pattern.compile("^// docs:begin (\\S+)$");
    /** What to run when a snippet differs. */
    private static final String FIX = "run python3 scripts/doc-snippets.py";

    private static final Pattern SNIPPET =
            Pattern.compile("<!-- snippet: (\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippetOfTheDocIsTheSourceRegionOfTheSameName() throws IOException {
        Map<String, String> regions = regions();
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher m = SNIPPET.matcher(doc);
        List<String> quoted = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            quoted.add(name);
            assertThat(regions).as("source region %s", name).containsKey(name);
            assertThat(m.group(2)).as("snippet %s of %s (%s)", name, DOC, FIX).isEqualTo(regions.get(name));
        }
        assertThat(quoted).as("snippets in %s", DOC).containsExactlyInAnyOrderElementsOf(regions.keySet());
    }

    /** Region name → its lines (between the markers), each ending with a newline. */
    private static Map<String, String> regions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher begin = BEGIN.matcher(lines.get(i));
                if (!begin.matches()) {
                    continue;
                }
                String name = begin.group(1);
                StringBuilder body = new StringBuilder();
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).equals("// docs:end " + name)) {
                    body.append(lines.get(j)).append('\n');
                    j++;
                }
                assertThat(j).as("// docs:end %s in %s", name, file).isLessThan(lines.size());
                assertThat(out.put(name, body.toString()))
                        .as("region %s defined twice", name)
                        .isNull();
            }
        }
        return out;
    }
}

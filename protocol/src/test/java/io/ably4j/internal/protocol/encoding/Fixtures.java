package io.ably4j.internal.protocol.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.types.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Loads the shared ably-common fixtures and reads values out of their JSON trees. */
final class Fixtures {
    private Fixtures() {}

    /**
     * Parses the ably-common fixture {@code name}, a copy of {@code ably-common/test-resources/<name>} in this module's
     * test resources ({@code ably-common/}, with its licence and source note).
     */
    static Object load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ably-common/" + name)) {
            assertThat(in).as("fixture " + name + " in the test resources").isNotNull();
            Object tree = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .toValue();
            if (tree == null) {
                throw new AssertionError(name + " holds JSON null");
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records a fixture's case count on stdout so a build log shows what ran. */
    static void report(String name, int cases) {
        System.out.println("fixture " + name + ": " + cases + " cases");
    }

    @SuppressWarnings("unchecked") // fixture trees come from Json.toValue(): objects are Map<String, Object>
    static Map<String, @Nullable Object> map(@Nullable Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new AssertionError("expected a JSON object, got " + o);
        }
        return (Map<String, @Nullable Object>) m;
    }

    @SuppressWarnings("unchecked") // fixture trees come from Json.toValue(): arrays are List<Object>
    static List<Object> list(@Nullable Object o) {
        if (!(o instanceof List<?> l)) {
            throw new AssertionError("expected a JSON array, got " + o);
        }
        return (List<Object>) l;
    }

    static String string(Map<String, @Nullable Object> m, String key) {
        if (!(m.get(key) instanceof String v)) {
            throw new AssertionError("expected a string at " + key + " in " + m);
        }
        return v;
    }

    static @Nullable String optString(Map<String, @Nullable Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    static int integer(Map<String, @Nullable Object> m, String key) {
        if (!(m.get(key) instanceof Long v)) {
            throw new AssertionError("expected an integer at " + key + " in " + m);
        }
        return Math.toIntExact(v);
    }

    static byte[] base64(String text) {
        return java.util.Base64.getDecoder().decode(text);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}

package io.ably4j.types;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Small helpers to look into JSON values in assertions. */
final class TestJson {
    private TestJson() {}

    /** The object at the end of a path of keys (each step must be an object). */
    @SuppressWarnings("unchecked") // test helper over Json.toValue() trees, whose objects are String-keyed maps
    static @Nullable Object at(@Nullable Object tree, String... path) {
        Object node = tree;
        for (String key : path) {
            node = ((Map<String, @Nullable Object>) Objects.requireNonNull(node, key)).get(key);
        }
        return node;
    }

    static @Nullable Object at(@Nullable Json json, String... path) {
        return at(Objects.requireNonNull(json, "json").toValue(), path);
    }

    static @Nullable Object at(byte[] utf8Json, String... path) {
        return at(Json.parse(new String(utf8Json, StandardCharsets.UTF_8)).toValue(), path);
    }
}

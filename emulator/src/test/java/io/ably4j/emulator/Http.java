package io.ably4j.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Tiny REST helper for tests. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {}

    static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(Emulator emu, String path, @Nullable String auth) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(emu.restUri() + path)).timeout(Duration.ofSeconds(10));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(Emulator emu, String path, String accept) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(emu.restUri() + path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(10))
                .build();
        return CLIENT.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> post(Emulator emu, String path, @Nullable String auth, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.restUri() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return CLIENT.send(
                b.POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a msgpack body, asking for a msgpack response. */
    static HttpResponse<byte[]> postMsgpack(Emulator emu, String path, @Nullable String auth, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.restUri() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-msgpack")
                .header("Accept", "application/x-msgpack");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return CLIENT.send(
                b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Any request: extra headers (e.g. {@code Accept}, {@code X-Ably-Version}), an optional body. */
    static HttpResponse<byte[]> send(
            Emulator emu,
            String method,
            String path,
            @Nullable String auth,
            Map<String, String> headers,
            byte @Nullable [] body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(emu.restUri() + path)).timeout(Duration.ofSeconds(10));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        headers.forEach(b::header);
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

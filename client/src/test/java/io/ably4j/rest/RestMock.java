package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The UTS {@code Rest} client and {@code MockHttpClient} of the REST unit tests ({@code uts/rest/unit/helpers/
 * mock_http.md}): a {@link RestClient} on a {@link FakeRuntime}, whose {@link MockHttp} records every request. UTS
 * {@code queue_response(status, body, headers)} is {@link #queue}; {@code captured_requests} is {@link #requests()}.
 */
final class RestMock implements AutoCloseable {
    final FakeRuntime rt = new FakeRuntime();
    final MockHttp http = rt.http;

    /** A REST client with key {@code appId.keyId:keySecret} plus {@code options}. */
    RestClient client(Consumer<ClientOptions.Builder> options) {
        return rt.restClient(options);
    }

    RestClient client() {
        return client(b -> {});
    }

    List<HttpCall> requests() {
        return http.requests;
    }

    HttpCall request(int i) {
        return http.requests.get(i);
    }

    /** Queues a JSON response. */
    void queue(int status, String json) {
        http.queueJson(status, json);
    }

    /** Queues a JSON response with extra headers. */
    void queue(int status, String json, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Content-Type", "application/json");
        http.queue(call -> MockHttp.respond(status, json, h));
    }

    /** Queues a msgpack response holding the JSON value {@code json}. */
    void queueMsgpack(int status, String json) {
        byte[] body = ProtocolCodec.create(WireFormat.MSGPACK).encodeJson(Json.parse(json));
        http.queue(call -> CompletableFuture.completedFuture(
                new HttpResult(status, Map.of("Content-Type", List.of("application/x-msgpack")), body)));
    }

    /** Answers every request (after the queued ones) with {@code status} and JSON {@code json}. */
    void always(int status, String json) {
        http.handler = call -> MockHttp.json(status, json);
    }

    /** The body of {@code call} as a tree, decoded by its Content-Type. */
    static Object body(HttpCall call) {
        byte[] body = bytes(call);
        String type = call.headers().getOrDefault("Content-Type", "application/json");
        WireFormat f = type.contains("msgpack") ? WireFormat.MSGPACK : WireFormat.JSON;
        return Objects.requireNonNull(ProtocolCodec.create(f).decodeJson(body).toValue());
    }

    /** The body bytes of {@code call}, which must have one. */
    static byte[] bytes(HttpCall call) {
        return Objects.requireNonNull(call.body(), "request body");
    }

    /** The member {@code name} of JSON object {@code item}. */
    static @Nullable Object field(Json item, String name) {
        return ((Map<?, ?>) Objects.requireNonNull(item.toValue())).get(name);
    }

    /** The body of {@code call} as a JSON object. */
    static Map<String, Object> bodyObject(HttpCall call) {
        Object tree = body(call);
        assertThat(tree).isInstanceOf(Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) tree).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** The query parameters of {@code call}, decoded. */
    static Map<String, String> query(HttpCall call) {
        return MockHttp.query(call);
    }

    /** The header {@code name} of {@code call} (case-insensitive), or null. */
    static @Nullable String header(HttpCall call, String name) {
        return call.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The credentials of a Basic Authorization header. */
    static String basicCredentials(HttpCall call) {
        String auth = Objects.requireNonNull(header(call, "Authorization"));
        assertThat(auth).startsWith("Basic ");
        return new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
    }

    /** UTS {@code AWAIT ... FAILS WITH error}. */
    ErrorInfo fails(CompletableFuture<?> f) {
        Throwable t = rt.awaitError(f);
        assertThat(t).isInstanceOf(AblyException.class);
        return ((AblyException) t).errorInfo();
    }

    <T> T await(CompletableFuture<T> f) {
        return rt.await(f);
    }

    @Override
    public void close() {
        rt.close();
    }
}

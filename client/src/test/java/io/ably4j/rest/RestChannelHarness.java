package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.LogLevel;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The UTS {@code Rest} client of the channel tests: a {@link RestClient} on a {@link FakeRuntime} whose requests go to
 * {@link #http}, with its error log captured, and helpers to answer and read requests in either format.
 */
final class RestChannelHarness {
    static final String JSON_TYPE = "application/json";
    static final String MSGPACK_TYPE = "application/x-msgpack";

    final FakeRuntime rt = new FakeRuntime();
    final MockHttp http = rt.http;
    /** Every ERROR-level log message. */
    final List<String> errors = new CopyOnWriteArrayList<>();

    /** A JSON client (the UTS default for readable assertions) with key {@code appId.keyId:keySecret}. */
    RestClient json() {
        return client(b -> b.useBinaryProtocol(false));
    }

    /** A client with key {@code appId.keyId:keySecret}, its errors captured, and {@code options}. */
    RestClient client(Consumer<ClientOptions.Builder> options) {
        return rt.restClient(b -> {
            b.logLevel(LogLevel.ERROR).logHandler((level, message, t) -> {
                if (level == LogLevel.ERROR) {
                    errors.add(message);
                }
            });
            options.accept(b);
        });
    }

    /** Answers every request with {@code status} and a JSON {@code body}. */
    void answerJson(int status, String body) {
        http.handler = call -> MockHttp.json(status, body);
    }

    /** A response with a msgpack body. */
    static CompletableFuture<HttpResult> msgpack(int status, byte[] body) {
        return CompletableFuture.completedFuture(
                new HttpResult(status, Map.of("Content-Type", List.of(MSGPACK_TYPE)), body));
    }

    /** A response with a body in {@code format} and extra single-valued headers. */
    static CompletableFuture<HttpResult> respond(
            int status, byte[] body, WireFormat format, Map<String, String> extra) {
        java.util.Map<String, List<String>> h = new java.util.LinkedHashMap<>();
        h.put("Content-Type", List.of(format.mimeType()));
        extra.forEach((k, v) -> h.put(k, List.of(v)));
        return CompletableFuture.completedFuture(new HttpResult(status, h, body));
    }

    /** The only request sent. */
    HttpCall onlyRequest() {
        assertThat(http.requests).hasSize(1);
        return http.requests.get(0);
    }

    /** The messages in the body of {@code call}, in {@code format}. */
    static List<Message> messagesOf(HttpCall call, WireFormat format) {
        return ProtocolCodec.create(format).decodeMessages(java.util.Objects.requireNonNull(call.body(), "body"));
    }

    /** The body of {@code call} as text. */
    static String text(HttpCall call) {
        return new String(java.util.Objects.requireNonNull(call.body(), "body"), StandardCharsets.UTF_8);
    }

    /** Messages as a JSON body. */
    static String jsonMessages(Message... messages) {
        return new String(
                ProtocolCodec.create(WireFormat.JSON).encodeMessages(List.of(messages)), StandardCharsets.UTF_8);
    }

    /** Presence messages as a JSON body. */
    static String jsonPresence(PresenceMessage... messages) {
        return new String(
                ProtocolCodec.create(WireFormat.JSON).encodePresenceMessages(List.of(messages)),
                StandardCharsets.UTF_8);
    }

    /** Drains and returns the future's value. */
    <T> T await(CompletableFuture<T> f) {
        return rt.await(f);
    }

    /** Drains and returns the {@link ErrorInfo} the future failed with. */
    ErrorInfo failure(CompletableFuture<?> f) {
        Throwable t = rt.awaitError(f);
        assertThat(t).isInstanceOf(AblyException.class);
        return ((AblyException) t).errorInfo();
    }

    /** The {@link ErrorInfo} of the {@link AblyException} {@code call} throws. */
    static ErrorInfo thrown(java.util.function.Supplier<?> call) {
        return thrownRunning(() -> {
            Object unused = call.get();
        });
    }

    /** The {@link ErrorInfo} of the {@link AblyException} {@code call} throws instead of returning a future. */
    static ErrorInfo thrownFuture(java.util.function.Supplier<? extends CompletableFuture<?>> call) {
        return thrownRunning(() -> {
            CompletableFuture<?> unused = call.get();
        });
    }

    /** The {@link ErrorInfo} of the {@link AblyException} {@code call} throws. */
    static ErrorInfo thrownRunning(Runnable call) {
        try {
            call.run();
        } catch (AblyException e) {
            return e.errorInfo();
        }
        throw new AssertionError("expected an AblyException");
    }

    /** The query parameter {@code name} of {@code call}, decoded; null if absent. */
    static @Nullable String param(HttpCall call, String name) {
        String query = call.uri().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}

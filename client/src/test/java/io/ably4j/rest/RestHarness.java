package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.util.List;
import java.util.function.Consumer;

/**
 * The UTS {@code Rest} client of these tests: a {@link RealtimeClient} with {@code autoConnect(false)} on a {@link
 * FakeRuntime}, whose {@code time()} is the REST one (RTC6a). It opens no connection, so every request the {@link
 * MockHttp} sees comes from {@code time()}.
 */
final class RestHarness implements AutoCloseable {
    static final String PRIMARY = "main.realtime.ably.net";
    static final List<String> DEFAULT_FALLBACKS = List.of(
            "main.a.fallback.ably-realtime.com",
            "main.b.fallback.ably-realtime.com",
            "main.c.fallback.ably-realtime.com",
            "main.d.fallback.ably-realtime.com",
            "main.e.fallback.ably-realtime.com");
    /** The body of a {@code /time} response, as Ably sends it. */
    static final String TIME_BODY = "[1234567890000]";

    static final long TIME = 1234567890000L;

    final FakeRuntime rt = new FakeRuntime();
    final MockHttp http = rt.http;

    /** A client with key {@code appId.keyId:keySecret}, {@code autoConnect(false)} and {@code options}. */
    RealtimeClient client(Consumer<ClientOptions.Builder> options) {
        return rt.client(b -> {
            b.autoConnect(false);
            options.accept(b);
        });
    }

    RealtimeClient client() {
        return client(b -> {});
    }

    /** UTS {@code AWAIT client.time()}. */
    long time(RealtimeClient client) {
        return rt.await(client.time());
    }

    /** UTS {@code AWAIT client.time() FAILS WITH error}. */
    ErrorInfo timeFails(RealtimeClient client) {
        Throwable t = rt.awaitError(client.time());
        assertThat(t).isInstanceOf(AblyException.class);
        return ((AblyException) t).errorInfo();
    }

    /** Answers every request with a {@code /time} body. */
    void alwaysTime() {
        http.handler = call -> MockHttp.json(200, TIME_BODY);
    }

    @Override
    public void close() {
        rt.close();
    }
}

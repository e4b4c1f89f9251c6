package io.ably4j.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.LogLevel;
import io.ably4j.internal.connection.HostPolicy;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.util.Log;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.ManualExecutor;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenFetcher} on a {@link FakeRuntime}: the runtime's {@link ManualExecutor} and {@link MockHttp}, a
 * separate {@link ManualExecutor} as the callback executor, a wall clock that follows the fake scheduler, and a log
 * that records every line at VERBOSE. Nothing runs until {@link #drain()} or {@link #advance}.
 */
final class FetcherHarness implements AutoCloseable {
    static final String KEY = "appId.keyId:keySecret";
    static final String PRIMARY = "main.realtime.ably.net";
    static final String AUTH_HOST = "auth.example.com";
    static final String AUTH_URL = "https://auth.example.com/token";
    /** The wall clock when the harness starts, ms since the epoch. */
    static final long WALL_START = 1_700_000_000_000L;

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final FakeRuntime rt = new FakeRuntime();
    final MockHttp http = rt.http;
    final ManualExecutor callbacks = new ManualExecutor();
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final TokenFetcher fetcher;

    FetcherHarness() {
        this(null);
    }

    /** With {@code callbackExecutor} in place of {@link #callbacks} when not null. */
    FetcherHarness(@Nullable Executor callbackExecutor) {
        ClientOptions options = ClientOptions.builder().key(KEY).build();
        Log log = new Log(
                LogLevel.VERBOSE, (level, message, t) -> logLines.add(message + (t == null ? "" : " " + t)), "");
        HttpRequester requester = new HttpRequester(options, HostPolicy.of(options), rt.runtime(), log);
        long startNanos = rt.scheduler.nanoTime();
        fetcher = new TokenFetcher(
                requester,
                http,
                rt.scheduler,
                rt.executor,
                callbackExecutor != null ? callbackExecutor : callbacks,
                () -> WALL_START + (rt.scheduler.nanoTime() - startNanos) / 1_000_000,
                TIMEOUT,
                log);
    }

    /** Runs the runtime's and the callback executor's work until both are idle. */
    void drain() {
        while (rt.executor.drain() + callbacks.drain() > 0) {
            // again: one executor's work may have queued work on the other
        }
    }

    /** Moves the fake clock, firing due timers, then drains. */
    void advance(Duration d) {
        drain();
        rt.scheduler.advance(d);
        drain();
    }

    <T> T await(CompletableFuture<T> f) {
        drain();
        assertThat(f).as("future completed").isDone();
        return f.join();
    }

    /** The exception {@code f} failed with (after draining). */
    AblyException failure(CompletableFuture<?> f) {
        drain();
        assertThat(f.isCompletedExceptionally())
                .as("future failed; done=" + f.isDone())
                .isTrue();
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AblyException cause)) {
                throw new AssertionError("not an AblyException", e.getCause());
            }
            return cause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    ErrorInfo fails(CompletableFuture<?> f) {
        return failure(f).errorInfo();
    }

    CompletableFuture<TokenDetails> fetch(AuthOptions options, TokenFetcher.Purpose purpose) {
        return fetcher.fetch(options, TokenParams.empty(), purpose);
    }

    /** Options with only {@code callback}. */
    static AuthOptions callback(AuthCallback callback) {
        return AuthOptions.builder().authCallback(callback).build();
    }

    /** Options with only a blocking callback. */
    static AuthOptions blocking(AuthCallback.BlockingAuthCallback callback) {
        return callback(AuthCallback.blocking(callback));
    }

    static AuthOptions authUrl() {
        return AuthOptions.builder().authUrl(AUTH_URL).build();
    }

    static AuthOptions key() {
        return AuthOptions.builder().key(KEY).build();
    }

    /** Requests to {@code host}. */
    List<HttpCall> requestsTo(String host) {
        return http.requests.stream()
                .filter(c -> host.equals(c.uri().getHost()))
                .toList();
    }

    /** The query (or form body) parameters, decoded, in order; a bare name has the value "". */
    static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawPairs(raw)) {
            int eq = pair.indexOf('=');
            String name = eq >= 0 ? pair.substring(0, eq) : pair;
            String value = eq >= 0 ? pair.substring(eq + 1) : "";
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    static Map<String, String> query(URI uri) {
        String raw = uri.getRawQuery();
        return params(raw == null ? "" : raw);
    }

    static List<String> rawPairs(String raw) {
        List<String> pairs = new ArrayList<>();
        for (String p : raw.split("&", -1)) {
            if (!p.isEmpty()) {
                pairs.add(p);
            }
        }
        return pairs;
    }

    static String body(HttpCall call) {
        byte[] b = call.body();
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    /** The value of header {@code name} (case-insensitive), or null. */
    static @Nullable String header(HttpCall call, String name) {
        return call.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** All the log lines, joined. */
    String log() {
        return String.join("\n", logLines);
    }

    @Override
    public void close() {
        drain();
        rt.close();
    }
}

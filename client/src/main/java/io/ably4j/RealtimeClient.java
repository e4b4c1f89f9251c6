package io.ably4j;

import io.ably4j.internal.auth.AuthManager;
import io.ably4j.internal.channel.ChannelRegistry;
import io.ably4j.internal.connection.ClientAccess;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.connection.ConnectionImpl;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.http.ServerTime;
import io.ably4j.internal.rest.ClientServices;
import io.ably4j.internal.rest.RestCore;
import io.ably4j.internal.rest.RestOperations;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SerialExecutor;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A realtime client for Ably: one {@link Connection} and its {@link Channels}. Spec: RTC1, RTC2, RTC3.
 *
 * <pre>{@code
 * try (RealtimeClient client = new RealtimeClient(ClientOptions.builder().key(key).build())) {
 *     client.connection().whenState(ConnectionState.CONNECTED).await();
 *     ...
 * }
 * }</pre>
 *
 * <h2>Threading</h2>
 *
 * <p>Thread-safe. A client owns no threads: its state lives on a serial executor over a small pool shared by all
 * clients in the process, so the number of threads does not grow with the number of clients. Listeners and future
 * completions run on the callback executor ({@link ClientOptions#callbackExecutor()}), one at a time and in order,
 * by default never where they could hold up the connection; see {@link Connection} for the details. No method blocks; wait with {@link
 * AblyFuture#await()} on a returned future when blocking is wanted. The exception is {@link #close()}, which
 * waits, bounded, for the connection to close, except on the callback executor (see there). A listener may block on a
 * future the library returned (e.g. {@code publish(...).get()}): it gets the result as soon as the client has it; see
 * {@link AblyFuture} for what holds there and for the waits that fail fast instead.
 */
public final class RealtimeClient implements AutoCloseable {
    static {
        ClientAccess.install(new ClientAccess() {
            @Override
            public RealtimeClient newClient(ClientOptions options, ClientRuntime runtime) {
                return new RealtimeClient(requireOptions(options), runtime);
            }

            @Override
            public RestClient newRestClient(ClientOptions options, ClientRuntime runtime) {
                return new RestClient(requireOptions(options), runtime);
            }

            @Override
            public ConnectionManager manager(RealtimeClient client) {
                return client.manager;
            }
        });
    }

    private final ClientOptions options;
    private final ConnectionManager manager;
    private final Connection connection;
    private final ChannelRegistry channels;
    private final HttpRequester http;
    private final AuthManager auth;
    private final RestCore rest;
    private final RestOperations operations;
    private final SerialExecutor callbacks;
    private final Log log;
    /** close() waits on the shared runtime only: an injected (test) runtime runs its tasks on the test's thread. */
    private final boolean waitOnClose;

    /**
     * Creates a client; connects at once unless {@link ClientOptions#autoConnect()} is false. Spec: RTN3.
     *
     * @param options the client options
     * @throws AblyException 40000 if {@code options} is null
     */
    public RealtimeClient(ClientOptions options) {
        this(requireOptions(options), null);
    }

    /**
     * Creates a client from an API key (a string containing {@code :}) or a token, with default options. Spec: RSC1,
     * RTC12.
     *
     * @param keyOrToken an API key ({@code name:secret}) or a token string
     * @throws AblyException 40106 if the string is null or empty; 40005 if it is a malformed key
     */
    public RealtimeClient(String keyOrToken) {
        this(ClientOptions.fromKeyOrToken(keyOrToken), null);
    }

    /** A client on an injected runtime (fake transport, scheduler and executor); see {@link ClientAccess}. */
    private RealtimeClient(ClientOptions options, @Nullable ClientRuntime runtime) {
        this.options = options;
        ClientServices services = ClientServices.create(options, runtime);
        ClientRuntime rt = services.runtime();
        Log log = services.log();
        this.log = log;
        this.callbacks = services.callbacks();
        this.waitOnClose = runtime == null;
        SerialExecutor serial = new SerialExecutor(rt.executor(), log);
        this.http = services.http();
        this.auth = services.auth();
        this.rest = services.rest();
        this.operations = new RestOperations(rest);
        this.manager = new ConnectionManager(options, rt, serial, services.callbacks(), log, services.hosts(), auth);
        auth.setReauthorizer(manager::reauthorize);
        this.connection = new ConnectionImpl(manager);
        this.channels = new ChannelRegistry(manager, rest, rt.scheduler()::currentTimeMillis); // before connecting
        if (options.autoConnect()) {
            manager.connect(); // RTN3
        }
    }

    /** {@return the options this client was created with} */
    public ClientOptions options() {
        return options;
    }

    /** {@return the connection} Spec: RTC2. */
    public Connection connection() {
        return connection;
    }

    /** {@return the channels} Spec: RTC3, RTS1. */
    public Channels channels() {
        return channels;
    }

    /** {@return the client's authentication: its client id, its token, authorize()} Spec: RTC4. */
    public Auth auth() {
        return auth;
    }

    /** {@return the client id, same as {@code auth().clientId()}; null while unknown} Spec: RTC17. */
    public @Nullable String clientId() {
        return auth.clientId();
    }

    /**
     * {@return the Ably service time, in milliseconds since the epoch: a {@code GET /time} request to the REST
     * endpoint} Spec: RTC6a, RSC16. It needs no authentication and sends no credentials, and it does not need the
     * realtime connection. The request goes to the primary domain, or to the fallback host the connection is on or that
     * recently served a request, and falls back to the other hosts when one cannot serve it (RSC15).
     *
     * <p>The future completes on the callback executor ({@link ClientOptions#callbackExecutor()}), in order with the
     * client's other callbacks. It fails with an {@link AblyException} whose {@link ErrorInfo} is the error Ably
     * returned (e.g. 50000/500), {@code status * 100} with the HTTP status for a non-Ably error response, 80000/503
     * when no host could be reached, or 50003/504 when no host answered within the request timeout (10 s).
     */
    public AblyFuture<Long> time() {
        return rest.deliver(http.execute(ServerTime.request()).thenApply(ServerTime::parse));
    }

    /**
     * Sends any request to Ably's REST API, with the client's authentication, host fallback and paging: for endpoints
     * this library has no method for. Spec: RTC9, RSC19, RSC19b.
     *
     * <p>The body is encoded, and the response decoded, as JSON or msgpack by {@link
     * ClientOptions#useBinaryProtocol()}, whose MIME type goes in {@code Accept} and {@code Content-Type} (RSC19c);
     * {@code X-Ably-Version} is {@code version} (RSC19f1). A response of any status, 4xx and 5xx included, completes
     * the future (check {@link HttpPaginatedResponse#success()}); it fails only when no host answered: 80000/503 for a
     * network failure, 50003/504 for a timeout, after the fallback hosts (RSC19e). A token error is handled as for any
     * request: the token is renewed once (RSA4b).
     *
     * @param method an HTTP verb such as {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
     * @param path the path, such as {@code /channels/foo/messages}; a missing leading {@code /} is added
     * @param version the protocol version Ably should use to interpret the request, such as 3
     * @param params query parameters, or null
     * @param body a {@link io.ably4j.types.Json} value or a tree of {@code Map}, {@code List}, {@code String}, {@code
     *     Number}, {@code Boolean} (see {@link io.ably4j.types.Json#of}), or null for no body
     * @param headers extra headers, or null; {@code Authorization} is ignored (RSC19b)
     * @return the first page of the response; fails with 40000 for a bad method, path, version, parameter or header,
     *     or 40013 for a body that is not JSON, without a request
     */
    public AblyFuture<HttpPaginatedResponse> request(
            String method,
            String path,
            int version,
            @Nullable Map<String, String> params,
            @Nullable Object body,
            @Nullable Map<String, String> headers) {
        return operations.request(method, path, version, params, body, headers);
    }

    /**
     * {@code request(method, path, version, null, null, null)}.
     *
     * @param method the HTTP method, such as {@code GET}
     * @param path the path, such as {@code /channels/foo/messages}
     * @param version the Ably API version of the request
     * @return a future completed with the first page of the response
     */
    public AblyFuture<HttpPaginatedResponse> request(String method, String path, int version) {
        return request(method, path, version, null, null, null);
    }

    /**
     * {@return the app's statistics: a page of {@link Stats}, newest first unless {@code params} say otherwise} Spec:
     * RTC5, RSC6.
     *
     * @param params start, end, direction, limit and unit (RSC6b), or null for Ably's defaults
     */
    public AblyFuture<PaginatedResult<Stats>> stats(@Nullable StatsParams params) {
        return operations.stats(params);
    }

    /** {@return {@code stats(null)}: the last 100 minutes of statistics, newest first} */
    public AblyFuture<PaginatedResult<Stats>> stats() {
        return stats(null);
    }

    /** Same as {@code connection().connect()}. Spec: RTC15. */
    public void connect() {
        connection.connect();
    }

    /**
     * Closes the connection and returns a future that completes once it is CLOSED, or FAILED, after the listeners of
     * that state change have run. Spec: RTC16, RTN12. When {@link #connect()} is called before the connection closed,
     * the close is abandoned (RTN11b) and the future fails with 80017. Returns at once; the future completes on the
     * callback executor ({@link ClientOptions#callbackExecutor()}). Once it has completed, the client has no timer left
     * on the shared scheduler and calls no listener any more, unless it is connected again.
     *
     * @return a future completed once the connection is closed
     */
    public AblyFuture<Void> closeAsync() {
        // Completed after the CLOSED listeners, on the callback executor: waiting for it there fails fast.
        AblyFuture<Void> done = ClientFuture.completedByListener(callbacks);
        manager.close(done);
        return done;
    }

    /**
     * Closes the connection and waits until it is CLOSED or FAILED (see {@link #closeAsync()}), at most twice {@link
     * ClientOptions#realtimeRequestTimeout()} (a connection attempt in flight, then the wait for CLOSED); the close
     * goes on in the background after that. Spec: RTC16, RTN12, RTN12b. Never waits when called on the client's
     * callback executor, e.g. from a listener: that thread is the one that would complete the close, so waiting would
     * deadlock; use {@link #closeAsync()} there to learn when the close is done. An interrupt ends the wait, with the
     * thread's interrupt status set.
     */
    @Override
    public void close() {
        AblyFuture<Void> done = closeAsync();
        if (!waitOnClose || callbacks.inExecutor() || manager.executor().inExecutor()) {
            return;
        }
        Duration bound = options.realtimeRequestTimeout().multipliedBy(2);
        try {
            done.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn(
                    "close(): the connection did not close within " + bound.toMillis() + " ms; not waiting any longer");
        } catch (ExecutionException e) {
            log.info("close(): the close was abandoned: " + e.getCause());
        }
    }

    static ClientOptions requireOptions(ClientOptions options) {
        if (options == null) {
            throw Errors.badArgument("options must not be null");
        }
        return options;
    }
}

package io.ably4j;

import io.ably4j.internal.auth.AuthManager;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.http.ServerTime;
import io.ably4j.internal.rest.ClientServices;
import io.ably4j.internal.rest.RestBatch;
import io.ably4j.internal.rest.RestChannelRegistry;
import io.ably4j.internal.rest.RestCore;
import io.ably4j.internal.rest.RestOperations;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A REST client for Ably: publishing, history, presence, token requests and the other REST operations, each an HTTP
 * request, with no connection to keep open. Spec: RSC1.
 *
 * <pre>{@code
 * try (RestClient rest = new RestClient(ClientOptions.builder().key(key).build())) {
 *     long serverTime = rest.time().await();
 * }
 * }</pre>
 *
 * <h2>Threading</h2>
 *
 * <p>Thread-safe, and no method blocks: every operation returns an {@link AblyFuture}, which completes on the callback
 * executor ({@link ClientOptions#callbackExecutor()}, by default a small pool shared by all clients), in the order the
 * responses arrive. Wait with {@link AblyFuture#await()} when blocking is wanted: it throws the {@link AblyException}
 * itself. A client owns no threads, so many clients cost no more threads than one.
 *
 * <h2>Requests</h2>
 *
 * <p>Requests go to the primary domain ({@link ClientOptions#primaryDomain()}) and fall back to the fallback domains
 * on a network failure, a timeout or a 5xx response (RSC15). They authenticate with the key (basic auth, RSA11) or a
 * token (RSA3b), which is obtained on demand and renewed once when Ably rejects it (RSA4b). Bodies are msgpack, or JSON
 * when {@link ClientOptions#useBinaryProtocol()} is false (RSC8).
 */
public final class RestClient implements AutoCloseable {
    private final ClientOptions options;
    private final HttpRequester http;
    private final AuthManager auth;
    private final RestCore rest;
    private final RestOperations operations;
    private final RestChannelRegistry channels;
    private final RestBatch batch;

    /**
     * Creates a client. Spec: RSC1. It sends nothing until an operation is called.
     *
     * @param options the client options
     * @throws AblyException 40000 if {@code options} is null
     */
    public RestClient(ClientOptions options) {
        this(RealtimeClient.requireOptions(options), null);
    }

    /**
     * Creates a client from an API key (a string containing {@code :}) or a token, with default options. Spec: RSC1a.
     *
     * @param keyOrToken an API key ({@code name:secret}) or a token string
     * @throws AblyException 40106 if the string is null or empty; 40005 if it is a malformed key
     */
    public RestClient(String keyOrToken) {
        this(ClientOptions.fromKeyOrToken(keyOrToken), null);
    }

    /** A client on an injected runtime (tests); see {@link io.ably4j.internal.connection.ClientAccess}. */
    RestClient(ClientOptions options, @Nullable ClientRuntime runtime) {
        this.options = options;
        ClientServices services = ClientServices.create(options, runtime);
        this.http = services.http();
        this.auth = services.auth();
        this.rest = services.rest();
        this.operations = new RestOperations(rest);
        this.channels = new RestChannelRegistry(rest);
        this.batch = new RestBatch(rest);
    }

    /** {@return the options this client was created with} */
    public ClientOptions options() {
        return options;
    }

    /**
     * {@return the client id of this client: the same as {@code auth().clientId()}; null while unknown} Spec: RSC17.
     */
    public @Nullable String clientId() {
        return auth.clientId();
    }

    /**
     * {@return the client's authentication: its client id, its token, authorize(), token requests} Spec: RSC5, RSA.
     */
    public Auth auth() {
        return auth;
    }

    /** {@return the channels: publish, history, presence and status, each an HTTP request} Spec: RSN1. */
    public RestChannels channels() {
        return channels;
    }

    /**
     * Publishes the messages of {@code spec} to each of its channels in one {@code POST /messages} request. Spec:
     * RSC22c, RSC22b. Completes with one result per channel, in the order of {@link BatchPublishSpec#channels()}: a
     * {@link BatchPublishResult.Success} with the serials, or a {@link BatchPublishResult.Failure} with the reason that
     * channel refused them (for example 40160 without the publish capability). Only a failure of the whole request
     * fails the future. Messages are checked, given ids (RSC22d, {@link ClientOptions#idempotentRestPublishing()}) and
     * encoded as by {@link RestChannel#publish(List, java.util.Map)}, without encryption.
     *
     * @param spec the channels and the messages to publish on each
     * @return a future completed, on the callback executor, with one result per channel
     * @throws AblyException 40000 if {@code spec} is null
     */
    public AblyFuture<BatchResult<BatchPublishResult>> batchPublish(BatchPublishSpec spec) {
        return batch.publish(spec);
    }

    /**
     * Publishes several specs in one {@code POST /messages} request; completes with one {@link BatchResult} per spec,
     * in order. Spec: RSC22c, RSC22b. See {@link #batchPublish(BatchPublishSpec)}.
     *
     * @param specs the batch specs
     * @return a future completed, on the callback executor, with one batch result per spec, in order
     * @throws AblyException 40000 if {@code specs} is null or empty or holds null
     */
    public AblyFuture<List<BatchResult<BatchPublishResult>>> batchPublish(List<BatchPublishSpec> specs) {
        return batch.publish(specs);
    }

    /**
     * The members present on each of {@code channels}, in one {@code GET /presence} request. Spec: RSC24. Completes
     * with one result per channel, in order: a {@link BatchPresenceResult.Success} with the members, or a {@link
     * BatchPresenceResult.Failure} with the reason (for example 40160 without the subscribe capability). Presence data
     * is decoded without a cipher.
     *
     * @param channels the channel names
     * @return a future completed, on the callback executor, with one result per channel
     * @throws AblyException 40000 if {@code channels} is null or empty or holds null; 40010 for an empty name
     */
    public AblyFuture<BatchResult<BatchPresenceResult>> batchPresence(List<String> channels) {
        return batch.presence(channels);
    }

    /**
     * {@return the Ably service time, in milliseconds since the epoch: a {@code GET /time} request} Spec: RSC16. It
     * sends no credentials.
     *
     * <p>Fails with an {@link AblyException} whose {@link ErrorInfo} is the error Ably returned, {@code status * 100}
     * for a non-Ably error response, 80000/503 when no host could be reached, or 50003/504 when no host answered within
     * the request timeout.
     */
    public AblyFuture<Long> time() {
        return rest.deliver(http.execute(ServerTime.request()).thenApply(ServerTime::parse));
    }

    /**
     * Sends any request to Ably's REST API, with the client's authentication, host fallback and paging: for endpoints
     * this library has no method for. Spec: RSC19, RSC19b.
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
     * RSC6.
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

    /**
     * Releases the client. A REST client holds no connection and no threads, so this only marks the end of its use;
     * requests in progress complete.
     */
    @Override
    public void close() {
        // Nothing is held: the HTTP client and the threads are shared by all clients in the process.
    }
}

package io.ably4j.internal.rest;

import io.ably4j.ClientOptions;
import io.ably4j.internal.auth.AuthManager;
import io.ably4j.internal.auth.TokenSources;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.connection.HostPolicy;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.util.CallbackPool;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SerialExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What a REST client and a realtime client share, built the same way for both: the log, the runtime, the ordered
 * callback executor, the host policy, the HTTP requester, the authentication and the authenticated REST layer.
 *
 * @param log the client's log, named {@code [ably4j-N]}
 * @param runtime the threads, scheduler, transports and HTTP of the client
 * @param callbacks the client's ordered callback executor (on {@link ClientOptions#callbackExecutor()} or the
 *     library's callback pool)
 * @param hosts the client's host policy, shared by its HTTP requests and its realtime connection
 * @param http the unauthenticated requester
 * @param auth the client's authentication
 * @param rest the authenticated REST layer
 */
public record ClientServices(
        Log log,
        ClientRuntime runtime,
        SerialExecutor callbacks,
        HostPolicy hosts,
        HttpRequester http,
        AuthManager auth,
        RestCore rest) {
    private static final AtomicInteger IDS = new AtomicInteger();

    /**
     * Builds the services of a client with {@code options}.
     *
     * @param runtime an injected runtime (tests), or null for the shared one
     */
    public static ClientServices create(ClientOptions options, @Nullable ClientRuntime runtime) {
        Log log = new Log(options.logLevel(), options.logHandler(), "[ably4j-" + IDS.incrementAndGet() + "] ");
        ClientRuntime rt = runtime != null ? runtime : ClientRuntime.shared(options, log);
        Executor userExecutor = options.callbackExecutor();
        SerialExecutor callbacks = new SerialExecutor(userExecutor != null ? userExecutor : rt.callbackExecutor(), log);
        HostPolicy hosts = HostPolicy.of(options);
        HttpRequester http = new HttpRequester(options, hosts, rt, log);
        // The authCallback runs on the user's executor, but always entered from the library's callback pool: an
        // executor that runs tasks inline then runs it there, never on the state executor or an I/O thread.
        Executor pool = CallbackPool.neverInline(rt.callbackExecutor()); // an authCallback may block: never on I/O
        Executor authCallbacks = userExecutor == null
                ? pool
                : task -> pool.execute(() -> userExecutor.execute(task)); // unordered (AuthCallback)
        AuthManager auth = new AuthManager(
                options, TokenSources.create(http, rt, authCallbacks, options, log), rt.scheduler(), callbacks, log);
        RestCore rest = new RestCore(options, http, auth, callbacks, log);
        auth.setRevoker(new TokenRevocations(rest)::revoke); // RSA17
        log.info("Client created: " + options); // the options' toString shows no secret
        return new ClientServices(log, rt, callbacks, hosts, http, auth, rest);
    }
}

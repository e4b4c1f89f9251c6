package io.ably4j.internal.auth;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.util.Log;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** The production {@link AuthManager.TokenSource} of a client: a {@link TokenFetcher}. */
public final class TokenSources {
    private TokenSources() {}

    /**
     * The token source of a client.
     *
     * @param http the client's HTTP requests to Ably
     * @param runtime the client's runtime
     * @param callbacks runs the authCallback: a plain executor, not the client's ordered listener executor
     * @param options the client's options ({@code realtimeRequestTimeout} bounds the authCallback and authUrl)
     * @param log the client's log
     */
    public static AuthManager.TokenSource create(
            HttpRequester http, ClientRuntime runtime, Executor callbacks, ClientOptions options, Log log) {
        TokenFetcher fetcher = new TokenFetcher(http, runtime, callbacks, options.realtimeRequestTimeout(), log);
        return new AuthManager.TokenSource() {
            @Override
            public CompletableFuture<TokenDetails> fetch(AuthOptions o, TokenParams p, boolean explicitRequest) {
                return fetcher.fetch(
                        o, p, explicitRequest ? TokenFetcher.Purpose.REQUEST_TOKEN : TokenFetcher.Purpose.AUTHENTICATE);
            }

            @Override
            public CompletableFuture<TokenRequest> createTokenRequest(AuthOptions o, TokenParams p) {
                return fetcher.createTokenRequest(o, p);
            }

            @Override
            public @Nullable Long serverTimeOffset() {
                return fetcher.serverTimeOffset();
            }
        };
    }
}

package io.ably4j.internal.auth;

import io.ably4j.ClientOptions;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.types.AblyException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The production {@link AuthManager.TokenSource} of a client. */
public final class TokenSources {
    private TokenSources() {}

    /** TEMPORARY on branch m3 until TokenFetcher lands: every fetch fails. Replaced before merging to main. */
    public static AuthManager.TokenSource create(
            HttpRequester http, ClientRuntime runtime, Executor callbacks, ClientOptions options, Log log) {
        return new AuthManager.TokenSource() {
            @Override
            public CompletableFuture<io.ably4j.types.TokenDetails> fetch(
                    io.ably4j.AuthOptions o, io.ably4j.types.TokenParams p, boolean explicitRequest) {
                return CompletableFuture.failedFuture(new AblyException(Errors.badRequest("not yet")));
            }

            @Override
            public CompletableFuture<io.ably4j.types.TokenRequest> createTokenRequest(
                    io.ably4j.AuthOptions o, io.ably4j.types.TokenParams p) {
                return CompletableFuture.failedFuture(new AblyException(Errors.badRequest("not yet")));
            }
        };
    }
}

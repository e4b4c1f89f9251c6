package io.ably4j;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Obtains a token for the client, typically from your own server, which holds the API key. Spec: RSA8d. Return an Ably
 * token or a JWT ({@link Result#token(String)}), {@link TokenDetails} ({@link Result#of(TokenDetails)}), or a signed
 * {@link TokenRequest} ({@link Result#of(TokenRequest)}), which the client exchanges for a token with Ably.
 *
 * <p><b>Threading.</b> The client calls it on its callback executor ({@link ClientOptions#callbackExecutor()}), never
 * on an I/O thread or on the client's state executor, and not in order with listeners, so a blocking callback does not
 * delay them. It may block, or complete the returned stage later from another thread; either way the client waits at
 * most {@link ClientOptions#realtimeRequestTimeout()} (RSA4c). An exception, a null result or a stage that fails
 * makes the attempt fail with error 80019 (40170 for an explicit {@link Auth#requestToken}), whose cause is the
 * failure; a 403 from your server, given as an {@link io.ably4j.types.AblyException} with statusCode 403, fails the
 * connection (RSA4d).
 */
@FunctionalInterface
public interface AuthCallback {
    /**
     * Returns a token for {@code params}: the client's {@link AuthOptions#defaultTokenParams()}, or the params passed
     * to {@link Auth#authorize}, with the client id filled in when the client has one. Spec: RSA7d.
     *
     * @param params the token params to request the token with
     * @return a stage completed with the token, token details or token request; or completed exceptionally to fail
     * authentication
     * @throws Exception to fail authentication, as a stage completed exceptionally does
     */
    CompletionStage<Result> getToken(TokenParams params) throws Exception;

    /**
     * An {@link AuthCallback} from a synchronous function: {@code AuthCallback.blocking(params ->
     * Result.token(fetch()))}. The function may block (see the threading note above).
     *
     * @param callback the synchronous function
     * @return an {@link AuthCallback} that runs {@code callback} off the client's serial executor
     */
    static AuthCallback blocking(BlockingAuthCallback callback) {
        if (callback == null) {
            throw Errors.badArgument("callback must not be null");
        }
        return params -> CompletableFuture.completedFuture(callback.getToken(params));
    }

    /** The synchronous form; see {@link #blocking(BlockingAuthCallback)}. */
    @FunctionalInterface
    interface BlockingAuthCallback {
        /**
         * Returns a token for {@code params}, blocking as long as it needs; see {@link AuthCallback#getToken}.
         *
         *
         * @param params the token params to request the token with
         * @return the token, token details or token request
         * @throws Exception to fail authentication
         */
        Result getToken(TokenParams params) throws Exception;
    }

    /** What an {@link AuthCallback} returns: exactly one of a token string, TokenDetails or a TokenRequest. */
    final class Result {
        private final @Nullable String token;
        private final @Nullable TokenDetails tokenDetails;
        private final @Nullable TokenRequest tokenRequest;

        private Result(
                @Nullable String token, @Nullable TokenDetails tokenDetails, @Nullable TokenRequest tokenRequest) {
            this.token = token;
            this.tokenDetails = tokenDetails;
            this.tokenRequest = tokenRequest;
        }

        /**
         * An Ably token or a JWT, as a string. Spec: TN1, TN2.
         *
         * @param token the token string
         * @return the result
         * @throws io.ably4j.types.AblyException 40000 if it is null or empty
         */
        public static Result token(String token) {
            if (token == null || token.isEmpty()) {
                throw Errors.badArgument("token must not be null or empty");
            }
            return new Result(token, null, null);
        }

        /**
         * A token with its details (expiry, capability, client id).
         *
         * @param tokenDetails the token with its details
         * @return the result
         */
        public static Result of(TokenDetails tokenDetails) {
            if (tokenDetails == null) {
                throw Errors.badArgument("tokenDetails must not be null");
            }
            return new Result(null, tokenDetails, null);
        }

        /**
         * A signed token request, exchanged with Ably for a token. Spec: RSA8d.
         *
         * @param tokenRequest the signed token request
         * @return the result
         */
        public static Result of(TokenRequest tokenRequest) {
            if (tokenRequest == null) {
                throw Errors.badArgument("tokenRequest must not be null");
            }
            return new Result(null, null, tokenRequest);
        }

        /** {@return the token string, or null} */
        public @Nullable String token() {
            return token;
        }

        /** {@return the token details, or null} */
        public @Nullable TokenDetails tokenDetails() {
            return tokenDetails;
        }

        /** {@return the token request, or null} */
        public @Nullable TokenRequest tokenRequest() {
            return tokenRequest;
        }

        @Override
        public String toString() {
            return token != null
                    ? "Result{token}"
                    : tokenDetails != null ? "Result{tokenDetails}" : "Result{tokenRequest}";
        }
    }
}

package io.ably4j.rest;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Helpers of the REST auth tests: counting authCallbacks and token-auth clients on a {@link RestMock}. */
final class RestAuthSupport {
    /** The JSON body of a token response, as {@code /keys/.../requestToken} or an authUrl answers. */
    static final String TOKEN_JSON = "{\"token\":\"%s\",\"expires\":%d,\"keyName\":\"appId.keyId\"}";

    private RestAuthSupport() {}

    /** An authCallback that records its params and returns the {@code n}-th token (from 1). */
    static final class CountingCallback {
        final AtomicInteger calls = new AtomicInteger();
        final List<TokenParams> params = new CopyOnWriteArrayList<>();
        private final IntFunction<AuthCallback.Result> tokens;

        CountingCallback(IntFunction<AuthCallback.Result> tokens) {
            this.tokens = tokens;
        }

        AuthCallback callback() {
            return AuthCallback.blocking(p -> {
                params.add(p);
                return tokens.apply(calls.incrementAndGet());
            });
        }
    }

    /** A callback answering {@code prefix + n}, expiring an hour after the fake clock's now. */
    static CountingCallback numbered(RestMock m, String prefix) {
        return new CountingCallback(n -> AuthCallback.Result.of(
                TokenDetails.builder(prefix + n).expires(now(m) + 3_600_000L).build()));
    }

    /** The fake clock's time (UTS {@code now()}). */
    static long now(RestMock m) {
        return m.rt.scheduler.currentTimeMillis();
    }

    /** A token response body for {@code token}, expiring an hour from now. */
    static String tokenJson(RestMock m, String token) {
        return TOKEN_JSON.formatted(token, now(m) + 3_600_000L);
    }

    /** A client with only {@code callback} (no key). */
    static RestClient callbackClient(RestMock m, AuthCallback callback) {
        return client(m, AuthOptions.builder().authCallback(callback), b -> {});
    }

    /** A client with the auth options {@code auth} and the other options {@code options}. */
    static RestClient client(RestMock m, AuthOptions.Builder auth, Consumer<ClientOptions.Builder> options) {
        ClientOptions.Builder b = ClientOptions.builder().authOptions(auth.build());
        options.accept(b);
        return m.rt.restClient(b.build());
    }
}

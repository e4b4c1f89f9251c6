package io.ably4j.internal.auth;

import static io.ably4j.internal.auth.TokenFetcher.Purpose.AUTHENTICATE;
import static io.ably4j.internal.auth.TokenFetcher.Purpose.REQUEST_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.http.ResponseTooLargeException;
import io.ably4j.types.ErrorInfo;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RSA4f: the authUrl request asks the transport to stop reading a body over 128 KiB; a transport that stops fails the
 * fetch as an invalid token (40170, within 80019 when authenticating), not as a network error.
 */
@NullUnmarked // tests read nullable results on purpose
class AuthUrlBodyLimitTest {
    private final FetcherHarness h = new FetcherHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void transportStopsReading() {
        h.http.handler = call -> CompletableFuture.failedFuture(new ResponseTooLargeException(call.maxBodyBytes(), -1));
    }

    @Test
    void RSA4f_authUrlRequestLimitsTheBodyTo128KiB() {
        transportStopsReading();

        h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        assertThat(h.requestsTo(FetcherHarness.AUTH_HOST))
                .singleElement()
                .satisfies(call -> assertThat(call.maxBodyBytes()).isEqualTo(TokenFetcher.MAX_TOKEN_BYTES));
    }

    @Test
    void RSA4f_authUrlBodyOverTheLimit_whenAuthenticating_80019_causedBy40170() {
        transportStopsReading();

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        assertThat(e.code()).isEqualTo(80019);
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.cause()).isNotNull();
        assertThat(e.cause().code()).isEqualTo(40170);
        assertThat(e.cause().message()).contains("131072");
    }

    @Test
    void RSA4f_authUrlBodyOverTheLimit_whenRequestingAToken_40170() {
        transportStopsReading();

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), REQUEST_TOKEN));

        assertThat(e.code()).isEqualTo(40170);
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.message()).contains("131072");
    }
}

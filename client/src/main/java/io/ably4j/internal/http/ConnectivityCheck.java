package io.ably4j.internal.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The connectivity check (REC3, RTN17j): a GET of the connectivity check URL; the internet is up when it answers 2xx
 * with {@code yes} in its body.
 */
public final class ConnectivityCheck {
    private ConnectivityCheck() {}

    /** Completes with true if the internet is up, false otherwise (never exceptionally). */
    public static CompletableFuture<Boolean> isInternetUp(HttpTransport http, URI url, Duration timeout) {
        CompletableFuture<HttpResult> response;
        try {
            response = http.send(new HttpCall("GET", url, Map.of(), null, timeout));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(false);
        }
        return response.handle((r, failure) -> failure == null
                && r.status() >= 200
                && r.status() < 300
                && r.text().contains("yes"));
    }
}

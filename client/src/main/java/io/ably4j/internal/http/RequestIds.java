package io.ably4j.internal.http;

import io.ably4j.types.ErrorInfo;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Request ids (RSC7c): the {@code request_id} query parameter and its place in a failure's {@link ErrorInfo}. */
final class RequestIds {
    /** The query parameter that carries the id. */
    static final String PARAM = "request_id";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    /** A new id: 12 random bytes in url-safe base64, 16 characters without padding (RSC7c: at least 9 bytes). */
    static String next() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code error} with {@code requestId} as its request id and named in its message; unchanged when null. */
    static ErrorInfo mark(ErrorInfo error, @Nullable String requestId) {
        if (requestId == null || requestId.equals(error.requestId())) {
            return error;
        }
        return error.toBuilder()
                .requestId(requestId)
                .message(error.message() + " (request_id " + requestId + ")")
                .build();
    }
}

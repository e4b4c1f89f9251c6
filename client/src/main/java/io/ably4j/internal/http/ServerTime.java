package io.ably4j.internal.http;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Ably service time request (RSC16, RTC6a): {@code GET /time}, which needs no authentication, answered with a JSON
 * array holding one number, the milliseconds since the epoch. The request asks for JSON ({@code Accept:
 * application/json}) whatever {@code useBinaryProtocol} says: the body is one number, so msgpack saves nothing.
 */
public final class ServerTime {
    private ServerTime() {}

    /** The request: {@code GET /time}, JSON, no credentials. */
    public static RestRequest request() {
        return RestRequest.builder("GET", "/time")
                .header("Accept", "application/json")
                .build();
    }

    /**
     * The time in a {@code /time} response body, {@code [ms]}.
     *
     * @throws AblyException 50000/500 when the body is not a JSON array starting with an integer
     */
    public static long parse(HttpResult response) {
        Object value;
        try {
            value = Json.parse(response.text()).toValue();
        } catch (AblyException e) {
            throw invalid(response, e);
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Long ms) {
            return ms;
        }
        throw invalid(response, null);
    }

    private static AblyException invalid(HttpResult response, @Nullable Throwable cause) {
        String text = response.text();
        return new AblyException(
                ErrorInfo.of(
                        Errors.INTERNAL_ERROR,
                        500,
                        "Invalid /time response (expected [milliseconds]): "
                                + (text.length() > 80 ? text.substring(0, 80) + "..." : text)),
                cause);
    }
}

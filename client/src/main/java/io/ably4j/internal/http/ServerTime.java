package io.ably4j.internal.http;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.util.List;
import java.util.Locale;
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
     * The time in a {@code /time} response body, {@code [ms]}, read as JSON or msgpack by the response's {@code
     * Content-Type} (RSC8d); JSON when it names none.
     *
     * @throws AblyException 40013/400 for a Content-Type that is neither JSON nor msgpack (RSC8e); 50000/500 when the
     *     body is not an array starting with an integer
     */
    public static long parse(HttpResult response) {
        String type = response.header("Content-Type");
        WireFormat format = WireFormat.JSON;
        if (type != null) {
            String t = type.toLowerCase(Locale.ROOT);
            if (t.contains("msgpack")) {
                format = WireFormat.MSGPACK;
            } else if (!t.contains("json")) {
                throw new AblyException(ErrorInfo.of(
                        Errors.INVALID_DATA_OR_ENCODING, 400, "Unsupported Content-Type of /time response: " + type));
            }
        }
        Object value;
        try {
            value = ProtocolCodec.create(format).decodeJson(response.body()).toValue();
        } catch (RuntimeException e) {
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

package io.ably4j.internal.http;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ErrorInfo} of a failed HTTP exchange (RSC7, RSC15l), each with its code and status code stated here:
 *
 * <ul>
 *   <li>a response with an Ably error body ({@code {"error":{code, statusCode, message, href}}} in JSON, or the same
 *       in msgpack when the {@code Content-Type} says so): that error, with the HTTP status as its {@code statusCode}
 *       and {@code status * 100} as its {@code code} where the body has none;
 *   <li>any other error response (an HTML page from a proxy, an empty 5xx): {@code code} {@code status * 100} (50000
 *       for 500, 40400 for 404), or the {@code X-Ably-Errorcode} header's code when there is one, and {@code
 *       statusCode} the HTTP status; a status outside 400-599 gets code 50000;
 *   <li>no response because the host could not be resolved or reached, or the connection broke (RSC15l1): {@value
 *       #UNREACHABLE_CODE}/{@value #UNREACHABLE_STATUS}. 80000 is ably-common's "connection failed", the code the UTS
 *       expects for a network error (RSC19e); the status is 503 and not the 400 of a FAILED realtime connection
 *       ({@link Errors#connectionFailed}), because the failure is transient and a 4xx would tell callers the request
 *       itself was wrong;
 *   <li>no response within the request timeout (RSC15l2): {@value #TIMEOUT_CODE}/{@value #TIMEOUT_STATUS}, Ably's
 *       "timeout error" with the status {@link Errors#statusOf} gives it.
 * </ul>
 *
 * <p>When every host failed, the request fails with the last host's error (RSC15a): the features spec names no
 * separate code for "all hosts failed", and the last error is the most specific one there is.
 */
public final class HttpErrors {
    /** The code of a network failure: ably-common's "connection failed". */
    public static final int UNREACHABLE_CODE = Errors.CONNECTION_FAILED;
    /** The status code of a network failure. */
    public static final int UNREACHABLE_STATUS = 503;
    /** The code of a request timeout: ably-common's "timeout error". */
    public static final int TIMEOUT_CODE = Errors.TIMEOUT_ERROR;
    /** The status code of a request timeout. */
    public static final int TIMEOUT_STATUS = 504;

    private static final int MAX_SNIPPET = 160;

    private HttpErrors() {}

    /** The error a non-2xx {@code response} from {@code host} reports. */
    public static ErrorInfo fromResponse(HttpResult response, String host) {
        int status = response.status();
        ErrorInfo ably = ablyError(response);
        if (ably != null) {
            return ably.toBuilder()
                    .code(ably.code() != 0 ? ably.code() : defaultCode(response))
                    .statusCode(ably.statusCode() != 0 ? ably.statusCode() : status)
                    .message(ably.message().isEmpty() ? "HTTP " + status + " from " + host : ably.message())
                    .build();
        }
        String headerMessage = response.header("x-ably-errormessage");
        StringBuilder message = new StringBuilder();
        if (headerMessage != null && !headerMessage.isBlank()) {
            message.append(headerMessage);
        } else {
            message.append("HTTP ").append(status).append(" from ").append(host);
            String server = response.header("server");
            if (server != null) {
                message.append(" (Server: ").append(server).append(')');
            }
            String snippet = snippet(response);
            message.append(snippet.isEmpty() ? " with no Ably error in the body" : ": " + snippet);
        }
        return ErrorInfo.of(defaultCode(response), status, message.toString());
    }

    /** The error for an exchange that produced no response ({@code failure}, possibly wrapped) on {@code host}. */
    public static ErrorInfo fromFailure(Throwable failure, String host, Duration timeout) {
        Throwable t = Errors.unwrap(failure);
        if (t instanceof AblyException a) {
            return a.errorInfo();
        }
        if (t instanceof HttpTimeoutException) {
            return timeout(host, timeout);
        }
        if (t instanceof IOException) {
            String detail = t.getMessage();
            return ErrorInfo.of(
                    UNREACHABLE_CODE,
                    UNREACHABLE_STATUS,
                    "Network error: connection to " + host + " failed: "
                            + t.getClass().getSimpleName() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        }
        if (t instanceof IllegalArgumentException) { // e.g. a header the JDK HTTP client refuses
            return Errors.badRequest("Invalid HTTP request to " + host + ": " + t.getMessage());
        }
        return ErrorInfo.of(Errors.INTERNAL_ERROR, 500, "HTTP request to " + host + " failed: " + t);
    }

    /** The error for no response from {@code host} within {@code timeout} (RSC15l2). */
    public static ErrorInfo timeout(String host, Duration timeout) {
        return ErrorInfo.of(
                TIMEOUT_CODE,
                TIMEOUT_STATUS,
                "Timeout: no response from " + host + " within " + timeout.toMillis() + " ms");
    }

    /** Whether {@code failure} (possibly wrapped) is one that allows a fallback host (RSC15l1, RSC15l2). */
    public static boolean qualifiesForFallback(Throwable failure) {
        return Errors.unwrap(failure) instanceof IOException; // HttpTimeoutException is an IOException
    }

    private static @Nullable ErrorInfo ablyError(HttpResult response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return null;
        }
        String type = response.header("content-type");
        WireFormat format = type != null && type.toLowerCase(Locale.ROOT).contains("msgpack")
                ? WireFormat.MSGPACK
                : WireFormat.JSON;
        try {
            ErrorInfo e = ProtocolCodec.create(format).decodeError(body);
            // An object with none of the error fields (e.g. {"message2":...}) is not an Ably error.
            return e.code() == 0 && e.message().isEmpty() && e.statusCode() == 0 ? null : e;
        } catch (RuntimeException notAnAblyError) { // ProtocolDecodeException: HTML, plain text, {"error":"x"}...
            return null;
        }
    }

    private static int defaultCode(HttpResult response) {
        String header = response.header("x-ably-errorcode");
        if (header != null) {
            try {
                int code = Integer.parseInt(header.trim());
                if (code > 0) {
                    return code;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the status
            }
        }
        int status = response.status();
        return status >= 400 && status <= 599 ? status * 100 : Errors.INTERNAL_ERROR;
    }

    private static String snippet(HttpResult response) {
        String type = response.header("content-type");
        if (response.body().length == 0
                || (type != null
                        && !type.toLowerCase(Locale.ROOT).startsWith("text/")
                        && !type.toLowerCase(Locale.ROOT).contains("json"))) {
            return "";
        }
        String text = response.text().replaceAll("\\s+", " ").trim();
        return text.length() > MAX_SNIPPET ? text.substring(0, MAX_SNIPPET) + "..." : text;
    }
}
